// MVT's JSON (an indent of four), and a module's <slug>.json in pieces, as MVT lays it out or one
// record to a line. One JSON.stringify of a big phone's records can pass V8's
// longest string (512 MiB: ~1.5 M Safari visits, or a few hundred thousand messages with every
// column) and throw; written in batches, the file is the same bytes and no string grows past one
// batch's text. The pieces are made as the file's writer takes them, and are small (tens of
// kilobytes): each dies young, in memory the garbage collector uses again, where a piece of
// megabytes took fresh pages of its own. Integers past 2^53, held as BigInts, are written with
// every digit (core's exactJson).
import { exactJson } from '../core/index.ts';
import type { PieceWriter } from './output-files.ts';

/** JSON as MVT writes its files: an indent of four. */
export const mvtJson = (value: unknown): string => exactJson(value, 4);

/** Records to a piece: a piece of a few hundred records' text stays young (see above). */
const PER = 200;

/** Pieces whose concatenation is `JSON.stringify(records, null, 4)`, `per` records to a piece. */
export function* jsonChunks(records: unknown[], per = PER): Generator<string> {
  if (records.length <= per) return yield mvtJson(records);
  for (let i = 0; i < records.length; i += per) {
    const text = mvtJson(records.slice(i, i + per));
    // Each batch's text is "[\n" + its items + "\n]": the items joined with ",\n" are the whole's.
    const items = text.slice(2, -2);
    yield i === 0 ? `[\n${items}` : `,\n${items}`;
  }
  yield '\n]';
}

/**
 * Pieces of the list `records` with one record to a line (compact), `per` lines to a piece: the
 * values and keys of MVT's file, without its indent. For the modules of hundreds of thousands of
 * records (as sms.json), where the indent took a third of the time of writing them and a quarter
 * of the file.
 */
export function* jsonLines(records: unknown[], per = PER): Generator<string> {
  if (records.length === 0) return yield '[]';
  yield '[\n';
  for (let i = 0; i < records.length; i += per) {
    const lines: string[] = [];
    for (let j = i; j < Math.min(records.length, i + per); j++) lines.push(exactJson(records[j]));
    yield `${i === 0 ? '' : ',\n'}${lines.join(',\n')}`;
  }
  yield '\n]';
}

/**
 * The file jsonLines lays out ("[\n", a record to a line, "\n]"), written as its lines come, `per`
 * lines to a piece, for a module that writes its records as it reads them. `out` undefined: the
 * check writes no files, and the lines are dropped.
 */
export class JsonLineList {
  private parts: string[] = [];
  count = 0;

  constructor(
    private readonly out: PieceWriter | undefined,
    private readonly per = PER,
  ) {
    out?.push('[\n');
  }

  /** Adds one line (a record's JSON, compact). */
  add(line: string): void {
    if (this.out) {
      this.parts.push(this.count > 0 ? `,\n${line}` : line);
      if (this.parts.length === this.per) this.flush();
    }
    this.count++;
  }

  private flush(): void {
    if (this.parts.length > 0) this.out!.push(this.parts.join(''));
    this.parts = [];
  }

  /** Ends the list once every line is added; the file is then what jsonLines gives for them. */
  finish(): void {
    if (!this.out) return;
    this.flush();
    this.out.push('\n]');
  }
}
