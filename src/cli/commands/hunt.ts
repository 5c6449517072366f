// `vigil hunt …`: run rules and indicators over data into a case; report; score against truth.
import type { Command } from 'commander';
import { audit, openVault, operatorName, redact } from '../../cases/index.ts';
import { color, loadConfig, parseUtc, progressBar, UsageError } from '../../core/index.ts';
import { huntReport, huntScore, runHunt } from '../../hunt/index.ts';
import { withStore } from '../../store/index.ts';
import { printJson, println, table } from '../output.ts';

function parseWindow(v: string | undefined): { start: string; end: string } | undefined {
  if (!v) return undefined;
  const [a, b] = v.split('..');
  const s = parseUtc(a);
  const e = parseUtc(b ?? '');
  if (Number.isNaN(s) || Number.isNaN(e) || e < s) throw new UsageError('--window takes START..END in RFC 3339, e.g. 2019-04-29T00:00:00Z..2019-05-10T23:59:59Z');
  return { start: new Date(s).toISOString(), end: new Date(e).toISOString() };
}

export function registerHunt(program: Command): void {
  const h = program.command('hunt').description('hunt: Sigma rules and indicators over call telemetry and Zeek logs');

  h.command('run')
    .description('run the rules over the data (files, folders, globs) and store detections, attackers and targets in the case')
    .requiredOption('--rules <path...>', 'Sigma rule files or folders')
    .requiredOption('--data <path...>', 'Parquet/JSONL/CSV (gzip too) telemetry or Zeek logs')
    .requiredOption('--case <name>', 'case to store the results in (created if new)')
    .option('--iocs <file...>', 'indicator files to use besides the store')
    .option('--window <start..end>', 'campaign window for targets (default: from the first exploit signature minus 7 days to the last plus 1)')
    .option('--json', 'machine-readable output')
    .action(async (o) => {
      let bar: ReturnType<typeof progressBar> | undefined;
      const summary = await withStore((s) =>
        runHunt(s, {
          caseName: o.case, rules: o.rules, data: o.data, iocs: o.iocs, window: parseWindow(o.window),
          onStep: (step, done, total) => {
            bar ??= progressBar('hunting', Math.max(total, 1), ' rules');
            bar.update(done);
            void step;
          },
        }),
      );
      bar?.finish();
      if (o.json) return printJson(summary);
      println(`case ${color.bold(summary.caseName)}: ${summary.files} files, ${Object.entries(summary.rows).map(([k, n]) => `${n} ${k} records`).join(', ')}${summary.ruleRows !== undefined ? ` (the rules read ${summary.ruleRows} call_telemetry records)` : ''}`);
      if (summary.rejectedTotal > 0) {
        println(color.yellow(`${summary.rejectedTotal} malformed records skipped:`));
        for (const r of summary.rejected.slice(0, 10)) println(`  ${r.file}:${r.line}: ${r.reason}`);
      }
      println(table(summary.queries.map((q) => [q.name, q.kind, q.level, q.matches, `${q.ms} ms`]), ['rule', 'kind', 'level', 'matches', 'time']));
      for (const s of summary.skipped) println(color.dim(`skipped ${s.name}: ${s.reason}`));
      println(`attackers: ${summary.attackers}, targets: ${summary.targets}${summary.window ? ` (window ${summary.window.start} – ${summary.window.end})` : ''}, in ${(summary.ms / 1000).toFixed(1)} s`);
    });

  h.command('report')
    .description('attackers, targets by country, first and last seen, top rules of the case')
    .requiredOption('--case <name>', 'case name')
    .option('--reveal', 'show victims\' numbers in clear (redacted otherwise; recorded in the audit log)')
    .option('--as <name>', 'who is reading, for the audit log')
    .option('--json', 'machine-readable output (includes every target with its evidence)')
    .action(async (o) => {
      const r = await withStore(async (s) => {
        const res = await huntReport(s, o.case, await openVault(s, loadConfig()), Boolean(o.reveal));
        if (o.reveal) await audit(s, operatorName(o.as), 'hunt.report.reveal', o.case, { targets: res.targets.total });
        return res;
      });
      if (o.json) return printJson(r);
      println(`case ${color.bold(r.case)} — hunt ${r.hunt.id} finished ${r.hunt.finishedAt}`);
      println(`window: ${r.hunt.window.start} – ${r.hunt.window.end}`);
      println(`\n${color.bold(String(r.attackers.length))} attacker accounts`);
      println(table(r.attackers.map((a) => [a.account, a.country ?? '?', a.calls, String((a.evidence as { reason?: string }).reason ?? ''), a.firstSeen ?? '', a.lastSeen ?? '']), ['account', 'cc', 'calls', 'why', 'first seen', 'last seen']));
      println(`\n${color.bold(String(r.targets.total))} targets in ${Object.keys(r.targets.byCountry).length} countries (${r.targets.probeOnly} probed only), ${r.targets.firstSeen} – ${r.targets.lastSeen}`);
      println(table(Object.entries(r.targets.byCountry).map(([c, n]) => [c, n]), ['country', 'targets']));
      if (r.hosts.length > 0) {
        println(`\n${color.bold(String(r.hosts.length))} internal hosts reached indicator infrastructure`);
        println(table(r.hosts.map((x) => [x.host, x.detections, x.rules.join(', '), x.firstSeen, x.lastSeen]), ['host', 'detections', 'rules', 'first seen', 'last seen']));
      }
      println('\ntop rules');
      println(table(r.rules.map((x) => [x.rule_name, x.level, x.n, x.actors]), ['rule', 'level', 'detections', 'actors']));
    });

  h.command('score')
    .description('precision and recall of the case\'s targets and attackers against a generator\'s truth.json')
    .requiredOption('--case <name>', 'case name')
    .requiredOption('--truth <file>', 'truth.json written by vigil telemetry generate')
    .option('--reveal', 'list false and missed targets in clear (redacted otherwise; recorded in the audit log)')
    .option('--as <name>', 'who is reading, for the audit log')
    .option('--json', 'machine-readable output')
    .action(async (o) => {
      const r = await withStore(async (s) => {
        const res = await huntScore(s, o.case, o.truth, await openVault(s, loadConfig()));
        if (o.reveal) await audit(s, operatorName(o.as), 'hunt.score.reveal', o.case, { truth: o.truth });
        return res;
      });
      if (!o.reveal) for (const v of [r.targets]) (v.falsePositives = v.falsePositives.map((x) => redact(x))), (v.falseNegatives = v.falseNegatives.map((x) => redact(x)));
      if (o.json) return printJson(r);
      for (const [k, v] of Object.entries(r)) {
        println(`${k.padEnd(9)} precision ${v.precision.toFixed(4)}  recall ${v.recall.toFixed(4)}  (${v.truePositives} right, ${v.falsePositives.length} false, ${v.falseNegatives.length} missed)`);
      }
    });
}
