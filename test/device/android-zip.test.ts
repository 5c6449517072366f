// AndroidQF collections handed over as a zip, as MVT's check-androidqf reads them: the same results
// as the folder (on one thread and on two), MVT's file paths named by the folder inside the zip,
// the temporary unpacked copy removed, and hostile zips (links, "..", bombs, damage) refused or
// made inert; mutated zips give typed errors only (fast-check).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { androidqfSource, androidqfZipSource, DeviceError, MODULES, openAndroidQF, runDeviceCheck, ZipError } from '../../src/device/index.ts';
import { extractZip } from '../../src/device/sources/zip-extract.ts';
import { setTempParent } from '../../src/device/temp.ts';
import { androidTestStix, buildAndroidQF, writeZip, zipFolder } from '../../src/device/synthetic/index.ts';
import { MatchIndex, recordsFromFiles } from '../../src/indicators/index.ts';
import { CYTROX_STIX, PEGASUS_STIX, tempDir } from '../helpers/fixtures.ts';

const index = new MatchIndex(recordsFromFiles([PEGASUS_STIX, CYTROX_STIX, androidTestStix(path.join(tempDir(), 'android.stix2'))]).records);
// Unpacked copies go here, so the tests can see that none is left behind.
const temps = tempDir();
setTempParent(temps);

const LOGS = 'aqf_log_timestamps';

/**
 * Every result file but info.json (which names the evidence and its hashes), by name. The log
 * files' times are set apart: in a zip MVT gives each its entry's time, in two-second steps.
 */
function outputs(dir: string): Record<string, string> {
  const files = fs.readdirSync(dir).filter((f) => f !== 'info.json' && !f.startsWith(LOGS)).sort();
  const text = (f: string) => fs.readFileSync(path.join(dir, f), 'utf8');
  return Object.fromEntries(files.map((f) => [f, f === 'timeline.csv' ? text(f).split('\r\n').filter((l) => !l.includes('"AQFLogTimestamps"')).join('\r\n') : text(f)]));
}

/** What aqf_log_timestamps gave: each log file's path and time. */
const logTimes = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, `${LOGS}.json`), 'utf8')) as { path: string; modified_time: string }[];

async function check(open: () => ReturnType<typeof openAndroidQF>, threads: number) {
  const out = tempDir();
  const source = await open();
  try {
    const r = await runDeviceCheck(source, MODULES, index, out, [], undefined, { threads });
    return { r, out, info: JSON.parse(fs.readFileSync(path.join(out, 'info.json'), 'utf8')) };
  } finally {
    source.cleanup?.();
  }
}

describe('AndroidQF collection as a zip', () => {
  const folder = buildAndroidQF(path.join(tempDir(), '5d1e2c3b-aaaa-4bbb-8ccc-0123456789ab'));
  const zip = zipFolder(folder, path.join(tempDir(), 'acquisition.zip'));

  it('gives the same results files as its folder, on one thread and on two, and removes its unpacked copy', async () => {
    const plain = await check(() => androidqfSource(folder), 1);
    assert.ok(plain.r.alerts.length > 30, 'the synthetic collection raises its planted alerts');
    for (const threads of [1, 2]) {
      const zipped = await check(() => openAndroidQF(zip), threads);
      assert.deepEqual(zipped.r.modules.filter((m) => m.error), []);
      assert.deepEqual(outputs(zipped.out), outputs(plain.out), `threads ${threads}`);
      assert.equal(zipped.info.target_path, path.resolve(zip));
      // The archive is hashed as evidence, as a bugreport's or a sysdiagnose's is.
      assert.ok(zipped.info.hashes.some((h: { file_path: string }) => h.file_path === path.resolve(zip)));
    }
    assert.deepEqual(fs.readdirSync(temps), []);
  });

  it('gives each log file its path under the folder inside the zip and its entry\'s time, as MVT does', async () => {
    const plain = logTimes((await check(() => androidqfSource(folder), 1)).out);
    const zipped = logTimes((await check(() => openAndroidQF(zip), 1)).out);
    assert.ok(plain.length >= 2 && plain.every((l) => l.path.startsWith(`${path.basename(folder)}/logs/`)), JSON.stringify(plain));
    // The folder's times to the microsecond; the zip's, the same times down to their two-second step.
    const step = (t: string) => {
      const d = new Date(`${t.slice(0, 19).replace(' ', 'T')}Z`);
      d.setUTCSeconds(d.getUTCSeconds() & ~1);
      return `${d.toISOString().slice(0, 19).replace('T', ' ')}.000000`;
    };
    assert.deepEqual(zipped, plain.map((l) => ({ path: l.path, modified_time: step(l.modified_time) })));
  });

  it('names the files of a zip without a folder inside by the zip\'s name', async () => {
    const flat = writeZip(path.join(tempDir(), 'phone-8.zip'), fs.readdirSync(folder, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => {
        const rel = path.relative(folder, path.join(e.parentPath, e.name)).split(path.sep).join('/');
        return { name: rel, data: fs.readFileSync(path.join(folder, rel)) };
      }));
    const r = await check(() => openAndroidQF(flat), 1);
    assert.ok(r.r.alerts.length > 30);
    assert.ok(logTimes(r.out).every((l) => l.path.startsWith('phone-8/logs/')));
  });

  it('refuses a zip that is not one, with a typed error, and leaves nothing unpacked', async () => {
    const junk = path.join(tempDir(), 'junk.zip');
    fs.writeFileSync(junk, 'PK\u0003\u0004 and then nothing');
    await assert.rejects(androidqfZipSource(junk), (e: unknown) => e instanceof ZipError && e.code === 'DEVICE_ARCHIVE' && /no end of central directory/.test(e.message));
    assert.deepEqual(fs.readdirSync(temps), []);
  });
});

