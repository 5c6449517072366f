// A data file whose columns do not fit its logsource is refused, naming the missing ones.
import { InputError, type DuckDBConnection } from '../../core/index.ts';
import type { LogsourceDef } from '../compile/index.ts';
import { jsonKeysByFile } from './lines.ts';

export function refuseMissing(file: string, have: string[], ls: LogsourceDef): void {
  const missing = ls.required.filter((f) => !have.includes(f));
  if (missing.length > 0) {
    throw new InputError('DATA_COLUMNS', `columns missing for ${ls.id}: ${missing.join(', ')}`, {
      where: file,
      hint: ls.id === 'call_telemetry' ? 'call telemetry format v1 needs every column of data/telemetry/call-telemetry-spec.md' : 'is this the right Zeek log?',
    });
  }
}

/**
 * The same for JSON Lines files, whose columns are the keys of many records together (`sample`
 * of a large file). `mayBeAbsent` are columns a record may leave out. A file with no JSON object
 * to learn from is not refused: its lines are counted bad, as any other that is not a record.
 */
export async function refuseMissingJsonKeys(c: DuckDBConnection, files: string[], ls: LogsourceDef, sample: number, mayBeAbsent: readonly string[] = []): Promise<void> {
  const keys = await jsonKeysByFile(c, files, sample);
  for (const f of files) {
    const seen = keys.get(f) ?? [];
    if (seen.length > 0) refuseMissing(f, [...seen, ...mayBeAbsent], ls);
  }
}
