// STIX 2.1 bundle export: one malware object per collection, indicators related to it by
// `indicates`. Indicators imported from STIX keep their original pattern and id.
import { EXPORT_PATH } from '../stix/object-paths.ts';
import { DEFAULT_COLLECTION, type IndicatorRecord } from '../types.ts';
import { byCollection, uuid5, type ExportResult } from './common.ts';

function quote(v: string): string {
  return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export function patternFor(r: IndicatorRecord): string {
  const path = EXPORT_PATH[r.type];
  const op = r.match === 'cidr' ? 'ISSUBSET' : r.match === 'like' ? 'LIKE' : r.match === 'regex' ? 'MATCHES' : '=';
  return `[${path} ${op} ${quote(r.value)}]`;
}

export function exportStix(records: IndicatorRecord[], now = new Date().toISOString()): ExportResult {
  const objects: Record<string, unknown>[] = [];
  let exported = 0;
  for (const [collection, recs] of byCollection(records)) {
    const malwareId = collection === DEFAULT_COLLECTION ? undefined : `malware--${uuid5(`collection:${collection}`)}`;
    if (malwareId) {
      objects.push({ type: 'malware', spec_version: '2.1', id: malwareId, created: now, modified: now, name: collection, is_family: false });
    }
    // Records from one STIX indicator share its pattern: export that indicator once, as it was.
    const seen = new Set<string>();
    for (const r of recs) {
      const fromStix = r.pattern && r.stixId?.startsWith('indicator--');
      const key = fromStix ? `${r.stixId}` : `${r.type}:${r.match}:${r.value}`;
      if (seen.has(key)) {
        exported++;
        continue;
      }
      seen.add(key);
      const id = fromStix ? r.stixId! : `indicator--${uuid5(`${collection}|${key}`)}`;
      const created = r.validFrom ?? now;
      objects.push({
        type: 'indicator', spec_version: '2.1', id, created, modified: created,
        indicator_types: ['malicious-activity'],
        pattern: fromStix ? r.pattern : patternFor(r),
        pattern_type: 'stix', pattern_version: '2.1', valid_from: created,
      });
      if (malwareId) {
        objects.push({
          type: 'relationship', spec_version: '2.1', id: `relationship--${uuid5(`${id}->${malwareId}`)}`,
          created: now, modified: now, relationship_type: 'indicates', source_ref: id, target_ref: malwareId,
        });
      }
      exported++;
    }
  }
  const bundle = { type: 'bundle', id: `bundle--${uuid5(`bundle:${objects.length}:${now}`)}`, objects };
  return { text: JSON.stringify(bundle, null, 2) + '\n', exported, skipped: [] };
}
