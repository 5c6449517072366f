// `vigil device check-iocs`: re-check results saved by an earlier check against newer indicators,
// without the phone: each module's <slug>.json is read back and checked again; the alerts files
// are rewritten.
import fs from 'node:fs';
import path from 'node:path';
import { parseExactJson } from '../core/index.ts';
import type { MatchIndex } from '../indicators/index.ts';
import { DeviceError } from './errors.ts';
import { readJsonArray } from './json-array-reader.ts';
import { mvtJson } from './json-chunks.ts';
import { MODULES, resultsNameOf } from './modules/index.ts';
import { writeAlerts } from './run.ts';
import type { ArtifactSource } from './sources/types.ts';
import type { Alert, DeviceModule, Result } from './types.ts';

/**
 * The modules whose results may be in the folder: those of the kind of source info.json names
 * (an iOS check's sms.json is the sms module's, an AndroidQF check's is aqf_sms's); every module
 * but AndroidQF's messages when there is no info.json to say.
 */
function modulesOf(dir: string): DeviceModule[] {
  let kind: unknown;
  try {
    kind = (JSON.parse(fs.readFileSync(path.join(dir, 'info.json'), 'utf8')) as { source_kind?: unknown }).source_kind;
  } catch {
    kind = undefined;
  }
  const known = MODULES.filter((m) => m.sources.includes(kind as DeviceModule['sources'][number]));
  return known.length > 0 ? known : MODULES.filter((m) => !MODULES.some((o) => o !== m && o.slug === resultsNameOf(m)));
}

export function recheckResults(dir: string, index: MatchIndex): { modules: { slug: string; records: number; alerts: number }[]; alerts: Alert[] } {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new DeviceError('DEVICE_RESULTS', 'no results folder', { where: dir, hint: 'give the --output folder of an earlier check' });
  const none: ArtifactSource = { kind: 'fs', root: dir, file: () => undefined, find: () => [] };
  const modules: { slug: string; records: number; alerts: number }[] = [];
  const alerts: Alert[] = [];
  for (const m of modulesOf(dir)) {
    const file = path.join(dir, `${resultsNameOf(m)}.json`);
    if (!fs.existsSync(file)) continue;
    let records: Result[];
    try {
      // Read item by item: a big phone's results are longer than one string can be.
      records = m.fromJson ? m.fromJson(parseExactJson(fs.readFileSync(file, 'utf8'), { floats: true })) : (readJsonArray(file) as Result[]);
    } catch (e) {
      throw new DeviceError('DEVICE_RESULTS', `unreadable results: ${(e as Error).message}`, { where: file });
    }
    const found = m.check(records, { source: none, index });
    const detected = path.join(dir, `${resultsNameOf(m)}_detected.json`);
    if (found.length > 0) fs.writeFileSync(detected, mvtJson(found), { mode: 0o600 });
    else fs.rmSync(detected, { force: true });
    for (const a of found) alerts.push(a);
    modules.push({ slug: m.slug, records: records.length, alerts: found.length });
  }
  if (modules.length === 0) throw new DeviceError('DEVICE_RESULTS', 'no module results (<slug>.json) in this folder', { where: dir });
  writeAlerts(dir, alerts);
  return { modules, alerts };
}
