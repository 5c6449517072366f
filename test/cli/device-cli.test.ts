// `vigil device` as a user runs it: list modules, check a backup with indicator files, read the results.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { describe, it } from 'node:test';
import { vigil } from '../helpers/cli.ts';
import { openStore } from '../../src/store/index.ts';
import { CYTROX_STIX, PEGASUS_STIX, ROOT, tempDir } from '../helpers/fixtures.ts';
import { androidTestStix, buildAndroidQF, buildBackup, buildBugreport, buildBulkBackup, encryptBackup, SYNTH_KINDS, writeZip } from '../../src/device/synthetic/index.ts';

describe('vigil device', () => {
  it('lists modules, checks a backup (exit 1 on findings), and writes MVT-compatible results', async () => {
    const env = { VIGIL_HOME: tempDir() };
    const list = await vigil(['device', 'check-backup', '--list-modules'], env);
    assert.equal(list.code, 0);
    assert.match(list.stdout, /^sms\s+SMS and iMessage/m);
    const out = tempDir();
    const r = await vigil(['device', 'check-backup', buildBackup(tempDir()), '--iocs', PEGASUS_STIX, '--output', out], env);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /CRITICAL \[sms\]/);
    assert.match(r.stdout, /not proof of infection/);
    assert.ok(fs.existsSync(path.join(out, 'timeline.csv')));
    // On three threads (two workers), the same files.
    const threaded = tempDir();
    assert.equal((await vigil(['device', 'check-backup', buildBackup(tempDir()), '--iocs', PEGASUS_STIX, '--output', threaded, '--threads', '3'], env)).code, 1);
    for (const f of ['timeline.csv', 'alerts.json', 'sms.json']) assert.equal(fs.readFileSync(path.join(threaded, f), 'utf8'), fs.readFileSync(path.join(out, f), 'utf8'), f);
    const badThreads = await vigil(['device', 'check-backup', buildBackup(tempDir()), '--threads', '0'], env);
    assert.equal(badThreads.code, 2, badThreads.stderr);
    assert.match(badThreads.stderr, /--threads must be a whole number from 1 to 64, not '0'/);
    const clean = await vigil(['device', 'check-backup', buildBackup(tempDir()), '--iocs', PEGASUS_STIX, '--module', 'sms', '--json'], env);
    assert.equal(JSON.parse(clean.stdout).modules.length, 1);
    // Stored for the console: encrypted, since alerts quote what was on the phone.
    const stored = await vigil(['device', 'check-backup', buildBackup(tempDir()), '--iocs', PEGASUS_STIX, '--case', 'dc', '--label', "Ana's phone"], env);
    assert.equal(stored.code, 1);
    const store = await openStore({ home: env.VIGIL_HOME });
    try {
      const rows = await store.query<{ t: string }>('SELECT row_to_json(d)::text AS t FROM device_checks d');
      assert.equal(rows.length, 1);
      // Only strings base64 cannot hold (a dot, an apostrophe): ciphertext may spell anything else.
      assert.doesNotMatch(rows[0].t, /weather4free\.com|bogaardlisa803|Ana's/);
      assert.match(rows[0].t, /"CRITICAL": ?17/);
    } finally {
      await store.close();
    }
    const missing = await vigil(['device', 'check-backup', tempDir(), '--iocs', PEGASUS_STIX], env);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no Manifest\.db/);
  });

  it('refuses what it could not check instead of reporting a clean phone', async () => {
    const env = { VIGIL_HOME: tempDir() };
    const nowhere = path.join(tempDir(), 'mistyped');
    for (const [cmd, what] of [['check-fs', 'filesystem dump folder'], ['check-backup', 'iOS backup folder'], ['check-sysdiagnose', 'sysdiagnose archive'], ['check-androidqf', 'AndroidQF collection folder']]) {
      const r = await vigil(['device', cmd, nowhere, '--iocs', PEGASUS_STIX], env);
      assert.equal(r.code, 1, cmd);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.match(r.stderr, new RegExp(`DEVICE_NOT_FOUND\\] ${what} not found`));
      assert.doesNotMatch(r.stdout, /No indicator of compromise/);
    }
    const decrypt = await vigil(['device', 'decrypt-backup', nowhere, '--password-env', 'PW', '--out', path.join(tempDir(), 'out')], { ...env, PW: 'x' });
    assert.equal(decrypt.code, 1);
    assert.match(decrypt.stderr, /DEVICE_NOT_FOUND\] iOS backup folder not found/);
    const empty = await vigil(['device', 'check-fs', tempDir(), '--iocs', PEGASUS_STIX], env);
    assert.equal(empty.code, 1);
    assert.match(empty.stderr, /DEVICE_NOTHING_FOUND/);
    // The one module asked for finds its database damaged: its error is shown, and nothing reads as clean.
    const damaged = await vigil(['device', 'check-backup', buildBackup(tempDir(), { corruptHistory: true }), '--iocs', PEGASUS_STIX, '--module', 'safari_history'], env);
    assert.equal(damaged.code, 1);
    assert.match(damaged.stdout, /safari_history .*DEVICE_DB_CORRUPT|safari_history .*cannot be read/);
    assert.doesNotMatch(damaged.stdout, /No indicator of compromise/);
    assert.match(damaged.stderr, /DEVICE_NOTHING_READ\] every check-backup module failed on this evidence: nothing was checked/);
  });

  it('says when no indicators were loaded instead of calling the phone clean', async () => {
    const env = { VIGIL_HOME: tempDir() };
    const r = await vigil(['device', 'check-backup', buildBackup(tempDir()), '--module', 'calls'], env);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /No indicators were loaded: only vigil's own heuristics were checked/);
    assert.doesNotMatch(r.stdout, /No indicator of compromise/);
    const json = await vigil(['device', 'check-backup', buildBackup(tempDir()), '--module', 'calls', '--json'], env);
    assert.equal(JSON.parse(json.stdout).indicators, 0);
    const out = tempDir();
    await vigil(['device', 'check-backup', buildBackup(tempDir()), '--module', 'sms', '--iocs', PEGASUS_STIX, '--output', out], env);
    const recheck = await vigil(['device', 'check-iocs', out], env);
    assert.equal(recheck.code, 1);
    assert.match(recheck.stderr, /IOCS_NONE/);
  });

  it('checks and decrypts an encrypted backup with the password from the environment', async () => {
    const env = { VIGIL_HOME: tempDir(), BACKUP_PW: 'hunter2 hunter2' };
    const enc = encryptBackup(buildBackup(tempDir()), tempDir(), env.BACKUP_PW);
    const noPw = await vigil(['device', 'check-backup', enc, '--iocs', PEGASUS_STIX], env);
    assert.equal(noPw.code, 1);
    assert.match(noPw.stderr, /the backup is encrypted.*--password-env/);
    const r = await vigil(['device', 'check-backup', enc, '--iocs', PEGASUS_STIX, '--password-env', 'BACKUP_PW', '--module', 'sms', '--json'], env);
    assert.equal(r.code, 1, r.stderr);
    const alerts = JSON.parse(r.stdout).alerts as { level: string; message: string; matched_indicator: { value: string } | null }[];
    assert.deepEqual(alerts.map((a) => a.matched_indicator?.value ?? a.message.split(':')[0]).sort(), ["Apple's threat notification", 'weather4free.com']);
    const wrong = await vigil(['device', 'decrypt-backup', enc, '--password-env', 'WRONG', '--out', path.join(tempDir(), 'x')], { ...env, WRONG: 'nope' });
    assert.equal(wrong.code, 1);
    assert.equal(wrong.stderr.trim().split('\n').length, 1, wrong.stderr);
    assert.match(wrong.stderr, /password is wrong/);
    const out = path.join(tempDir(), 'plain');
    const d = await vigil(['device', 'decrypt-backup', enc, '--password-env', 'BACKUP_PW', '--out', out], env);
    assert.equal(d.code, 0, d.stderr);
    assert.match(d.stdout, /decrypted \d+ files/);
    const again = await vigil(['device', 'check-backup', out, '--iocs', PEGASUS_STIX, '--module', 'sms', '--json'], env);
    assert.deepEqual(JSON.parse(again.stdout).alerts, JSON.parse(r.stdout).alerts);
  });

  it('checks an AndroidQF collection and a bugreport', async () => {
    const env = { VIGIL_HOME: tempDir() };
    const iocs = androidTestStix(path.join(tempDir(), 'a.stix2'));
    const list = await vigil(['device', 'check-androidqf', '--list-modules'], env);
    assert.match(list.stdout, /^aqf_packages\s/m);
    assert.doesNotMatch(list.stdout, /^sms\s/m);
    const out = tempDir();
    const r = await vigil(['device', 'check-androidqf', buildAndroidQF(tempDir()), '--iocs', iocs, PEGASUS_STIX, '--output', out], env);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /CRITICAL \[aqf_packages\]/);
    assert.ok(fs.existsSync(path.join(out, 'aqf_packages_detected.json')));
    const br = buildBugreport(path.join(tempDir(), 'br.zip'));
    const b = await vigil(['device', 'check-bugreport', br, '--iocs', iocs, '--json'], env);
    assert.equal(b.code, 1, b.stderr);
    assert.deepEqual(JSON.parse(b.stdout).modules.map((m: { slug: string }) => m.slug).sort(), ['bugreport_timestamps', 'dumpsys_accessibility', 'dumpsys_activities', 'dumpsys_adb_state', 'dumpsys_appops', 'dumpsys_battery_daily', 'dumpsys_battery_history', 'dumpsys_dbinfo', 'dumpsys_get_prop', 'dumpsys_packages', 'dumpsys_platform_compat', 'dumpsys_receivers', 'mounts', 'processes', 'settings', 'tombstones']);
    // A vendor's zip around the bugreport gives the same findings.
    const wrapped = await vigil(['device', 'check-bugreport', writeZip(path.join(tempDir(), 'miui-logs.zip'), [{ name: 'logs/app.log', data: 'x\n' }, { name: 'bugreport-x.zip', data: fs.readFileSync(br) }]), '--iocs', iocs, '--json'], env);
    assert.equal(wrapped.code, 1, wrapped.stderr);
    assert.deepEqual(JSON.parse(wrapped.stdout).alerts, JSON.parse(b.stdout).alerts);
    // An iOS backup given to the Android command: a clear error, not a clean bill of health.
    const wrong = await vigil(['device', 'check-androidqf', buildBackup(tempDir()), '--iocs', iocs], env);
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /none of the files the check-androidqf modules read is in this folder/);
    assert.doesNotMatch(wrong.stdout, /No indicator of compromise/);
    const bad = await vigil(['device', 'check-bugreport', path.join(tempDir(), 'missing.zip'), '--iocs', iocs], env);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /bugreport zip not found/);
  });

  it('writes synthetic evidence of every kind, which the checks then flag; never over existing files', async () => {
    const env = { VIGIL_HOME: tempDir(), PW: 'synthetic pass' };
    const dir = tempDir();
    const cmd: Record<string, string> = { backup: 'check-backup', 'encrypted-backup': 'check-backup', fs: 'check-fs', sysdiagnose: 'check-sysdiagnose', androidqf: 'check-androidqf', bugreport: 'check-bugreport', 'android-backup': 'check-android-backup', 'intrusion-logs': 'check-intrusion-logs' };
    assert.deepEqual(Object.keys(cmd).sort(), [...SYNTH_KINDS].sort());
    const writtenOf: Record<string, string> = {};
    for (const kind of Object.keys(cmd)) {
      const w = await vigil(['device', 'synth', kind, '--out', path.join(dir, kind), ...(kind === 'encrypted-backup' ? ['--password-env', 'PW'] : [])], env);
      assert.equal(w.code, 0, w.stderr);
      const written = /to (\S+);/.exec(w.stdout)![1];
      writtenOf[kind] = written;
      assert.match(w.stdout, new RegExp(`vigil device ${cmd[kind]} `), kind);
      const r = await vigil(['device', cmd[kind], written, '--iocs', PEGASUS_STIX, CYTROX_STIX, ...(kind === 'encrypted-backup' ? ['--password-env', 'PW'] : []), '--json'], env);
      assert.equal(r.code, 1, `${kind}: ${r.stderr}`);
      assert.ok(JSON.parse(r.stdout).alerts.some((a: { level: string }) => a.level === 'CRITICAL' || a.level === 'HIGH'), kind);
    }
    // What reading the logs left out is said under the table, once though three modules read the logs.
    const human = await vigil(['device', 'check-intrusion-logs', writtenOf['intrusion-logs'], '--iocs', PEGASUS_STIX], { ...env, NO_COLOR: '1' });
    assert.equal(human.stdout.match(/^note \[dns_event, connect_event, security_event\] event types no module reads, not checked: future_event \(1\)$/gm)?.length, 1, human.stdout);
    assert.equal(human.stdout.match(/see below/g)?.length, 3, human.stdout);
    const again = await vigil(['device', 'synth', 'backup', '--out', path.join(dir, 'backup')], env);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /already exists/);
    // An AndroidQF collection whose backup.ab has a backup password: its messages are read with
    // --password-env, as the synth command says; without it, only that module fails, and says why.
    const qf = await vigil(['device', 'synth', 'androidqf', '--out', path.join(dir, 'qf-password'), '--password-env', 'PW'], env);
    assert.match(qf.stdout, /check-androidqf \S+ --password-env PW/);
    const sms = (r: { stdout: string }) => JSON.parse(r.stdout).modules.find((m: { slug: string }) => m.slug === 'aqf_sms');
    const opened = await vigil(['device', 'check-androidqf', path.join(dir, 'qf-password'), '--iocs', PEGASUS_STIX, '--password-env', 'PW', '--json'], env);
    assert.equal(sms(opened).records, 3, opened.stderr);
    const closed = await vigil(['device', 'check-androidqf', path.join(dir, 'qf-password'), '--iocs', PEGASUS_STIX, '--json'], env);
    assert.equal(sms(closed).error.code, 'DEVICE_ANDROID_BACKUP');
    assert.match(sms(closed).error.message, /--password-env/);
    // Zipped, as collections are handed over: the same alerts as the folder; a damaged zip is one clear line.
    const zipped = await vigil(['device', 'synth', 'androidqf', '--out', path.join(dir, 'qf.zip')], env);
    assert.match(zipped.stdout, /check-androidqf \S+qf\.zip/);
    const alertsOf = async (target: string) => {
      const r = await vigil(['device', 'check-androidqf', target, '--iocs', PEGASUS_STIX, '--json'], env);
      assert.equal(r.code, 1, r.stderr);
      return JSON.parse(r.stdout).alerts.map((a: { module: string; message: string }) => `${a.module}: ${a.message}`).sort();
    };
    assert.deepEqual(await alertsOf(path.join(dir, 'qf.zip')), await alertsOf(path.join(dir, 'androidqf')));
    fs.writeFileSync(path.join(dir, 'cut.zip'), fs.readFileSync(path.join(dir, 'qf.zip')).subarray(0, 5000));
    const cut = await vigil(['device', 'check-androidqf', path.join(dir, 'cut.zip'), '--iocs', PEGASUS_STIX], env);
    assert.equal(cut.code, 1);
    assert.equal(cut.stderr.trim().split('\n').length, 1, cut.stderr);
    assert.match(cut.stderr, /DEVICE_ARCHIVE\] zip archive: no end of central directory/);
  });

  it('removes decrypted evidence from the temporary folder when interrupted', async () => {
    const tmp = tempDir();
    const plain = buildBulkBackup(tempDir(), { sms: 100_000, history: 400_000, usage: 1_000 }, ['weather4free.com'], ['bh']);
    const enc = encryptBackup(plain, tempDir(), 'interrupt me');
    // As many threads as cores (two at least): the check then gets V8's single-threaded collector.
    const threads = String(Math.max(2, os.availableParallelism()));
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/vigil.mjs'), 'device', 'check-backup', enc, '--password-env', 'PW', '--iocs', PEGASUS_STIX, '--output', tempDir(), '--threads', threads], {
      cwd: ROOT, env: { ...process.env, NO_COLOR: '1', VIGIL_HOME: tempDir(), PW: 'interrupt me', TMPDIR: tmp }, stdio: 'ignore',
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    const ours = () => fs.readdirSync(tmp).filter((d) => d.startsWith('vigil-'));
    // Interrupt once the backup is unlocked and files are being decrypted, as an investigator pressing Ctrl-C would.
    for (let i = 0; i < 3000 && !ours().some((d) => d.startsWith('vigil-backup-')) && child.exitCode === null; i++) await new Promise((r) => setTimeout(r, 10));
    assert.ok(ours().some((d) => d.startsWith('vigil-backup-')), 'the check made its private folder');
    // The launcher runs the check in a second Node given V8's single-threaded collector, and passes the signal on.
    const children = fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p)).filter((p) => {
      try {
        return fs.readFileSync(`/proc/${p}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ')[1] === String(child.pid);
      } catch {
        return false; // ended meanwhile
      }
    });
    assert.equal(children.length, 1);
    assert.ok(fs.readFileSync(`/proc/${children[0]}/cmdline`, 'utf8').split('\0').includes('--single-threaded-gc'));
    child.kill('SIGINT');
    assert.equal(await exited, 130);
    assert.deepEqual(ours(), []);
  });
});
