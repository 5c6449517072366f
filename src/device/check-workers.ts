// The worker threads of a device check. Each opens the evidence again and takes modules from the
// same queue as the check's own thread: a shared counter, advanced atomically, so whichever thread
// is free takes the next module and no module runs twice. A worker still starting when the queue
// is empty is stopped; one that stops mid-module leaves that module failed, never the check.
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { revivePythonFloats } from '../core/index.ts';
import type { PortableIndex } from '../indicators/index.ts';
import type { ModuleRun } from './module-run.ts';
import type { SourceSpec } from './sources/types.ts';
import { addReadHashes, type ReadHash } from './read-hashes.ts';
import { receivedRun } from './timeline-runs.ts';

export interface WorkerData {
  spec: SourceSpec;
  index: PortableIndex;
  /** The queue: module slugs in the order they are taken. */
  slugs: string[];
  /** counter[0]: the next place in the queue. */
  counter: Int32Array;
  out?: string;
  /** The worker's own temporary folder (decrypted files, database copies), inside one of the check's. */
  tmp: string;
}

export type WorkerMessage =
  | { type: 'start'; i: number }
  /** A module's run, and the files the worker has read so far with the hashes it took (for info.json). */
  | { type: 'run'; i: number; run: ModuleRun; read: [string, string][]; hashes: [string, ReadHash][] }
  | { type: 'done'; writeError?: string };

type State = 'starting' | 'working' | 'done' | 'gone';

export class CheckWorkers {
  /** Module runs the workers sent, by place in the queue. */
  readonly runs = new Map<number, ModuleRun>();
  /** Files the workers read, as trackedSource notes them, known once their runs are in. */
  readonly read = new Map<string, string>();
  /** Places taken by a worker that stopped before sending their run, with why it stopped. */
  readonly lost = new Map<number, string>();
  writeError?: Error;
  private readonly takenBy = new Map<number, number>();
  private readonly states: State[] = [];
  private readonly threads: Worker[] = [];
  private wake = () => {};

  /** `script`: what each thread starts from (see worker-script.ts). */
  constructor(script: URL, count: number, data: WorkerData, onStart: (i: number) => void) {
    for (let w = 0; w < count; w++) {
      // Each its own folder: two threads decrypting the same file into one would read each other's half-written copy.
      const tmp = path.join(data.tmp, `worker-${w + 1}`);
      fs.mkdirSync(tmp, { mode: 0o700 });
      const thread = new Worker(script, { workerData: { ...data, tmp } });
      this.threads.push(thread);
      this.states.push('starting');
      thread.on('message', (m: WorkerMessage) => {
        if (m.type === 'start') {
          this.takenBy.set(m.i, w);
          this.states[w] = 'working';
          onStart(m.i);
        } else if (m.type === 'run') {
          // Alerts carry their records, whose PythonFloats arrive as plain Number objects.
          revivePythonFloats(m.run.alerts);
          this.runs.set(m.i, { ...m.run, timeline: receivedRun(m.run.timeline) });
          for (const [k, f] of m.read) this.read.set(k, f);
          addReadHashes(m.hashes);
        } else {
          if (m.writeError) this.writeError ??= new Error(m.writeError);
          this.states[w] = 'done';
        }
        this.wake();
      });
      const gone = (why: string) => {
        if (this.states[w] === 'done' || this.states[w] === 'gone') return;
        this.states[w] = 'gone';
        for (const [i, by] of this.takenBy) if (by === w && !this.runs.has(i)) this.lost.set(i, why);
        this.wake();
      };
      thread.on('error', (e) => gone(e.message));
      thread.on('exit', (code) => gone(`the worker thread stopped (exit code ${code})`));
    }
  }

  private until(holds: () => boolean): Promise<void> {
    return new Promise((resolve) => {
      this.wake = () => {
        if (holds()) resolve();
      };
      this.wake();
    });
  }

  /**
   * Once every place the check's own thread did not run (`ranHere`) has its run or is lost. A
   * worker that took no module by then is stopped; the others go on writing their files.
   */
  async runsIn(ranHere: Set<number>, total: number): Promise<void> {
    const accounted = (i: number) => ranHere.has(i) || this.runs.has(i) || this.lost.has(i);
    const ended = () => this.states.every((s) => s === 'done' || s === 'gone');
    await this.until(() => {
      if (ended()) return true;
      for (let i = 0; i < total; i++) if (!accounted(i)) return false;
      return true;
    });
    // A worker that stopped between taking a place and saying so.
    for (let i = 0; i < total; i++) if (!accounted(i)) this.lost.set(i, 'the worker thread stopped');
    await Promise.all(this.threads.filter((_, w) => this.states[w] === 'starting').map((t) => t.terminate()));
  }

  /** Once every worker has written its files (or ended); then every worker is stopped. */
  async written(): Promise<void> {
    await this.until(() => this.states.every((s) => s !== 'working'));
    await this.stop();
  }

  /** Stops every worker (one already ended is left as it is). */
  async stop(): Promise<void> {
    await Promise.all(this.threads.map((t) => t.terminate()));
  }
}
