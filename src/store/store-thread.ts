// The main thread's side of the embedded store's thread (pglite-thread.mjs): each request is
// posted with a number and settled when its answer comes back. The thread keeps the process alive
// only while a request is out, so a program that ends without closing its store still ends.
import { Worker } from 'node:worker_threads';

type Op = 'open' | 'query' | 'exec' | 'close';

interface Answer {
  id: number;
  rows?: unknown[];
  error?: { message: string; fields: Record<string, unknown> };
}

export class StoreThread {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (rows: unknown[]) => void; reject: (e: Error) => void }>();
  private next = 0;
  private gone?: Error;

  constructor(dataDir: string | undefined) {
    // No loader flags: the thread's script is JavaScript and needs none of the parent's (tsx).
    this.worker = new Worker(new URL('./pglite-thread.mjs', import.meta.url), { workerData: { dataDir }, execArgv: [] });
    this.worker.unref();
    this.worker.on('message', (a: Answer) => this.settle(a));
    this.worker.on('error', (e) => this.fail(e));
    this.worker.on('exit', (code) => this.fail(new Error(`the store's thread stopped (exit code ${code})`)));
  }

  /** Sends one request; resolves with its rows (empty for all but queries). */
  request(op: Op, sql?: string, params?: readonly unknown[]): Promise<unknown[]> {
    if (this.gone) return Promise.reject(this.gone);
    const id = this.next++;
    if (this.pending.size === 0) this.worker.ref();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, op, sql, params });
    });
  }

  async stop(): Promise<void> {
    this.gone ??= new Error("the store's thread was stopped");
    await this.worker.terminate();
  }

  private settle(a: Answer): void {
    const p = this.pending.get(a.id);
    if (!p) return;
    this.pending.delete(a.id);
    if (this.pending.size === 0) this.worker.unref();
    // PostgreSQL's error as the in-thread driver saw it: its message, with its code and fields.
    if (a.error) p.reject(Object.assign(new Error(a.error.message), a.error.fields));
    else p.resolve(a.rows ?? []);
  }

  private fail(e: Error): void {
    this.gone ??= e;
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }
}
