// `vigil device …`: check an iOS backup (plain or encrypted), filesystem dump or sysdiagnose, or an
// Android AndroidQF collection or bugreport, against indicators and heuristics, writing MVT-compatible results.
import os from 'node:os';
import type { Command } from 'commander';
import { openVault, storeDeviceCheck } from '../../cases/index.ts';
import { color, InputError, isFile, loadConfig, progressBar, UsageError } from '../../core/index.ts';
import { androidBackupSource, decryptBackup, intrusionLogsSource, removeAllTempDirs, SYNTH_KINDS, synthesize, fsSource, MODULES, openAndroidQF, openBackup, openBugreport, recheckResults, runDeviceCheck, sysdiagnoseSource, type ArtifactSource, type CheckResult } from '../../device/index.ts';
import { loadMatchIndex, requireIndicators } from '../../indicators/index.ts';
import { withStore } from '../../store/index.ts';
import { setExitCode } from '../exit.ts';
import { defaultDeviceThreads } from '../node-flags.mjs';
import { printJson, println, table } from '../output.ts';

/** What the modules met and could not use, each note once with the modules that gave it (modules reading one log share its notes). */
function printNotes(modules: CheckResult['modules']): void {
  const byNote = new Map<string, string[]>();
  for (const m of modules) for (const n of m.notes ?? []) byNote.set(n, [...(byNote.get(n) ?? []), m.slug]);
  if (byNote.size === 0) return;
  println();
  for (const [note, slugs] of byNote) println(`${color.yellow('note')} [${slugs.join(', ')}] ${note}`);
}

function summary(r: CheckResult, indicators: number): void {
  const serious = r.alerts.filter((a) => a.level !== 'INFORMATIONAL');
  println(table(r.modules.map((m) => [m.slug, m.records, m.alerts, m.error ? color.dim(m.error.message) : m.notes ? 'see below' : '']), ['module', 'records', 'alerts', 'note']));
  printNotes(r.modules);
  println();
  for (const a of serious.slice(0, 30)) println(`${a.level === 'CRITICAL' ? color.red(a.level) : color.yellow(a.level)} [${a.module}] ${a.event_time ?? ''} ${a.message}`);
  if (r.modules.every((m) => m.error)) return;
  if (indicators === 0) {
    println(color.yellow('No indicators were loaded: only vigil\'s own heuristics were checked, not the traces of any known campaign.'));
    println('Import indicators (vigil iocs import FILE) or give --iocs FILE, and check again.');
    if (serious.length === 0) return;
  }
  if (serious.length === 0) {
    println(color.green('No indicator of compromise or suspicious trace was found in what these modules read.'));
    println('This does not prove the phone is clean: indicators cover known campaigns only, and some traces are not in backups.');
  } else {
    println(`\n${serious.length} alerts. A match is an indicator of compromise, not proof of infection. Keep the phone as it is`);
    println('(do not reset it) and seek expert help, for example Access Now\'s Digital Security Helpline: https://www.accessnow.org/help');
  }
}

/** The password of an encrypted backup, from the environment variable named (never from the command line, where ps would show it). */
function passwordFrom(variable: string | undefined): string | undefined {
  if (variable === undefined) return undefined;
  const v = process.env[variable];
  if (!v) throw new UsageError(`environment variable ${variable} is not set or empty`, { hint: `read -rs ${variable}; export ${variable}` });
  return v;
}

/** Runs fn with cleanup also done on Ctrl-C or SIGTERM: decrypted or unpacked evidence must not stay in /tmp. */
async function withCleanup<T>(cleanup: () => void, fn: () => Promise<T>): Promise<T> {
  // Kept (not `once`) until the process exits: with no listener left, Node gives the signal back
  // to the system, and a second Ctrl-C would kill the process in the middle of the cleanup.
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    cleanup();
    removeAllTempDirs();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await fn();
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    cleanup();
  }
}

type Opener = (p: string, o: { passwordEnv?: string }) => ArtifactSource | Promise<ArtifactSource>;

