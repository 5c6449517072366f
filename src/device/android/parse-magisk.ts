// The Magisk modules recent AndroidQF collects on a rooted phone (magisk_modules/manifest.json and
// each module's module.prop), read as MVT's MagiskModules reads them: a record per module with its
// state files (disabled, to be removed, to be updated, when AndroidQF saw them all) and the
// properties of its module.prop. A module.prop is read only from where the manifest may name one:
// a relative path under magisk_modules/, never outside the collection.
import { partition, splitLines } from './lines.ts';
import { manifestList, manifestPath } from './parse-json.ts';

/** Past this size a module.prop is not read (MVT's bound). */
export const MAX_MODULE_PROP_BYTES = 1 << 20;

/** module.prop's `key=value` lines: comments, blank lines and lines without "=" skipped, key and value stripped. */
export function parseModuleProp(text: string): Record<string, string> {
  const properties: Record<string, string> = {};
  for (const raw of splitLines(text)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const [key, value] = partition(line, '=');
    if (value !== undefined && key.trim() !== '') properties[key.trim()] = value.trim();
  }
  return properties;
}

/** The manifest's path for a module.prop, if it is one the collection may hold: magisk_modules/<dir…>/module.prop. */
export function safePropPath(p: unknown): string | undefined {
  const path = manifestPath(p, 'magisk_modules');
  const parts = path?.split('/') ?? [];
  return parts.length >= 3 && parts[parts.length - 1] === 'module.prop' ? path : undefined;
}

/**
 * MVT's records of the manifest's modules. `readProp` gives the text of a module.prop by its
 * path in the collection, or undefined when it is missing, ambiguous or too big.
 */
export function magiskRecords(manifestText: string, readProp: (relativePath: string) => string | undefined, where = 'magisk_modules/manifest.json'): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const entry of manifestList(manifestText, where, 'Magisk module', 'modules')) {
    if (!entry || typeof entry !== 'object' || Array.isArray(entry)) continue;
    const e = entry as Record<string, unknown>;
    const listed = Array.isArray(e.state_files) && e.state_files.every((s) => typeof s === 'string');
    const stateFiles = listed ? (e.state_files as string[]) : [];
    const complete = listed && e.state_files_complete === true;
    const has = (name: string) => (complete ? stateFiles.includes(name) : null);
    let properties: Record<string, string> = {};
    if (e.module_prop_status === 'collected') {
      const p = safePropPath(e.module_prop_path);
      const text = p === undefined ? undefined : readProp(p);
      if (text !== undefined) properties = parseModuleProp(text);
    }
    const prop = (k: string) => properties[k] ?? null;
    out.push({
      device_path: e.device_path ?? null, directory_name: e.directory_name ?? null, module_prop_status: e.module_prop_status ?? null,
      state_files: stateFiles, state_files_complete: complete, disabled: has('disable'), removal_pending: has('remove'), update_pending: has('update'), properties,
      id: prop('id'), name: prop('name'), version: prop('version'), version_code: prop('versionCode'), author: prop('author'), description: prop('description'), update_json: prop('updateJson'),
    });
  }
  return out;
}
