// `vigil iocs …`: import, list, stats, match, scan, export, sources, remove.
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { asVigilError, color, formatCount, progressBar, UsageError } from '../../core/index.ts';
import {
  deleteSource, EXPORT_FORMATS, exportIndicators, IMPORT_FORMATS, importIndicatorFile, indicatorStats, INDICATOR_TYPES,
  isIndicatorType, listDropped, listSources, loadIndicators, loadMatchIndex, requireIndicators, scanFile,
  type ExportFormat, type FileImportReport, type ImportFormat, type IndicatorType, type Match, type QueryType,
} from '../../indicators/index.ts';
import { withStore } from '../../store/index.ts';
import { setExitCode } from '../exit.ts';
import { wholeNumber } from '../args.ts';
import { printJson, println, table } from '../output.ts';

function parseType(v: string | undefined): IndicatorType | undefined {
  if (v === undefined) return undefined;
  if (!isIndicatorType(v)) throw new UsageError(`unknown indicator type '${v}'`, { hint: `one of ${INDICATOR_TYPES.join(', ')}` });
  return v;
}

function parseChoice<T extends string>(v: string | undefined, choices: readonly T[], what: string): T | undefined {
  if (v === undefined) return undefined;
  if (!(choices as readonly string[]).includes(v)) throw new UsageError(`unknown ${what} '${v}'`, { hint: `one of ${choices.join(', ')}` });
  return v as T;
}

function printImport(r: FileImportReport): void {
  const types = Object.entries(r.byType).map(([t, n]) => `${n} ${t}`).join(', ');
  println(`${color.bold(r.file)} (${r.format}): imported ${r.imported} from ${r.sourceItems} source items${types ? ` — ${types}` : ''}`);
  if (r.collections.length > 0) println(`  collections: ${r.collections.join(', ')}`);
  println(`  dropped: ${r.dropped.length}`);
  for (const d of r.dropped.slice(0, 20)) println(`    ${d.location}: ${JSON.stringify(d.original.slice(0, 100))} — ${d.reason}`);
  if (r.dropped.length > 20) println(`    … ${r.dropped.length - 20} more (vigil iocs sources --dropped ${r.file})`);
  println(`  suppressed by warninglists: ${r.suppressed.length}`);
  for (const s of r.suppressed.slice(0, 10)) println(`    ${s.type} ${s.value} — ${s.warninglist}`);
}

export function describeMatch(m: Match): string {
  const i = m.indicator;
  const how = m.how === 'exact' ? '' : ` via ${m.how}`;
  const flags = [m.partial ? color.yellow('partial: pattern has further terms') : '', m.suppressed ? color.dim(`suppressed by "${m.suppressed.warninglist}"`) : '']
    .filter(Boolean)
    .join('; ');
  return `${m.observed} matches ${i.type} ${i.match === 'exact' ? '' : `${i.match} `}${i.value}${how} [${i.collection}] ${i.source} ${i.location}${flags ? ` — ${flags}` : ''}`;
}

function matchJson(m: Match) {
  return { observed: m.observed, observedType: m.observedType, how: m.how, partial: m.partial, suppressed: m.suppressed ?? null, indicator: m.indicator };
}