function register(device: Command, name: string, what: string, kind: ArtifactSource['kind'], open: Opener, extra?: (c: Command) => Command): void {
  const cmd = device.command(name);
  extra?.(cmd);
  cmd
    .description(`check ${what} against indicators and heuristics`)
    .argument('[path]', what)
    .option('--iocs <file...>', 'indicator files (STIX, MISP, Zeek, lists) instead of the store')
    .option('--output <dir>', 'write MVT-compatible results here')
    .option('--module <slug>', 'run only this module')
    .option('--threads <n>', `threads that run modules, this one among them (default ${defaultDeviceThreads(os.availableParallelism())}: this machine's cores, at most 4; 1 runs all here)`)
    .option('--list-modules', 'list the modules and exit')
    .option('--case <name>', 'store the result (encrypted) in this case, for the console')
    .option('--label <text>', 'whose phone, as the investigators call it (stored encrypted)')
    .option('--json', 'machine-readable output')
    .action(async (target: string | undefined, o) => {
      const modules = MODULES.filter((m) => m.sources.includes(kind) && (!o.module || m.slug === o.module));
      if (o.listModules) {
        for (const m of MODULES.filter((x) => x.sources.includes(kind))) println(`${m.slug.padEnd(16)} ${m.description}`);
        return;
      }
      if (!target) throw new UsageError(`give the path of ${what}`);
      if (o.module && modules.length === 0) throw new UsageError(`no module '${o.module}' for ${what}`, { hint: `see vigil device ${name} --list-modules` });
      const threads = o.threads === undefined ? defaultDeviceThreads(os.availableParallelism()) : Number(o.threads);
      if (!Number.isInteger(threads) || threads < 1 || threads > 64) throw new UsageError(`--threads must be a whole number from 1 to 64, not '${o.threads}'`);
      const index = await withStore((s) => loadMatchIndex(s, { files: o.iocs }));
      // Registered before the source opens: unlocking and unpacking already write evidence to /tmp.
      let source: ArtifactSource | undefined;
      const bar = progressBar('checking', modules.length, ' modules');
      let done = 0;
      const r: CheckResult = await withCleanup(() => source?.cleanup?.(), async () => {
        source = await open(target, o);
        try {
          return await runDeviceCheck(source, modules, index, o.output, o.iocs ?? [], () => bar.update(done++), { threads });
        } finally {
          bar.finish();
        }
      });
      // Nothing any module looks for was there: the wrong command for this evidence, not a clean phone.
      const nothingRead = r.modules.length > 0 && r.modules.every((m) => m.error);
      if (nothingRead && r.modules.every((m) => m.error?.code === 'DEVICE_NOT_FOUND')) {
        throw new InputError('DEVICE_NOTHING_FOUND', `none of the files the ${name} modules read is in this ${isFile(target) ? 'archive' : 'folder'}`, { where: target, hint: 'is this the right kind of evidence? see vigil device --help' });
      }
      if (o.case) {
        await withStore(async (s) => storeDeviceCheck(s, await openVault(s, loadConfig()), o.case, o.label, r));
      }
      if (r.alerts.some((a) => a.level !== 'INFORMATIONAL')) setExitCode(1);
      if (o.json) return printJson({ ...r, indicators: index.size });
      summary(r, index.size);
      if (o.output) println(`\nresults: ${o.output} (per module <slug>.json and <slug>_detected.json, timeline.csv, alerts.json, alerts_timeline.csv, info.json)`);
      // Every module failed (damaged evidence, an unknown version): nothing was checked, which must not read as a clean phone.
      if (nothingRead) throw new InputError('DEVICE_NOTHING_READ', `every ${name} module failed on this evidence: nothing was checked`, { where: target, hint: 'each module\'s error is in the table (or the JSON); the evidence may be damaged' });
    });
}

