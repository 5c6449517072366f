// Paths to the bundled real indicators and small helpers for writing test inputs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const PEGASUS_DIR = path.join(ROOT, 'data/iocs/amnesty-pegasus-2021');
export const PEGASUS_STIX = path.join(PEGASUS_DIR, 'pegasus.stix2');
export const CYTROX_STIX = path.join(ROOT, 'data/iocs/amnesty-cytrox-2021/cytrox.stix2');

export function tempDir(prefix = 'vigil-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function writeTemp(dir: string, name: string, content: string): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
}
