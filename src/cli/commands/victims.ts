// `vigil victims …` and `vigil case list`: the people a campaign targeted, their sectors, counts.
import type { Command } from 'commander';
import { annotateVictims, audit, auditEntries, importVictims, listCases, listVictims, openVault, operatorName, victimNumber, victimStats, setVictimLanguage, findCase } from '../../cases/index.ts';
import { color, loadConfig, UsageError } from '../../core/index.ts';
import { withStore } from '../../store/index.ts';
import { setExitCode } from '../exit.ts';
import { printJson, println, table } from '../output.ts';

function printRejected(rejected: { line: number; reason: string }[]): void {
  if (rejected.length > 0) setExitCode(1);
  for (const r of rejected.slice(0, 20)) println(color.yellow(`  line ${r.line}: ${r.reason}`));
  if (rejected.length > 20) println(color.yellow(`  … ${rejected.length - 20} more`));
}

export function registerVictims(program: Command): void {
  const v = program.command('victims').description('victims of a case: import, annotate sectors, list, statistics (PII encrypted at rest)');

  v.command('import')
    .description('add victims from a CSV (columns: number; optional country, first_targeted, last_targeted, language, sector, name, organisation)')
    .option('--as <name>', 'who is doing this, for the audit log (default: VIGIL_OPERATOR or the login name)')
    .argument('<file>', 'CSV file')
    .requiredOption('--case <name>', 'case (created if new)')
    .option('--json', 'machine-readable output')
    .action(async (file: string, o) => {
      const r = await withStore(async (s) => {
        const res = await importVictims(s, await openVault(s, loadConfig()), o.case, file);
        await audit(s, operatorName(o.as), 'victims.import', o.case, { file, accepted: res.accepted, rejected: res.rejected.length });
        return res;
      });
      if (o.json) return printJson(r);
      println(`${r.accepted} victims imported into ${o.case}; ${r.rejected.length} rows rejected`);
      printRejected(r.rejected);
    });

  v.command('annotate')
    .description('label sectors from an investigator roster (columns: number, sector; optional name, organisation)')
    .option('--as <name>', 'who is doing this, for the audit log (default: VIGIL_OPERATOR or the login name)')
    .requiredOption('--case <name>', 'case name')
    .requiredOption('--roster <file>', 'roster CSV')
    .option('--json', 'machine-readable output')
    .action(async (o) => {
      const r = await withStore(async (s) => {
        const res = await annotateVictims(s, await openVault(s, loadConfig()), o.case, o.roster);
        await audit(s, operatorName(o.as), 'victims.annotate', o.case, { roster: o.roster, labelled: res.accepted });
        return res;
      });
      if (o.json) return printJson(r);
      println(`${r.accepted} victims labelled; ${r.notVictims} roster numbers are not victims of ${o.case}; ${r.rejected.length} rows rejected`);
      printRejected(r.rejected);
    });

  v.command('list')
    .description('victims with country, region, language, sector and when they were targeted')
    .option('--as <name>', 'who is doing this, for the audit log (default: VIGIL_OPERATOR or the login name)')
    .requiredOption('--case <name>', 'case name')
    .option('--reveal', 'numbers, names and organisations in clear (redacted otherwise)')
    .option('--json', 'machine-readable output')
    .action(async (o) => {
      const list = await withStore(async (s) => {
        const res = await listVictims(s, await openVault(s, loadConfig()), o.case, Boolean(o.reveal));
        if (o.reveal) await audit(s, operatorName(o.as), 'victims.reveal', o.case, { victims: res.length });
        return res;
      });
      if (o.json) return printJson(list);
      println(table(list.map((x) => [x.account, x.country ?? '?', x.region ?? '', x.language, x.sector, x.name ?? '', x.organisation ?? '', x.firstTargeted ?? '', x.calls]), ['number', 'cc', 'region', 'lang', 'sector', 'name', 'organisation', 'first targeted', 'calls']));
      println(`${list.length} victims${o.reveal ? '' : ' (redacted; --reveal shows them in clear)'}`);
    });

  v.command('stats')
    .description('counts by country × sector and by day, and the headline numbers (needs no key: no PII is read)')
    .requiredOption('--case <name>', 'case name')
    .option('--json', 'machine-readable output')
    .action(async (o) => {
      const st = await withStore((s) => victimStats(s, o.case));
      if (o.json) return printJson(st);
      const h = st.headline;
      println(`${color.bold(String(h.victims))} victims in ${h.countries} countries; ${h.officials} officials (${(h.officialsShare * 100).toFixed(1)}%), ${h.civilSociety} from civil society (journalists, human-rights defenders, civil society); ${h.labelled} labelled`);
      const sectors = ['government', 'military', 'journalist', 'human-rights', 'civil-society', 'business', 'other', 'unknown'];
      println(table(Object.entries(st.byCountry).map(([c, n]) => [c, ...sectors.map((x) => st.byCountrySector[c]?.[x] ?? 0), n]), ['country', ...sectors, 'total']));
      println('\nfirst targeted, by day');
      println(table(Object.entries(st.byDay).map(([d, n]) => [d, n, '#'.repeat(Math.ceil((n / Math.max(...Object.values(st.byDay)) * 40)))]), ['day', 'victims', '']));
    });

  v.command('set-language')
    .description('override the language a victim is warned in (default: the country\'s)')
    .option('--as <name>', 'who is doing this, for the audit log (default: VIGIL_OPERATOR or the login name)')
    .requiredOption('--case <name>', 'case name')
    .argument('<number>', 'victim number (E.164)')
    .argument('<language>', 'BCP 47 language code, e.g. es, ar, fr')
    .action(async (raw: string, lang: string, o) => {
      const number = victimNumber(raw);
      if (!number) throw new UsageError('not a phone number with a country code');
      if (!/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(lang)) throw new UsageError(`'${lang}' is not a language code`);
      const ok = await withStore(async (s) => {
        const c = await findCase(s, o.case);
        if (!c) throw new UsageError(`no case named '${o.case}'`);
        const vault = await openVault(s, loadConfig());
        const ok = await setVictimLanguage(s, c.id, vault.hash('account', number), lang);
        if (ok) await audit(s, operatorName(o.as), 'victims.set-language', o.case, { language: lang });
        return ok;
      });
      if (!ok) throw new UsageError(`that number is not a victim of ${o.case}`);
      println(`language set to ${lang}`);
    });

  program
    .command('audit')
    .description('the append-only audit log: PII reads in clear and warning actions')
    .command('list')
    .description('who revealed victims or acted on warnings, when (newest first)')
    .option('--case <name>', 'only this case')
    .option('--limit <n>', 'at most n entries', '200')
    .option('--json', 'machine-readable output')
    .action(async (o) => {
      const rows = await withStore((s) => auditEntries(s, o.case, Number(o.limit) || 200));
      if (o.json) return printJson(rows);
      println(table(rows.map((r) => [new Date(r.at).toISOString(), r.actor, r.action, r.case_name ?? '', JSON.stringify(r.details)]), ['when', 'who', 'what', 'case', 'details']));
    });

  program
    .command('case')
    .description('cases (one per campaign)')
    .command('list')
    .description('cases with their hunts and victims')
    .option('--json', 'machine-readable output')
    .action(async (o) => {
      const rows = await withStore(listCases);
      if (o.json) return printJson(rows);
      println(table(rows.map((r) => [r.name, r.hunts, r.victims, new Date(r.created_at).toISOString()]), ['case', 'hunts', 'victims', 'created']));
    });
}