export function registerDevice(program: Command): void {
  const device = program.command('device').description('check phones for traces of spyware, as MVT does');
  register(device, 'check-backup', 'an iOS backup folder (iTunes/Finder layout, plain or encrypted)', 'backup', (p, o) => openBackup(p, passwordFrom(o.passwordEnv)), (c) =>
    c.option('--password-env <var>', 'environment variable holding the password of an encrypted backup'));
  register(device, 'check-fs', 'an iOS filesystem dump (a folder tree)', 'fs', fsSource);
  register(device, 'check-androidqf', 'an AndroidQF collection (its folder, or the folder zipped)', 'androidqf', (p, o) => openAndroidQF(p, passwordFrom(o.passwordEnv)), (c) =>
    c.option('--password-env <var>', 'environment variable holding the password of its backup.ab, if the phone asked for one'));
  register(device, 'check-bugreport', 'an Android bugreport zip (or a vendor\'s zip around one)', 'bugreport', (p) => openBugreport(p));
  register(device, 'check-android-backup', 'an Android backup (backup.ab, or the folder it was extracted to)', 'android-backup', (p, o) => androidBackupSource(p, passwordFrom(o.passwordEnv)), (c) =>
    c.option('--password-env <var>', 'environment variable holding its backup password, if the phone asked for one'));
  register(device, 'check-intrusion-logs', 'Android intrusion logs (a folder of exported .txt files, or a zip)', 'intrusion-logs', (p) => intrusionLogsSource(p));
  register(device, 'check-sysdiagnose', 'an iOS sysdiagnose archive (.tar.gz)', 'sysdiagnose', (p) => sysdiagnoseSource(p));
  device
    .command('decrypt-backup')
    .description('write a plain copy of an encrypted iOS backup (as MVT decrypt-backup does)')
    .argument('<src>', 'encrypted backup folder')
    .requiredOption('--password-env <var>', 'environment variable holding the backup password')
    .requiredOption('--out <dir>', 'new folder for the decrypted backup')
    .option('--json', 'machine-readable output')
    .action(async (src: string, o) => {
      let bar: ReturnType<typeof progressBar> | undefined;
      // Interrupted, the copy stays visibly unfinished (no Manifest.db) and the decrypted Manifest in /tmp is removed.
      const r = await withCleanup(() => {}, () => decryptBackup(src, passwordFrom(o.passwordEnv)!, o.out, (done, n) => (bar ??= progressBar('decrypting', n, ' files')).update(done)));
      bar?.finish();
      if (o.json) return printJson({ out: o.out, ...r });
      println(`decrypted ${r.files} files into ${o.out}${r.skipped ? ` (${r.skipped} listed files were absent)` : ''}; check it with: vigil device check-backup ${o.out}`);
      println(color.dim('The copy is not encrypted: keep it on an encrypted disk and delete it when the check is done.'));
    });
  device
    .command('synth')
    .description('write synthetic evidence with planted Amnesty indicators, for training and trying vigil (no real data)')
    .argument('<kind>', SYNTH_KINDS.join(' | '))
    .requiredOption('--out <path>', 'new folder (or .tar.gz / .zip file for sysdiagnose and bugreport; an androidqf --out ending in .zip is the collection zipped)')
    .option('--password-env <var>', 'environment variable holding the password (encrypted-backup; for androidqf and android-backup, the backup.ab is encrypted with it)')
    .action(async (kind: string, o) => {
      if (!(SYNTH_KINDS as readonly string[]).includes(kind)) throw new UsageError(`unknown kind '${kind}'`, { hint: `one of ${SYNTH_KINDS.join(', ')}` });
      if (kind === 'encrypted-backup' && !o.passwordEnv) throw new UsageError('encrypted-backup needs --password-env VAR');
      const out = synthesize(kind as (typeof SYNTH_KINDS)[number], o.out, passwordFrom(o.passwordEnv));
      const passwordHint = o.passwordEnv ? ` --password-env ${o.passwordEnv}` : '';
      const check = kind === 'fs' ? 'check-fs' : kind === 'backup' || kind === 'encrypted-backup' ? 'check-backup' : `check-${kind}`;
      println(`wrote a synthetic ${kind} to ${out}; check it with: vigil device ${check} ${out}${passwordHint}`);
    });
  device
    .command('check-iocs')
    .description('re-check the results of an earlier check (its --output folder) against newer indicators')
    .argument('<dir>', 'results folder')
    .option('--iocs <file...>', 'indicator files instead of the store')
    .option('--json', 'machine-readable output')
    .action(async (dir: string, o) => {
      const index = await withStore((s) => loadMatchIndex(s, { files: o.iocs }));
      requireIndicators(index.size, o.iocs);
      const r = recheckResults(dir, index);
      if (r.alerts.some((a) => a.level !== 'INFORMATIONAL')) setExitCode(1);
      if (o.json) return printJson(r);
      summary({ target: dir, kind: 'results', modules: r.modules, alerts: r.alerts, timeline: [], inWorkers: 0 }, index.size);
    });
}
