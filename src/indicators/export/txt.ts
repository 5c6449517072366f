// Plain-list export: values one per line, with `# collection:` and `# type:` lines that vigil's
// plain-list importer reads back, so the list round-trips; other tools skip them as comments.
import type { IndicatorRecord } from '../types.ts';
import { byCollection, type ExportResult } from './common.ts';

export function exportTxt(records: IndicatorRecord[]): ExportResult {
  const lines: string[] = [];
  const skipped: ExportResult['skipped'] = [];
  let exported = 0;
  for (const [collection, recs] of byCollection(records)) {
    lines.push(`# collection: ${collection}`);
    let type = '';
    for (const r of [...recs].sort((a, b) => a.type.localeCompare(b.type))) {
      if (r.match === 'like' || r.match === 'regex' || /[\r\n]/.test(r.value)) {
        skipped.push({ type: r.type, value: r.value, reason: `a ${r.match} pattern is not a plain value` });
        continue;
      }
      if (r.type !== type) lines.push(`# type: ${(type = r.type)}`);
      lines.push(r.value);
      exported++;
    }
  }
  return { text: lines.join('\n') + '\n', exported, skipped };
}
