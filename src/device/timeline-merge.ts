// The merge of a check's timeline runs into timeline.csv's order, a span at a time (consecutive
// lines of one run), so that its caller can stop between spans: to let the file's pieces go to the
// disk while the rest is merged. The order is MVT's one stable sort of every module's rows in turn.
import type { TimelineRun } from './timeline-runs.ts';
import { compareTimes } from './timeline-times.ts';

export type Span = (run: TimelineRun, from: number, to: number) => void;

export class RunMerge {
  /** Each run's next line. */
  private readonly next: number[];
  /**
   * The runs with lines left, in a binary heap by their next line: the first is the run to take
   * from, and the better of its two children the one it may run ahead of.
   */
  private readonly heap: number[];

  /** `runs` in the modules' order, which breaks ties of time. */
  constructor(private readonly runs: readonly TimelineRun[]) {
    this.next = runs.map(() => 0);
    this.heap = runs.map((_, k) => k).filter((k) => runs[k].count > 0);
    for (let i = (this.heap.length >> 1) - 1; i >= 0; i--) this.down(i);
  }

  /** MVT's stable sort puts a line first when it is earlier, or as early and of an earlier module. */
  private before(k: number, l: number): boolean {
    const c = compareTimes(this.runs[k].times, this.next[k], this.runs[l].times, this.next[l]);
    return c < 0 || (c === 0 && k < l);
  }

  private down(at: number): void {
    const heap = this.heap;
    for (;;) {
      const l = 2 * at + 1;
      if (l >= heap.length) return;
      const c = l + 1 < heap.length && this.before(heap[l + 1], heap[l]) ? l + 1 : l;
      if (!this.before(heap[c], heap[at])) return;
      [heap[at], heap[c]] = [heap[c], heap[at]];
      at = c;
    }
  }

  /** Gives the next span to `span`; false once every line was given. */
  take(span: Span): boolean {
    const heap = this.heap;
    if (heap.length === 0) return false;
    const best = heap[0];
    const second = heap.length > 2 && this.before(heap[2], heap[1]) ? heap[2] : heap.length > 1 ? heap[1] : -1;
    const run = this.runs[best];
    const from = this.next[best];
    let to = from + 1;
    if (second < 0) to = run.count;
    else {
      const limit = this.runs[second].times;
      const at = this.next[second];
      const tieGoesFirst = best < second;
      for (; to < run.count; to++) {
        const c = compareTimes(run.times, to, limit, at);
        if (!(c < 0 || (tieGoesFirst && c === 0))) break;
      }
    }
    this.next[best] = to;
    span(run, from, to);
    if (to === run.count) (heap[0] = heap[heap.length - 1]), heap.pop();
    this.down(0);
    return true;
  }
}
