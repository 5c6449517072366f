// timeline.csv built as the check goes. Each module's rows, put in time order, become CSV bytes as
// soon as the module ends, while their strings are still young: kept as objects to the end, a big
// phone's million rows were copied and marked by the garbage collector through every later module,
// which cost more than writing them. The file is then a merge of those runs, which is the same as
// MVT's one stable sort of every module's rows in turn: equal times keep the modules' order.
import { csvField } from './mvt-csv.ts';
import type { PieceWriter } from './output-files.ts';
import { RunMerge, type Span } from './timeline-merge.ts';
import { timeAt, type RunTimes } from './timeline-times.ts';
import type { TimelineRow } from './types.ts';

// Bytes per piece a run is written into; a line longer than that gets a piece of its own size.
export const PIECE = 4 << 20;

/** One module's rows in time order, as CSV lines in pieces of bytes: plain data, which a message between threads carries. */
export interface TimelineRun {
  slug: string;
  /** Line i's time. */
  times: RunTimes;
  /** How many lines. */
  count: number;
  /** For line i: its piece, and where it starts and ends in it. */
  piece: Uint32Array;
  start: Uint32Array;
  end: Uint32Array;
  pieces: Buffer[];
}

/** Reads one line back into its four fields (the inverse of csvField: a quote doubled, a backslash escaped). */
function parseLine(text: string): string[] {
  const fields: string[] = [];
  let i = 0;
  while (i < text.length && text[i] === '"') {
    let value = '';
    let j = i + 1;
    for (;;) {
      const c = text[j];
      if (c === undefined) throw new Error(`timeline line ends inside a field: ${text}`);
      if (c === '\\') {
        value += text[j + 1];
        j += 2;
      } else if (c === '"' && text[j + 1] === '"') {
        value += '"';
        j += 2;
      } else if (c === '"') break;
      else value += text[j++];
    }
    fields.push(value);
    i = j + 2;
  }
  return fields;
}

/** A run as it arrives from another thread, whose Buffers a message carries as plain byte arrays. */
export function receivedRun(run: TimelineRun): TimelineRun {
  return { ...run, pieces: run.pieces.map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength)) };
}

export class TimelineRuns {
  private readonly runs: TimelineRun[] = [];
  private decoded?: TimelineRow[];

  /** Adds a module's run; runs are added in the modules' order, which breaks ties of time. */
  add(run: TimelineRun): void {
    if (run.count === 0) return;
    this.runs.push(run);
    this.decoded = undefined;
  }

  /**
   * timeline.csv's bytes, copied into `out` as they are merged: the header, then every line in
   * time order. Waits for the event loop after each buffer `out` hands to the disk, so that
   * written buffers come back to be filled again.
   */
  async csv(header: readonly string[], out: Pick<PieceWriter, 'push' | 'copy' | 'handedOff'>): Promise<void> {
    out.push(`${header.map(csvField).join(',')}\r\n`);
    let handedOff = out.handedOff;
    const merge = new RunMerge(this.runs);
    const span: Span = (run, from, to) => {
      let i = from;
      while (i < to) {
        let j = i + 1;
        // Lines next to each other in the file and in their piece are copied at once.
        while (j < to && run.piece[j] === run.piece[i] && run.start[j] === run.end[j - 1]) j++;
        out.copy(run.pieces[run.piece[i]], run.start[i], run.end[j - 1]);
        i = j;
      }
    };
    while (merge.take(span)) {
      if (out.handedOff === handedOff) continue;
      handedOff = out.handedOff;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** The rows in timeline.csv's order, read back from their lines (each module's slug, not its Plugin name). */
  rows(): TimelineRow[] {
    if (this.decoded) return this.decoded;
    const rows: TimelineRow[] = [];
    const merge = new RunMerge(this.runs);
    while (
      merge.take((run, from, to) => {
        for (let i = from; i < to; i++) {
          const [, , event, data] = parseLine(run.pieces[run.piece[i]].toString('utf8', run.start[i], run.end[i]));
          rows.push({ timestamp: timeAt(run.times, i), module: run.slug, event, data });
        }
      })
    );
    this.decoded = rows;
    return rows;
  }
}
