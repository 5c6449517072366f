// bench/notify: 100k warnings to a local webhook sink through the outbox, on PGlite and on
// PostgreSQL: warnings/s for each, with duplicates and losses counted at the sink.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { importVictims, PiiVault } from '../../src/cases/index.ts';
import { approve, createPlan, dispatch, webhookChannel } from '../../src/notify/index.ts';
import { migrate, openPglite, openPostgres, type Store } from '../../src/store/index.ts';
import { startPostgres } from '../../test/helpers/postgres.ts';
import { tempDir, writeTemp } from '../../test/helpers/fixtures.ts';
import crypto from 'node:crypto';

const N = Number(process.env.BENCH_NOTIFY_WARNINGS ?? 100_000);
const SECRET = 'bench';

async function sink() {
  const seen = new Map<string, number>();
  let requests = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      requests++;
      const k = String(req.headers['idempotency-key']);
      seen.set(k, (seen.get(k) ?? 0) + 1);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"id":"x"}');
    });
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, seen, requests: () => requests, close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))) };
}

async function run(name: string, store: Store): Promise<void> {
  await migrate(store);
  const vault = new PiiVault(crypto.randomBytes(32));
  const rows = ['number,first_targeted'];
  for (let i = 0; i < N; i++) rows.push(`+5215${String(500000000 + i)},2019-05-02T10:00:00Z`);
  await importVictims(store, vault, 'bench', writeTemp(tempDir(), 'v.csv', rows.join('\n')));
  const t0 = Date.now();
  const plan = await createPlan(store, 'bench', ['inapp'], 'alice');
  await approve(store, plan.planId, 'bob');
  const planMs = Date.now() - t0;
  const s = await sink();
  const t = Date.now();
  const r = await dispatch(store, { planId: plan.planId, channels: { inapp: webhookChannel('inapp', { url: s.url, secret: SECRET }) }, vault, caseName: 'bench', batch: 500, concurrency: 64 });
  const ms = Date.now() - t;
  const dup = [...s.seen.values()].filter((v) => v > 1).length;
  const lost = N - s.seen.size;
  console.log(`${name.padEnd(10)} ${N} warnings in ${(ms / 1000).toFixed(1)} s = ${Math.round(N / (ms / 1000))} warnings/s  (plan of ${N} rows: ${(planMs / 1000).toFixed(1)} s)  duplicates ${dup}, lost ${lost}, sent ${r.sent}, failed ${r.failed}`);
  await s.close();
  await store.close();
}

console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}; goal: ≥ 1,000 warnings/s on PostgreSQL, 0 duplicates, 0 lost`);
await run('PGlite', await openPglite());
const pg = await startPostgres();
try {
  await run('PostgreSQL', await openPostgres(await pg.createDatabase('bench_notify')));
} finally {
  await pg.stop();
}
