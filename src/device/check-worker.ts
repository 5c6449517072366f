// A device check's worker thread: opens the same evidence again from its spec, then takes modules
// from the check's queue (a counter every thread advances atomically) until none is left, sending
// each module's run back. It says it is done once its output files are written.
import { parentPort, workerData } from 'node:worker_threads';
import { MatchIndex } from '../indicators/index.ts';
import type { WorkerData, WorkerMessage } from './check-workers.ts';
import { MODULES } from './modules/index.ts';
import { runModule } from './module-run.ts';
import { OutputFiles } from './output-files.ts';
import { readHashes } from './read-hashes.ts';
import { reopenSource } from './sources/reopen.ts';
import { setTempParent } from './temp.ts';
import { PIECE } from './timeline-runs.ts';
import { trackedSource } from './tracked-source.ts';

const data = workerData as WorkerData;
setTempParent(data.tmp);
const read = new Map<string, string>();
const source = trackedSource(reopenSource(data.spec, data.tmp), read);
const index = MatchIndex.fromPortable(data.index);
const files = new OutputFiles();
for (;;) {
  const i = Atomics.add(data.counter, 0, 1);
  if (i >= data.slugs.length) break;
  parentPort!.postMessage({ type: 'start', i } satisfies WorkerMessage);
  const run = await runModule(MODULES.find((x) => x.slug === data.slugs[i])!, { source, index }, data.out, files);
  // The timeline's bytes move to the check's thread rather than being copied. Only pieces of their
  // own memory: a small Buffer shares Node's pool, which must stay in this thread.
  const buffers = [...new Set(run.timeline.pieces.map((p) => p.buffer as ArrayBuffer))].filter((b) => b.byteLength >= PIECE);
  parentPort!.postMessage({ type: 'run', i, run, read: [...read], hashes: readHashes() } satisfies WorkerMessage, buffers);
}
let writeError: string | undefined;
await files.done().catch((e: Error) => {
  writeError = e.message;
});
parentPort!.postMessage({ type: 'done', writeError } satisfies WorkerMessage);
