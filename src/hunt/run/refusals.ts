// What makes a hunt refuse to run. A hunt replaces the case's last one, so a hunt that could find
// nothing (no good record, no rule for the data; for indicator files holding nothing, see
// requireIndicators) would only erase what was found before: each is refused, before anything is
// stored, with what to do instead.
import { InputError } from '../../core/index.ts';
import type { CompiledQuery } from '../compile/index.ts';
import type { LoadedSources } from './sources.ts';

/** The compiled queries that run on the loaded data, and those skipped for want of their logsource. */
export function runnableQueries(queries: CompiledQuery[], loaded: LoadedSources, rulePaths: string[]): { runnable: CompiledQuery[]; skipped: { name: string; reason: string }[] } {
  const runnable: CompiledQuery[] = [];
  const skipped: { name: string; reason: string }[] = [];
  for (const q of queries) {
    if (!q.generate) continue;
    const missing = q.logsources.filter((l) => !loaded.present.has(l));
    if (missing.length > 0) skipped.push({ name: q.name, reason: `no ${missing.join(', ')} data` });
    else runnable.push(q);
  }
  if (runnable.length === 0) {
    const wanted = [...new Set(queries.filter((q) => q.generate).flatMap((q) => q.logsources))];
    throw new InputError('RULES_NO_DATA', `no rule reads this data: the rules read ${wanted.join(', ') || 'nothing'}, the data holds ${[...loaded.present].join(', ')}`, {
      where: rulePaths.join(' '),
      hint: 'give the rule pack for this data (rules/cve-2019-3568 for call telemetry, rules/spyware-infrastructure for Zeek logs); the case keeps its last hunt',
    });
  }
  return { runnable, skipped };
}

export function refuseEmptyData(loaded: LoadedSources, dataPaths: string[]): void {
  if (Object.values(loaded.rows).some((n) => n > 0)) return;
  const first = loaded.rejected[0];
  throw new InputError('DATA_EMPTY', first ? `no good record in the data: all ${loaded.rejectedTotal} are malformed (first at ${first.file}:${first.line}: ${first.reason})` : 'the data holds no record', {
    where: dataPaths.join(' '),
    hint: 'nothing was hunted; the case keeps its last hunt',
  });
}
