// The embedded store's own thread. PGlite runs here, so its work (a hunt stores thousands of
// detections) runs on another core beside the main thread's (reading DuckDB's results, sealing
// evidence) instead of in turn with it. Requests are taken one at a time in the order they came;
// each is answered once, with its rows or its error. Plain JavaScript: the thread loads no
// TypeScript loader, only PGlite.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';

/** An error as a message can carry it: its text and PostgreSQL's fields (code, detail, constraint…). */
function carried(e) {
  const fields = {};
  if (e && typeof e === 'object') for (const [k, v] of Object.entries(e)) if (v === null || ['string', 'number', 'boolean'].includes(typeof v)) fields[k] = v;
  return { message: e instanceof Error ? e.message : String(e), fields };
}

let db;
let chain = Promise.resolve();

async function handle({ id, op, sql, params }) {
  try {
    if (op === 'open') {
      db = await PGlite.create(workerData.dataDir ? { dataDir: workerData.dataDir } : {});
      parentPort.postMessage({ id });
    } else if (op === 'query') {
      const res = await db.query(sql, params);
      parentPort.postMessage({ id, rows: res.rows });
    } else if (op === 'exec') {
      await db.exec(sql);
      parentPort.postMessage({ id });
    } else if (op === 'close') {
      await db?.close();
      parentPort.postMessage({ id });
    }
  } catch (e) {
    parentPort.postMessage({ id, error: carried(e) });
  }
}

parentPort.on('message', (request) => {
  chain = chain.then(() => handle(request));
});
