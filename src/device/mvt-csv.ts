// Timelines as MVT writes them, in its order. The CSV is Python's csv.writer with QUOTE_ALL and
// escapechar "\": every field quoted, a quote doubled, a backslash escaped, None an empty field,
// rows ended by CRLF; byte for byte the same, so scripts that read MVT's timeline.csv read vigil's.

const SPECIAL = /["\\]/;

/** One field as Python's csv.writer writes it with MVT's settings. */
export function csvField(v: unknown): string {
  if (v === null || v === undefined) return '""';
  // Python's str() of a bool, which is what MVT's rows would hold.
  const s = typeof v === 'boolean' ? (v ? 'True' : 'False') : String(v);
  // Most fields need no escaping: tested first, since timelines run to millions of fields.
  return SPECIAL.test(s) ? `"${s.replace(/\\/g, '\\\\').replace(/"/g, '""')}"` : `"${s}"`;
}

export function mvtCsv(rows: unknown[][]): string {
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** Python's order of strings (by code point, as MVT's sorted() does), null first as MVT's "" is. */
export function byTime(a: string | null | undefined, b: string | null | undefined): number {
  const x = a ?? '';
  const y = b ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
}