describe('zip unpacking within bounds', () => {
  it('writes regular files only: links, ".." and absolute names are skipped and reported, nothing lands outside', async () => {
    const dir = tempDir();
    const dest = path.join(dir, 'dest');
    fs.mkdirSync(dest);
    const zip = writeZip(path.join(dir, 'hostile.zip'), [
      { name: 'c/packages.json', data: '[]' },
      { name: 'c/link', data: '/etc/passwd', mode: 0o120777 },
      { name: '../escaped.txt', data: 'out' },
      { name: '/abs.txt', data: 'out' },
      { name: 'c/../../up.txt', data: 'out' },
      { name: 'c/packages.json', data: 'second' },
    ]);
    const report = await extractZip(zip, dest);
    assert.equal(report.files, 1);
    assert.deepEqual(report.skipped.map((s) => s.reason), ['link (not followed)', 'path outside the archive', 'path outside the archive', 'path outside the archive', 'name given twice']);
    assert.equal(fs.readFileSync(path.join(dest, 'c/packages.json'), 'utf8'), '[]');
    assert.ok(!fs.existsSync(path.join(dest, 'c/link')));
    assert.deepEqual(fs.readdirSync(dir).sort(), ['dest', 'hostile.zip']);
  });

  it('reads a central directory larger than the tail it first reads (3,000 entries, ~250 KB)', async () => {
    const dir = tempDir();
    const names = Array.from({ length: 3000 }, (_, i) => `c/logs/dropbox/system_app_crash@${1620000000000 + i}.txt`);
    const zip = writeZip(path.join(dir, 'many.zip'), names.map((name, i) => ({ name, data: `crash ${i}\n` })));
    const dest = path.join(dir, 'dest');
    fs.mkdirSync(dest);
    assert.deepEqual(await extractZip(zip, dest), { files: 3000, skipped: [] });
    assert.equal(fs.readFileSync(path.join(dest, names[2999]), 'utf8'), 'crash 2999\n');
  });

  it('stops a bomb at its declared size, a whole past the bound before writing, and damage at the CRC', async () => {
    const dir = tempDir();
    const bomb = writeZip(path.join(dir, 'bomb.zip'), [{ name: 'c/files.json', data: Buffer.alloc(20_000_000, 0x41), claimSize: 1000 }]);
    await assert.rejects(extractZip(bomb, fs.mkdtempSync(path.join(dir, 'd'))), /inflates past its declared 1000 bytes/);
    const big = writeZip(path.join(dir, 'big.zip'), [{ name: 'a', data: Buffer.alloc(600_000) }, { name: 'b', data: Buffer.alloc(600_000) }]);
    const empty = fs.mkdtempSync(path.join(dir, 'd'));
    await assert.rejects(extractZip(big, empty, { maxBytes: 1_000_000, maxEntries: 10 }), /expands past 1000000 bytes/);
    assert.deepEqual(fs.readdirSync(empty), []);
    await assert.rejects(extractZip(big, fs.mkdtempSync(path.join(dir, 'd')), { maxBytes: 10_000_000, maxEntries: 1 }), /more than 1 entries/);
    // A flipped bit in stored data inflates to other bytes (or fails to inflate): never accepted silently.
    const good = writeZip(path.join(dir, 'good.zip'), [{ name: 'ps.txt', data: 'USER PID PPID NAME\n'.repeat(500) }]);
    const bytes = fs.readFileSync(good);
    bytes[40] ^= 0x10;
    fs.writeFileSync(good, bytes);
    await assert.rejects(extractZip(good, fs.mkdtempSync(path.join(dir, 'd'))), (e: unknown) => e instanceof ZipError);
  });

  it('a mutated zip unpacks or fails with a typed error, and never writes outside its folder (fast-check)', async () => {
    const dir = tempDir();
    const base = fs.readFileSync(writeZip(path.join(dir, 'base.zip'), [
      { name: 'c/getprop.txt', data: '[ro.build.version.sdk]: [30]\n'.repeat(20) },
      { name: 'c/sub/ps.txt', data: 'root 1 0 init\n'.repeat(30) },
      { name: 'c/empty', data: '' },
    ]));
    let n = 0;
    await fc.assert(fc.asyncProperty(fc.array(fc.tuple(fc.nat(base.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }), async (flips) => {
      const bytes = Buffer.from(base);
      for (const [at, v] of flips) bytes[at] = v;
      const work = path.join(dir, `m${n++}`);
      fs.mkdirSync(path.join(work, 'dest'), { recursive: true });
      fs.writeFileSync(path.join(work, 'z.zip'), bytes);
      try {
        await extractZip(path.join(work, 'z.zip'), path.join(work, 'dest'), { maxBytes: 1_000_000, maxEntries: 100 });
      } catch (e) {
        assert.ok(e instanceof DeviceError, String(e));
      }
      assert.deepEqual(fs.readdirSync(work).sort(), ['dest', 'z.zip']);
      fs.rmSync(work, { recursive: true });
    }), { numRuns: 300 });
  });
});
