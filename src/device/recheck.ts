// `vigil device check-iocs`: re-check results saved by an earlier check against newer indicators,
// without the phone: each module's <slug>.json is read back and checked again; the alerts files
// are rewritten.
import fs from 'node:fs';
import path from 'node:path';
import type { MatchIndex } from '../indicators/index.ts';
import { DeviceError } from './errors.ts';
import { readJsonArray } from './json-array-reader.ts';
import { MODULES } from './modules/index.ts';
import { writeAlerts } from './run.ts';
import type { ArtifactSource } from './sources/types.ts';
import type { Alert, Result } from './types.ts';

export function recheckResults(dir: string, index: MatchIndex): { modules: { slug: string; records: number; alerts: number }[]; alerts: Alert[] } {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new DeviceError('DEVICE_RESULTS', 'no results folder', { where: dir, hint: 'give the --output folder of an earlier check' });
  const none: ArtifactSource = { kind: 'fs', root: dir, file: () => undefined, find: () => [] };
  const modules: { slug: string; records: number; alerts: number }[] = [];
  const alerts: Alert[] = [];
  for (const m of MODULES) {
    const file = path.join(dir, `${m.slug}.json`);
    if (!fs.existsSync(file)) continue;
    let records: Result[];
    try {
      // Read item by item: a big phone's results are longer than one string can be.
      records = m.fromJson ? m.fromJson(JSON.parse(fs.readFileSync(file, 'utf8'))) : (readJsonArray(file) as Result[]);
    } catch (e) {
      throw new DeviceError('DEVICE_RESULTS', `unreadable results: ${(e as Error).message}`, { where: file });
    }
    const found = m.check(records, { source: none, index });
    const detected = path.join(dir, `${m.slug}_detected.json`);
    if (found.length > 0) fs.writeFileSync(detected, JSON.stringify(found, null, 4), { mode: 0o600 });
    else fs.rmSync(detected, { force: true });
    for (const a of found) alerts.push(a);
    modules.push({ slug: m.slug, records: records.length, alerts: found.length });
  }
  if (modules.length === 0) throw new DeviceError('DEVICE_RESULTS', 'no module results (<slug>.json) in this folder', { where: dir });
  writeAlerts(dir, alerts);
  return { modules, alerts };
}
