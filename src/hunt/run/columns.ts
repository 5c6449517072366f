// A data file whose columns do not fit its logsource is refused, naming the missing ones.
import { InputError } from '../../core/index.ts';
import type { LogsourceDef } from '../compile/index.ts';

export function refuseMissing(file: string, have: string[], ls: LogsourceDef): void {
  const missing = ls.required.filter((f) => !have.includes(f));
  if (missing.length > 0) {
    throw new InputError('DATA_COLUMNS', `columns missing for ${ls.id}: ${missing.join(', ')}`, {
      where: file,
      hint: ls.id === 'call_telemetry' ? 'call telemetry format v1 needs every column of data/telemetry/call-telemetry-spec.md' : 'is this the right Zeek log?',
    });
  }
}
