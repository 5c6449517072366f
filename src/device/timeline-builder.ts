// A module's timeline run, built row by row. Each row's line becomes bytes as it comes, so the row
// and its strings die young (a module's half a million rows, made at once and kept until they were
// written, were copied by the garbage collector on the way: a third of the time of writing them).
// Then the lines are put in time order (stable: equal times keep the module's order) and a line
// repeated at its time is dropped, as MVT's _deduplicate_timeline drops a module's repeated rows.
// A module that adds rows as it reads its table, not in its records' order, gives each row its
// record's sort key (`tie`): lines of equal times are then in the order that records' order gave.
import { csvField } from './mvt-csv.ts';
import { PIECE, type TimelineRun } from './timeline-runs.ts';
import { compareTimes, runTimes, setTime, type RunTimes } from './timeline-times.ts';
import type { TimelineRow } from './types.ts';

const NO_ROW = Symbol('no row yet');

// Lines are written to the bytes a batch at a time: one write of a batch's text, not one per line.
const BATCH = 256;

/** Copies `t`'s first `count` times (or those at `order`) into a new RunTimes with room for `capacity`. */
function copyTimes(t: RunTimes, count: number, order?: Uint32Array, capacity = count): RunTimes {
  const out = runTimes(capacity);
  if (!order) {
    out.seconds.set(t.seconds.subarray(0, count));
    out.micros.set(t.micros.subarray(0, count));
    for (const [i, time] of t.other) if (i < count) out.other.set(i, time);
    return out;
  }
  for (let k = 0; k < count; k++) {
    const i = order[k];
    out.seconds[k] = t.seconds[i];
    out.micros[k] = t.micros[i];
    if (t.other.has(i)) out.other.set(k, t.other.get(i)!);
  }
  return out;
}

export class RunBuilder {
  private count = 0;
  private times = runTimes(0);
  private piece = new Uint32Array(0);
  private start = new Uint32Array(0);
  private end = new Uint32Array(0);
  /** Each line's tie, once a row came with one. */
  private ties: Float64Array | undefined;
  private readonly pieces: Buffer[] = [];
  private buf = Buffer.allocUnsafe(0);
  private at = 0;
  private readonly lines: string[] = [];
  private readonly pluginField: string;
  /** The last row's event, and its field. */
  private event: unknown = NO_ROW;
  private eventField = '';

  /** `plugin`: the run's Plugin column. */
  constructor(private readonly slug: string, plugin: string) {
    this.pluginField = csvField(plugin);
  }

  /** `tie`: orders this row among rows of equal time, before the order rows were added in. */
  add(row: TimelineRow, tie?: number): void {
    if (this.count === this.piece.length) this.grow();
    if (tie !== undefined) (this.ties ??= new Float64Array(this.piece.length))[this.count] = tie;
    // A time of MVT's form needs no escaping, and a module's rows mostly share their event: each
    // field's escaping test was a third of the time of writing a big module's lines.
    const time = setTime(this.times, this.count++, row.timestamp ?? null) ? `"${row.timestamp}"` : csvField(row.timestamp);
    if (row.event !== this.event) this.eventField = csvField((this.event = row.event));
    this.lines.push(`${time},${this.pluginField},${this.eventField},${csvField(row.data)}\r\n`);
    if (this.lines.length === BATCH) this.flush();
  }

  private grow(): void {
    const size = Math.max(1024, this.piece.length * 2);
    const widen = (a: Uint32Array) => {
      const b = new Uint32Array(size);
      b.set(a);
      return b;
    };
    [this.piece, this.start, this.end] = [widen(this.piece), widen(this.start), widen(this.end)];
    if (this.ties) {
      const ties = new Float64Array(size);
      ties.set(this.ties);
      this.ties = ties;
    }
    this.times = copyTimes(this.times, this.count, undefined, size);
  }

