// `vigil demo run`: the main job on the embedded store. Imports the bundled Amnesty indicators,
// generates a month of call telemetry with the planted 2019 campaign and an office's Zeek logs,
// hunts both with the shipped rule packs, and prints who was targeted and how well the hunt did.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import crypto from 'node:crypto';
import { annotateVictims, audit, openVault, storeDeviceCheck, victimStats } from '../../cases/index.ts';
import { MODULES, openBackup, runDeviceCheck, synthesize } from '../../device/index.ts';
import { loadMatchIndex } from '../../indicators/index.ts';
import { approve, createPlan, dispatch, planStatus, smtpChannel, webhookChannel } from '../../notify/index.ts';
import { writeReport } from '../../console/index.ts';
import { startDemoSinks, writeDemoRoster } from './demo-sinks.ts';
import { color, loadConfig, progressBar, UsageError } from '../../core/index.ts';
import { huntReport, huntScore, runHunt } from '../../hunt/index.ts';
import { BUNDLED_IOCS_DIR, importIndicatorFile, indicatorStats } from '../../indicators/index.ts';
import { withStore } from '../../store/index.ts';
import { generateTelemetry, generateZeek } from '../../telemetry/index.ts';
import { println, table } from '../output.ts';

export const DEMO_IOC_FILES = ['amnesty-pegasus-2021/pegasus.stix2', 'amnesty-cytrox-2021/cytrox.stix2'];
const RULES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../rules');
export const DEMO_CASE = 'cve-2019-3568';

/** What a demo writes in its home; a folder holding only these (or the mark) is a demo's own. */
const DEMO_MARK = '.vigil-demo-home';
const DEMO_ENTRIES = new Set([DEMO_MARK, 'db', 'data', 'key', 'device-check', 'report', 'outbox']);

/**
 * Every run starts from an empty home, so a second run shows what the first did (a kept store
 * would have nothing left to warn, and the phone backup would already exist). Only a folder the
 * demo made is emptied: anything else there is refused, never deleted.
 */
function freshDemoHome(home: string): boolean {
  const entries = fs.existsSync(home) ? fs.readdirSync(home) : [];
  const foreign = entries.filter((e) => !DEMO_ENTRIES.has(e));
  if (foreign.length > 0) throw new UsageError(`${home} is not a demo's folder (it holds ${foreign.slice(0, 3).join(', ')})`, { hint: 'give --home a new or empty folder' });
  for (const e of entries) fs.rmSync(path.join(home, e), { recursive: true, force: true });
  fs.mkdirSync(home, { recursive: true });
  fs.writeFileSync(path.join(home, DEMO_MARK), 'vigil demo state: `vigil demo run` empties this folder when it starts\n');
  return entries.length > 0;
}