export function registerIocs(program: Command): void {
  const iocs = program.command('iocs').description('threat indicators: import, match, scan, export');

  iocs
    .command('import')
    .description('import indicator files (STIX 2.1, MISP JSON, Zeek intel, plain lists); one transaction per file')
    .argument('<file...>', 'indicator files')
    .option('--format <format>', `force the format (${IMPORT_FORMATS.join('|')}); detected from content otherwise`)
    .option('--type <type>', 'type of every value of a plain list (e.g. process, file_name, domain)')
    .option('--collection <name>', 'collection for plain lists and Zeek files (default: the file name)')
    .option('--include-non-ids', 'MISP: also import attributes whose to_ids flag is off')
    .option('--json', 'machine-readable output')
    .action(async (files: string[], o) => {
      const format = parseChoice<ImportFormat>(o.format, IMPORT_FORMATS, 'format');
      const type = parseType(o.type);
      const reports: (FileImportReport | { file: string; error: string })[] = [];
      await withStore(async (store) => {
        for (const file of files) {
          try {
            const r = await importIndicatorFile(store, file, { format, type, collection: o.collection, includeNonIds: o.includeNonIds });
            reports.push(r);
            if (!o.json) printImport(r);
          } catch (e) {
            // One bad file must not stop the others; it wrote nothing (its transaction rolled back).
            const msg = asVigilError(e).oneLine();
            reports.push({ file, error: msg });
            if (!o.json) process.stderr.write(`${color.red('vigil: error')} ${file}: ${msg}\n`);
            setExitCode(1);
          }
        }
      });
      if (o.json) printJson(reports);
    });

  iocs
    .command('list')
    .description('list stored indicators with their provenance')
    .option('--type <type>', 'only this type')
    .option('--collection <name>', 'only this collection')
    .option('--source <file>', 'only indicators from this file')
    .option('--limit <n>', 'at most n rows (0: all)', '100')
    .option('--json', 'machine-readable output')
    .action(async (o) => {
      const type = parseType(o.type);
      const limit = wholeNumber(o.limit, '--limit');
      const recs = await withStore((s) => loadIndicators(s, { type, collection: o.collection, source: o.source }));
      const shown = limit === 0 ? recs : recs.slice(0, limit);
      if (o.json) return printJson(shown);
      println(table(shown.map((r) => [r.type, r.match, r.value, r.collection, r.source, r.location]), ['type', 'match', 'value', 'collection', 'source', 'location']));
      if (shown.length < recs.length) println(color.dim(`… ${recs.length - shown.length} more (--limit 0 for all)`));
    });

  iocs
    .command('stats')
    .description('counts by collection and type, sources and warninglists')
    .option('--json', 'machine-readable output')
    .action(async (o) => {
      const st = await withStore(indicatorStats);
      if (o.json) return printJson(st);
      println(`${color.bold(String(st.total))} indicators`);
      println(table(Object.entries(st.byType).map(([t, n]) => [t, n]), ['type', 'count']));
      println();
      for (const [c, types] of Object.entries(st.byCollection)) {
        println(`${c}: ${Object.entries(types).map(([t, n]) => `${n} ${t}`).join(', ')}`);
      }
      println();
      println(table(st.sources.map((s) => [s.name, s.format, s.indicators, s.dropped, new Date(s.imported_at).toISOString()]), ['source', 'format', 'indicators', 'dropped', 'imported']));
      println();
      println(`warninglists: ${st.warninglists.map((w) => `${w.name} (${w.type}, ${w.entries}${w.builtin ? ', built in' : ''})`).join('; ')}`);
    });

  iocs
    .command('sources')
    .description('imported files; with --dropped FILE, the indicators dropped from it and why')
    .option('--dropped <file>', 'list what was dropped from this file')
    .option('--json', 'machine-readable output')
    .action(async (o) => {
      await withStore(async (s) => {
        if (o.dropped) {
          const rows = await listDropped(s, path.resolve(o.dropped));
          if (o.json) return printJson(rows);
          println(table(rows.map((d) => [d.location, d.original.slice(0, 80), d.reason]), ['location', 'value', 'reason']));
          return;
        }
        const rows = await listSources(s);
        if (o.json) return printJson(rows);
        println(table(rows.map((r) => [r.name, r.format, r.indicators, r.dropped, r.sha256.slice(0, 12), r.path]), ['source', 'format', 'indicators', 'dropped', 'sha256', 'path']));
      });
    });

  iocs
    .command('remove')
    .description('remove an imported file and all its indicators')
    .argument('<source>', 'file name or path as imported')
    .action(async (source: string) => {
      const n = await withStore((s) => deleteSource(s, fs.existsSync(source) ? path.resolve(source) : source));
      if (n === 0) throw new UsageError(`no imported source named '${source}'`, { hint: 'see vigil iocs sources' });
      println(`removed ${source}`);
    });

  iocs
    .command('match')
    .description('check values against the indicators (domains up to their parents, IPs in networks, …)')
    .argument('<value...>', 'values to check')
    .option('--type <type>', 'type of the values (hash, cert, or an indicator type); guessed otherwise')
    .option('--iocs <file...>', 'match against these indicator files instead of the store')
    .option('--no-warninglists', 'do not suppress known-benign values')
    .option('--json', 'machine-readable output')
    .action(async (values: string[], o) => {
      const type = (o.type === 'hash' || o.type === 'cert' ? o.type : parseType(o.type) ?? 'auto') as QueryType;
      const index = await withStore((s) => loadMatchIndex(s, { noWarninglists: !o.warninglists, files: o.iocs }));
      requireIndicators(index.size, o.iocs);
      const results = values.map((v) => ({ value: v, matches: index.match(v, type) }));
      if (results.some((r) => r.matches.some((m) => !m.suppressed))) setExitCode(1);
      if (o.json) return printJson(results.map((r) => ({ value: r.value, matches: r.matches.map(matchJson) })));
      for (const r of results) {
        if (r.matches.length === 0) println(`${r.value}: ${color.green('no match')}`);
        for (const m of r.matches) println(`${r.value}: ${m.suppressed ? '' : color.red('MATCH ')}${describeMatch(m)}`);
      }
    });

  iocs
    .command('scan')
    .description('check every line of a text or log file for domains, URLs, IPs and emails in the indicators')
    .argument('<file>', 'text or log file')
    .option('--iocs <file...>', 'match against these indicator files instead of the store')
    .option('--no-warninglists', 'do not suppress known-benign values')
    .option('--json', 'machine-readable output')
    .action(async (file: string, o) => {
      const index = await withStore((s) => loadMatchIndex(s, { noWarninglists: !o.warninglists, files: o.iocs }));
      requireIndicators(index.size, o.iocs);
      const size = fs.existsSync(file) ? fs.statSync(file).size : 0;
      const bar = progressBar('scanning', size, 'B');
      const summary = scanFile(file, index, { onProgress: (done) => bar.update(done) });
      bar.finish();
      if (summary.matchedLines > 0) setExitCode(1);
      if (o.json) return printJson({ ...summary, hits: summary.hits.map((h) => ({ ...h, matches: h.matches.map(matchJson) })) });
      for (const h of summary.hits) {
        println(`${color.bold(`${file}:${h.line}`)}: ${h.text}`);
        for (const m of h.matches) println(`    ${m.suppressed ? '' : color.red('MATCH ')}${describeMatch(m)}`);
      }
      println(`${formatCount(summary.lines)} lines, ${formatCount(summary.bytes)}B scanned against ${index.size} indicators: ${summary.matchedLines} matching lines`);
    });

  iocs
    .command('export')
    .description('write the stored indicators as STIX 2.1, MISP JSON, Zeek intel or a plain list')
    .requiredOption('--format <format>', EXPORT_FORMATS.join('|'))
    .option('--out <file>', 'write here instead of standard output')
    .option('--type <type>', 'only this type')
    .option('--collection <name>', 'only this collection')
    .action(async (o) => {
      const format = parseChoice<ExportFormat>(o.format, EXPORT_FORMATS, 'format')!;
      const recs = await withStore((s) => loadIndicators(s, { type: parseType(o.type), collection: o.collection }));
      const r = exportIndicators(recs, format);
      if (o.out) fs.writeFileSync(o.out, r.text);
      else process.stdout.write(r.text);
      process.stderr.write(`exported ${r.exported} indicators as ${format}${r.skipped.length ? `; skipped ${r.skipped.length} the format cannot hold` : ''}\n`);
      for (const s of r.skipped.slice(0, 10)) process.stderr.write(`  skipped ${s.type} ${s.value}: ${s.reason}\n`);
    });
}
