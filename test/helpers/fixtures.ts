// Paths to the bundled real indicators and small helpers for writing test inputs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const PEGASUS_DIR = path.join(ROOT, 'data/iocs/amnesty-pegasus-2021');
export const PEGASUS_STIX = path.join(PEGASUS_DIR, 'pegasus.stix2');
export const CYTROX_STIX = path.join(ROOT, 'data/iocs/amnesty-cytrox-2021/cytrox.stix2');

// Every test file is its own process: its folders go when it exits, so a run leaves no data behind
// (a full run writes gigabytes; left in place they filled the disk and failed later runs).
// VIGIL_TEST_KEEP_TMP=1 keeps them for a look after a failure.
const made: string[] = [];
process.once('exit', () => {
  if (process.env.VIGIL_TEST_KEEP_TMP === '1') return;
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

export function tempDir(prefix = 'vigil-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export function writeTemp(dir: string, name: string, content: string): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
}

/** A hunt's listed bad records as [file name, line, reason], in the order the hunt lists them. */
export function rejectedAt(r: { rejected: { file: string; line: number; reason: string }[] }): [string, number, string][] {
  return r.rejected.map((x) => [path.basename(x.file), x.line, x.reason]);
}