export function registerDemo(program: Command): void {
  const demo = program.command('demo').description('the demo campaign, end to end, on the embedded store');
  demo
    .command('run')
    .description('import indicators, generate telemetry and Zeek logs with a planted campaign, hunt, report')
    .option('--home <dir>', 'state folder for the demo', '.vigil-demo')
    .option('--events <n>', 'call telemetry events to generate', '1000000')
    .option('--seed <n>', 'random seed', '2019')
    .action(async (o) => {
      const home = path.resolve(o.home);
      const rerun = freshDemoHome(home);
      const config = { ...loadConfig(), home, databaseUrl: undefined };
      const dataDir = path.join(home, 'data');
      println(`vigil demo — state in ${home} (embedded PGlite store, DuckDB for hunts)${rerun ? '; the last run\'s state was cleared' : ''}`);
      println('Indicators: Amnesty International Security Lab, github.com/AmnestyTech/investigations (CC BY)\n');
      await withStore(async (store) => {
        println(color.bold('1. Indicators'));
        for (const f of DEMO_IOC_FILES) {
          const r = await importIndicatorFile(store, path.join(BUNDLED_IOCS_DIR, f));
          println(`   ${f}: ${r.imported} imported (${Object.entries(r.byType).map(([t, n]) => `${n} ${t}`).join(', ')}), ${r.dropped.length} dropped, ${r.suppressed.length} suppressed`);
        }

        println(color.bold('\n2. Telemetry'));
        const events = Number(o.events);
        const bar = progressBar('   generating', events, ' events');
        const gen = await generateTelemetry({ out: path.join(dataDir, 'calls'), events, seed: Number(o.seed), format: 'parquet', onProgress: (n) => bar.update(n) });
        bar.finish();
        println(`   ${gen.events} call-signaling events of ${gen.accounts} accounts, 2019-04-15 – 2019-05-24 → ${path.relative(process.cwd(), gen.dataFile)}`);
        const zeek = await generateZeek({ out: path.join(dataDir, 'office-zeek'), seed: Number(o.seed), hosts: 200, days: 3, format: 'tsv' });
        println(`   Zeek logs of an office network (${Object.values(zeek.lines).reduce((a, b) => a + b, 0)} lines) → ${path.relative(process.cwd(), path.join(dataDir, 'office-zeek'))}`);
        const campaignIocs = await importIndicatorFile(store, gen.iocFile);
        println(`   the investigators' campaign indicators: ${campaignIocs.imported} (${Object.entries(campaignIocs.byType).map(([t, n]) => `${n} ${t}`).join(', ')})`);

        println(color.bold('\n3. Hunt'));
        const vault = await openVault(store, config);
        const summary = await runHunt(store, { caseName: DEMO_CASE, rules: [RULES], data: [gen.dataFile, path.join(dataDir, 'office-zeek')], vault });
        println(table(summary.queries.map((q) => [q.name, q.level, q.matches, `${q.ms} ms`]), ['rule', 'level', 'matches', 'time']).replace(/^/gm, '   '));
        println(`   hunted ${Object.entries(summary.rows).map(([k, n]) => `${n} ${k}`).join(', ')} in ${(summary.ms / 1000).toFixed(1)} s`);

        const report = await huntReport(store, DEMO_CASE, vault);
        println(color.bold('\n4. Campaign'));
        println(`   ${report.attackers.length} attacker accounts; ${report.targets.total} targeted accounts in ${Object.keys(report.targets.byCountry).length} countries (${report.targets.probeOnly} probed only)`);
        println(`   ${Object.entries(report.targets.byCountry).map(([c, n]) => `${c} ${n}`).join(', ')}`);
        println(`   ${report.hosts.length} office hosts reached Pegasus infrastructure: ${report.hosts.map((h) => h.host).join(', ')}`);
        const score = await huntScore(store, DEMO_CASE, gen.truthFile, vault);
        println(`   against the generator's truth: targets precision ${score.targets.precision.toFixed(4)} recall ${score.targets.recall.toFixed(4)}; attackers precision ${score.attackers.precision.toFixed(4)} recall ${score.attackers.recall.toFixed(4)}`);

        println(color.bold('\n5. Victims'));
        const roster = writeDemoRoster(path.join(dataDir, 'roster.csv'), gen.truth.targets, Number(o.seed));
        const ann = await annotateVictims(store, vault, DEMO_CASE, roster);
        const vs = await victimStats(store, DEMO_CASE);
        const h = vs.headline;
        println(`   investigators' roster labelled ${ann.accepted} victims (with emails for some)`);
        println(`   ${h.victims} victims in ${h.countries} countries; ${h.officials} officials (${(h.officialsShare * 100).toFixed(1)}%); ${h.civilSociety} from civil society; ${h.victims - h.labelled} not yet labelled`);
        println(`   victims' numbers, names and organisations are encrypted at rest (key: ${path.relative(process.cwd(), path.join(home, 'key'))})`);

        println(color.bold('\n6. Warnings'));
        const sinks = await startDemoSinks(path.join(home, 'outbox'));
        try {
          const plan = await createPlan(store, DEMO_CASE, ['inapp', 'sms', 'smtp'], 'analyst-ana');
          await audit(store, 'analyst-ana', 'notify.plan', DEMO_CASE, { plan: plan.planId, queued: plan.queued });
          println(`   plan ${plan.planId} by analyst-ana: ${Object.entries(plan.queued).map(([c, n]) => `${n} ${c}`).join(', ')}; languages ${Object.keys(plan.byChannelLanguage.inapp ?? {}).join(', ')}`);
          await approve(store, plan.planId, 'lead-lina');
          await audit(store, 'lead-lina', 'notify.approve', DEMO_CASE, { plan: plan.planId });
          await audit(store, 'lead-lina', 'notify.send', DEMO_CASE, { plan: plan.planId });
          println('   approved by lead-lina (the planner cannot approve her own plan)');
          const channels = {
            inapp: webhookChannel('inapp', { url: sinks.inappUrl, secret: sinks.secret }),
            sms: webhookChannel('sms', { url: sinks.smsUrl, secret: sinks.secret }),
            smtp: smtpChannel({ url: sinks.smtpUrl, from: 'security-warnings@demo.invalid' }),
          };
          const sent = await dispatch(store, { planId: plan.planId, channels, vault, caseName: DEMO_CASE, concurrency: 32 });
          await channels.smtp.close();
          const st = await planStatus(store, plan.planId);
          println(`   sent ${sent.sent}, failed ${sent.failed}: ${Object.entries(st.byChannel).map(([c, v]) => `${c} ${Object.entries(v).map(([k, n]) => `${n} ${k}`).join('/')}`).join('; ')}`);
          println(`   local sinks received ${sinks.received()} warnings; written to ${path.relative(process.cwd(), sinks.dir)}/`);
        } finally {
          await sinks.close();
        }

        println(color.bold('\n7. Device check'));
        // A victim agreed to have her phone checked: a synthetic encrypted backup stands in for it.
        const password = crypto.randomBytes(12).toString('base64url');
        const backup = synthesize('encrypted-backup', path.join(dataDir, 'phone-backup'), password);
        const index = await loadMatchIndex(store, {});
        const phone = await openBackup(backup, password);
        let check;
        try {
          check = await runDeviceCheck(phone, MODULES, index, path.join(home, 'device-check'));
        } finally {
          phone.cleanup?.();
        }
        const { byLevel } = await storeDeviceCheck(store, vault, DEMO_CASE, 'victim phone (synthetic)', check);
        const flagged = [...new Set(check.alerts.filter((a) => a.level === 'CRITICAL' || a.level === 'HIGH').map((a) => a.module))];
        println(`   encrypted iOS backup (synthetic, Pegasus and Predator traces planted) checked with ${check.modules.length} modules: ${Object.entries(byLevel).map(([l, n]) => `${n} ${l.toLowerCase()}`).join(', ')}`);
        println(`   critical or high in: ${flagged.join(', ')}`);
        println(`   MVT-compatible results in ${path.relative(process.cwd(), path.join(home, 'device-check'))}/; stored encrypted in the case for the console`);

        println(color.bold('\n8. Report'));
        const written = await writeReport(store, vault, DEMO_CASE, path.join(home, 'report'), 'html', false, 'lead-lina');
        println(`   campaign report (no victim PII): ${path.relative(process.cwd(), written.files[0])}`);
        println(`   exports: ${written.files.slice(1).map((f) => path.basename(f)).join(', ')}`);

        const st = await indicatorStats(store);
        println(`\n   ${st.total} indicators loaded; ${st.warninglists.length} warninglists active`);
        println(`   results: VIGIL_HOME=${path.relative(process.cwd(), home) || '.'} vigil hunt report --case ${DEMO_CASE}`);
        println(`            VIGIL_HOME=${path.relative(process.cwd(), home) || '.'} vigil victims stats --case ${DEMO_CASE}`);
        println(`            VIGIL_HOME=${path.relative(process.cwd(), home) || '.'} vigil notify status --plan 1`);
        println(`            VIGIL_HOME=${path.relative(process.cwd(), home) || '.'} vigil audit list`);
        println(`   console: VIGIL_HOME=${path.relative(process.cwd(), home) || '.'} vigil console user add NAME --role analyst --password-env PW, then vigil console serve (http://127.0.0.1:8470/)`);
        println(`\nReport: ${path.join(home, 'report', 'report.html')}`);
      }, config);
    });
}
