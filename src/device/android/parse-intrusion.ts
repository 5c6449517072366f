// Android's intrusion logs (Advanced Protection's intrusion logging, exported as newline-delimited
// JSON), read as MVT's check-intrusion-logs reads them: each line an object whose keys are event
// types (`dns_event`, `connect_event`, `security_event`, and types yet to come) and whose values
// are the events. An event met again in another file (daily exports overlap) is kept once: its
// identity is its JSON with sorted keys. A line that is no JSON object is counted and skipped.
// Pure: text in, events out, never an exception.

export interface IntrusionEvents {
  /** Events by their type, in the order first met. */
  byType: Map<string, Record<string, unknown>[]>;
  lines: number;
  /** Lines that are not JSON, or not an object: file and line of the first few. */
  skipped: { file: string; line: number }[];
  skippedTotal: number;
  duplicates: number;
  seen: Set<string>;
}

export const emptyIntrusionEvents = (): IntrusionEvents => ({ byType: new Map(), lines: 0, skipped: [], skippedTotal: 0, duplicates: 0, seen: new Set() });

/** JSON with every object's keys sorted: one text for equal events, whatever order their keys came in. */
export function sortedJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(sortedJson).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${sortedJson((v as Record<string, unknown>)[k])}`).join(',')}}`;
  return JSON.stringify(v) ?? 'null';
}

/** Adds the events of one file's text to `into`. */
export function addIntrusionLines(text: string, file: string, into: IntrusionEvents): void {
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    into.lines++;
    let entry: unknown;
    try {
      entry = JSON.parse(line);
    } catch {
      entry = undefined;
    }
    if (!entry || typeof entry !== 'object' || Array.isArray(entry)) {
      into.skippedTotal++;
      if (into.skipped.length < 20) into.skipped.push({ file, line: i + 1 });
      continue;
    }
    for (const [type, event] of Object.entries(entry)) {
      if (!event || typeof event !== 'object' || Array.isArray(event)) continue;
      const identity = sortedJson(event);
      if (into.seen.has(identity)) {
        into.duplicates++;
        continue;
      }
      into.seen.add(identity);
      let list = into.byType.get(type);
      if (!list) into.byType.set(type, (list = []));
      list.push(event as Record<string, unknown>);
    }
  }
}
