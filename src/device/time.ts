// Epoch milliseconds to ISO 8601 UTC text, as Date#toISOString writes it, but never throwing:
// evidence databases hold millions of times, and a corrupt one must give null, not stop its
// module with a RangeError. (A hand-rolled formatter was 3x faster in isolation and slower in a
// whole check: its strings are ropes that JSON output must flatten again.)
export function isoOfEpochMs(value: number): string | null {
  if (!Number.isFinite(value)) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}
