// A check run on several threads (modules taken from one queue by the check's thread and its
// workers) writes the same files as a check on one thread, byte for byte but for info.json's date
// and timings: plain and encrypted backups, filesystem dumps, AndroidQF folders. A source no other
// thread can open, or a module not built in, runs on one thread.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { CheckWorkers } from '../../src/device/check-workers.ts';
import { androidqfSource, fsSource, MODULES, openBackup, runDeviceCheck, sysdiagnoseSource, type ArtifactSource, type DeviceModule } from '../../src/device/index.ts';
import { MatchIndex, recordsFromFiles } from '../../src/indicators/index.ts';
import { androidTestStix, buildAndroidQF, buildBackup, buildFsDump, buildSysdiagnose, encryptBackup } from '../../src/device/synthetic/index.ts';
import { CYTROX_STIX, PEGASUS_STIX, tempDir } from '../helpers/fixtures.ts';

const PASSWORD = 'threads and queues';

/** Every output file's bytes; info.json without what differs from run to run. */
function outputs(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const f of fs.readdirSync(dir).sort()) {
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    if (f !== 'info.json') files[f] = text;
    else {
      const info = JSON.parse(text);
      delete info.date;
      for (const m of info.modules) delete m.duration_ms;
      files[f] = JSON.stringify(info);
    }
  }
  return files;
}

async function thrice(open: () => Promise<ArtifactSource> | ArtifactSource, index: MatchIndex, modules: DeviceModule[] = MODULES) {
  const results = [];
  // One thread; two workers and the calling thread idle (so the workers surely run every module);
  // the calling thread and one worker, taking modules from the queue as each is free.
  for (const o of [{ threads: 1 }, { threads: 3, workersOnly: true }, { threads: 2 }]) {
    const source = await open();
    const out = tempDir();
    try {
      const seen: string[] = [];
      const r = await runDeviceCheck(source, modules, index, out, [], (slug) => seen.push(slug), o);
      results.push({ r, out, files: outputs(out), seen: seen.sort(), rows: r.timeline });
    } finally {
      source.cleanup?.();
    }
  }
  return results;
}

function assertSame([one, ...others]: Awaited<ReturnType<typeof thrice>>, workers = true) {
  assert.ok(Object.keys(one.files).length > 3, 'the check wrote its files');
  assert.equal(one.r.inWorkers, 0);
  // With the calling thread idle, the workers ran every module (or none, for a source they cannot open).
  assert.equal(others[0].r.inWorkers, workers ? one.r.modules.length : 0);
  for (const many of others) {
    assert.deepEqual(Object.keys(many.files), Object.keys(one.files));
    for (const f of Object.keys(one.files)) assert.equal(many.files[f], one.files[f], f);
    assert.deepEqual(many.r.modules.map((m) => ({ ...m, duration_ms: 0 })), one.r.modules.map((m) => ({ ...m, duration_ms: 0 })));
    assert.deepEqual(many.r.alerts, one.r.alerts);
    assert.deepEqual(many.rows, one.rows);
    // Every module was announced once, whichever thread ran it.
    assert.deepEqual(many.seen, one.seen);
    assert.equal(new Set(many.seen).size, many.seen.length);
  }
}