  /** Writes the batch's lines to the bytes. */
  private flush(): void {
    const lines = this.lines;
    if (lines.length === 0) return;
    const text = lines.join('');
    // UTF-8 takes at most three bytes per UTF-16 code unit.
    if (this.at + text.length * 3 > this.buf.length) {
      if (this.at > 0) this.pieces.push(this.buf.subarray(0, this.at));
      this.buf = Buffer.allocUnsafe(Math.max(PIECE, text.length * 3));
      this.at = 0;
    }
    const written = this.buf.write(text, this.at, 'utf8');
    // Only ASCII (any other character takes two bytes or more): each line's bytes are its characters.
    const ascii = written === text.length;
    const piece = this.pieces.length;
    let from = this.at;
    for (let k = 0, i = this.count - lines.length; k < lines.length; k++, i++) {
      this.piece[i] = piece;
      this.start[i] = from;
      from += ascii ? lines[k].length : Buffer.byteLength(lines[k], 'utf8');
      this.end[i] = from;
    }
    this.at += written;
    lines.length = 0;
  }

  private line(i: number): string {
    return (this.piece[i] === this.pieces.length ? this.buf : this.pieces[this.piece[i]]).toString('utf8', this.start[i], this.end[i]);
  }

  /** The run: its lines in time order, each line once at its time. */
  finish(): TimelineRun {
    this.flush();
    const n = this.count;
    let order: Uint32Array | undefined;
    const t = this.times;
    const ties = this.ties;
    // Ties are sort keys as SQLite orders them (±Infinity for NULL and text): equal infinities give NaN, which is no order.
    const byTie = ties ? (a: number, b: number) => ties[a] - ties[b] || 0 : () => 0;
    for (let i = 1; i < n; i++) {
      const c = compareTimes(t, i - 1, t, i);
      if (c > 0 || (c === 0 && byTie(i - 1, i) > 0)) {
        order = new Uint32Array(n);
        for (let k = 0; k < n; k++) order[k] = k;
        order.sort((a, b) => compareTimes(t, a, t, b) || byTie(a, b) || a - b);
        break;
      }
    }
    const kept = this.repeatsDropped(order);
    if (kept) order = kept;
    const count = order ? order.length : n;
    const pick = (a: Uint32Array) => (order ? order.map((i) => a[i]) : a.slice(0, n));
    return { slug: this.slug, times: copyTimes(this.times, count, order), count, piece: pick(this.piece), start: pick(this.start), end: pick(this.end), pieces: [...this.pieces, this.buf.subarray(0, this.at)] };
  }

  /** The order without the lines repeated at their time (first kept), or undefined if none is. */
  private repeatsDropped(order: Uint32Array | undefined): Uint32Array | undefined {
    const n = this.count;
    const at = (k: number) => (order ? order[k] : k);
    const drop = new Set<number>();
    for (let k = 0; k < n; ) {
      let e = k + 1;
      while (e < n && compareTimes(this.times, at(k), this.times, at(e)) === 0) e++;
      // Lines of equal times: usually one, so the text is compared only where there are more.
      if (e - k > 1) {
        const seen = new Set<string>();
        for (let j = k; j < e; j++) {
          // No time and an empty one are written alike, but MVT's rows differ (null, ""): both are kept.
          const key = this.times.other.get(at(j)) === null ? `\0${this.line(at(j))}` : this.line(at(j));
          if (seen.has(key)) drop.add(j);
          else seen.add(key);
        }
      }
      k = e;
    }
    if (drop.size === 0) return undefined;
    const kept = new Uint32Array(n - drop.size);
    for (let k = 0, w = 0; k < n; k++) if (!drop.has(k)) kept[w++] = at(k);
    return kept;
  }
}

/** A module's rows as a run (`plugin` is its Plugin column). */
export function encodeRun(slug: string, plugin: string, rows: TimelineRow[]): TimelineRun {
  const b = new RunBuilder(slug, plugin);
  for (const r of rows) b.add(r);
  return b.finish();
}

