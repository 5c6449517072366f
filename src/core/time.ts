// Times read from files and flags, in UTC whatever the machine's zone. JavaScript reads a date
// and time written without a zone (`2019-05-02 03:14:07`) as the machine's local time, so the same
// file would give other times on an investigator's laptop than on the server; vigil reads it as UTC.

const NO_ZONE = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$/;

/** Milliseconds since the epoch of an ISO 8601 / RFC 3339 time (UTC when it names no zone); NaN if it is not one. */
export function parseUtc(text: string): number {
  const s = text.trim();
  const m = NO_ZONE.exec(s);
  return Date.parse(m ? `${m[1]}T${m[2]}Z` : s);
}

/** Years 1 to 9999, the times RFC 3339 can write (and PostgreSQL and DuckDB can store), in ms. */
export const EARLIEST_MS = Date.parse('0001-01-01T00:00:00.000Z');
export const LATEST_MS = Date.parse('9999-12-31T23:59:59.999Z');

/** Milliseconds since the epoch as ISO 8601 UTC (`…Z`), or null outside years 1 to 9999. */
export function isoOfMs(ms: number): string | null {
  return Number.isFinite(ms) && ms >= EARLIEST_MS && ms <= LATEST_MS ? new Date(ms).toISOString() : null;
}

/** The time as ISO 8601 UTC (`…Z`), or null when it is not a time of years 1 to 9999. */
export function utcIso(text: string | undefined | null): string | null {
  return text ? isoOfMs(parseUtc(text)) : null;
}