describe('a check on several threads', () => {
  const ios = new MatchIndex(recordsFromFiles([PEGASUS_STIX, CYTROX_STIX]).records);

  it('writes what one thread writes, for a plain backup', async () => {
    const root = buildBackup(tempDir(), { triangle: true, backupAgentTraffic: 4242 });
    const runs = await thrice(() => openBackup(root), ios);
    assertSame(runs);
    assert.ok(runs[1].r.alerts.some((a) => a.module === 'safari_history' && a.level !== 'INFORMATIONAL'), 'planted indicators are found');
  });

  it('writes what one thread writes, for an encrypted backup, and leaves no decrypted file behind', async () => {
    const encrypted = encryptBackup(buildBackup(tempDir(), {}), tempDir(), PASSWORD);
    // The check's temporary folders (decrypted files, the workers' own) go here, and must be gone after.
    const tmp = tempDir();
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = tmp;
    try {
      assertSame(await thrice(() => openBackup(encrypted, PASSWORD), ios));
    } finally {
      process.env.TMPDIR = saved;
      if (saved === undefined) delete process.env.TMPDIR;
    }
    // (The test's own output folders, and tsx's cache for the workers, are made there too.)
    assert.deepEqual(fs.readdirSync(tmp).filter((d) => d.startsWith('vigil-') && !d.startsWith('vigil-test-')), []);
  });

  it('writes what one thread writes, for a filesystem dump and an AndroidQF folder', async () => {
    const dump = buildFsDump(tempDir());
    assertSame(await thrice(() => fsSource(dump), ios));
    const qf = buildAndroidQF(tempDir());
    const android = new MatchIndex(recordsFromFiles([androidTestStix(path.join(tempDir(), 'android.stix2'))]).records);
    assertSame(await thrice(() => androidqfSource(qf), android));
  });

  it('runs on one thread what no worker can take: a sysdiagnose archive, a module not built in', async () => {
    const archive = buildSysdiagnose(path.join(tempDir(), 'sysdiagnose.tar.gz'));
    assertSame(await thrice(() => sysdiagnoseSource(archive), ios), false);
    const own: DeviceModule = { slug: 'own_module', description: 'a module of the caller', sources: ['backup'], extract: () => [{ n: 1 }], check: () => [], timeline: () => [{ timestamp: '2021-01-01 00:00:00', module: 'own_module', event: 'e', data: 'd' }] };
    const root = buildBackup(tempDir(), {});
    const runs = await thrice(() => openBackup(root), ios, [own, ...MODULES]);
    assertSame(runs, false);
    assert.ok(runs[1].rows.some((r) => r.module === 'own_module'));
  });

  it('starts a worker through tsx when its bundle cannot be made', async () => {
    // The fallback of worker-script.ts: the bootstrap that registers tsx in the thread. With an
    // empty queue, the worker opens the evidence, takes nothing and says it is done.
    const root = buildBackup(tempDir(), {});
    const worker = new Worker(new URL('../../src/device/check-worker.mjs', import.meta.url), {
      workerData: { spec: { kind: 'backup', root }, index: ios.portable(), slugs: [], counter: new Int32Array(new SharedArrayBuffer(4)), tmp: tempDir() },
    });
    const message = await new Promise((resolve, reject) => {
      worker.on('message', resolve);
      worker.on('error', reject);
    });
    await worker.terminate();
    assert.deepEqual(message, { type: 'done', writeError: undefined });
  });

  it('leaves a module failed, not the check, when its worker stops in the middle of it', async () => {
    // A worker that takes a place in the queue, says so, and dies before sending its run.
    const script = path.join(tempDir(), 'dies.mjs');
    fs.writeFileSync(script, `import { parentPort, workerData } from 'node:worker_threads';
const i = Atomics.add(workerData.counter, 0, 1);
parentPort.postMessage({ type: 'start', i });
process.exit(3);
`);
    const counter = new Int32Array(new SharedArrayBuffer(4));
    const started: number[] = [];
    const workers = new CheckWorkers(pathToFileURL(script), 1, { spec: { kind: 'fs', root: tempDir() }, index: ios.portable(), slugs: ['first', 'second'], counter, tmp: tempDir() }, (i) => started.push(i));
    // This thread takes one place as the check's own would (the worker may have taken the other first).
    const mine = Atomics.add(counter, 0, 1);
    await workers.runsIn(new Set([mine]), 2);
    const theirs = 1 - mine;
    assert.deepEqual([...workers.lost.keys()], [theirs]);
    assert.match(workers.lost.get(theirs)!, /stopped \(exit code 3\)/);
    assert.deepEqual(started, [theirs]);
    await workers.written();
  });
});
