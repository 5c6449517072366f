// Builds indicator records in memory for match-index tests (the store path is tested elsewhere).
import { normalizeAs, type IndicatorRecord, type IndicatorType, type MatchKind } from '../../src/indicators/index.ts';

let nextId = 1;

export function rec(type: IndicatorType, raw: string, extra: Partial<IndicatorRecord> = {}): IndicatorRecord {
  const n = normalizeAs(type, raw);
  const value = n.ok ? n.value : raw;
  const match: MatchKind = extra.match ?? (n.ok ? n.match : 'exact');
  return {
    id: nextId++, type: n.ok ? n.type : type, value, match, original: raw, collection: 'test', source: 'test.txt',
    location: `line ${nextId}`, stixId: null, pattern: null, conditions: null, validFrom: null, ...extra,
  };
}
