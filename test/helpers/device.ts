// Small helpers of the device-module tests: the built-in modules by slug, a module's saved JSON, a
// comparison of two values' JSON text that fails on a key out of MVT's order as on a value, and a
// new database at its place in a dump.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { MODULES, type DeviceModule } from '../../src/device/index.ts';

export const only = (...slugs: string[]): DeviceModule[] => MODULES.filter((m) => slugs.includes(m.slug));

/** `<slug>.json` of a check's output folder, parsed. */
export const readModuleJson = (out: string, slug: string) => JSON.parse(fs.readFileSync(path.join(out, `${slug}.json`), 'utf8'));

/** Equal JSON texts: the same keys in the same order, and the same values. */
export const sameJson = (a: unknown, b: unknown) => assert.equal(JSON.stringify(a, null, 1), JSON.stringify(b, null, 1));

/** A new SQLite database at `file`, its folders made (a dump's path for a module to find). */
export function newDbAt(file: string): Database.Database {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  return new Database(file);
}
