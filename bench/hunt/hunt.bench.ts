// bench/hunt: the full hunt (CVE-2019-3568 rule pack + indicators + pivot) over 10M generated
// events, as Parquet and as JSON Lines, against one hand-written DuckDB query computing the same
// targets in the same run. Prints events/s, the ratio, and checks both found the same targets.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDuckDb, sqlString } from '../../src/core/index.ts';
import crypto from 'node:crypto';
import { PiiVault } from '../../src/cases/index.ts';
import { runHunt } from '../../src/hunt/index.ts';
import { openPglite, migrate } from '../../src/store/index.ts';
import { generateTelemetry, type TelemetryFormat } from '../../src/telemetry/index.ts';

const OUT = path.join(path.dirname(fileURLToPath(import.meta.url)), '../out/hunt');
const EVENTS = Number(process.env.BENCH_HUNT_EVENTS ?? 10_000_000);
const PACK = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../rules/cve-2019-3568');

/** The anchor: what a careful analyst would write by hand for the same targets. */
function handWritten(reader: string, iocAccounts: string[]): string {
  const accounts = iocAccounts.length ? iocAccounts.map(sqlString).join(', ') : 'NULL';
  return `
    WITH ev AS (SELECT ts::TIMESTAMP AS ts, event, call_id, caller, callee, sender, payload_len, malformed FROM ${reader}),
    accepted AS (SELECT call_id, min(ts) AS at FROM ev WHERE event = 'call_accept' GROUP BY call_id),
    sig AS (
      SELECT caller, ts FROM ev WHERE event = 'call_offer' AND malformed AND payload_len > 1200
      UNION ALL
      SELECT e.caller, e.ts FROM ev e LEFT JOIN accepted a USING (call_id)
      WHERE e.event = 'rtcp' AND e.malformed AND e.sender = 'caller' AND (a.at IS NULL OR a.at > e.ts)),
    known AS (SELECT DISTINCT caller, min(ts) AS ts FROM ev WHERE caller IN (${accounts}) GROUP BY caller),
    attackers AS (SELECT caller FROM sig UNION SELECT caller FROM known),
    win AS (SELECT min(ts) - INTERVAL 7 DAY AS s, max(ts) + INTERVAL 1 DAY AS e FROM (SELECT ts FROM sig UNION ALL SELECT ts FROM known))
    SELECT DISTINCT callee FROM ev, win WHERE caller IN (SELECT caller FROM attackers) AND ts BETWEEN win.s AND win.e AND callee <> caller`;
}

async function timeIt<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = Date.now();
  const value = await fn();
  return { ms: Date.now() - t, value };
}

console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB, node ${process.version}`);
for (const format of ['parquet', 'jsonl'] as TelemetryFormat[]) {
  const dir = path.join(OUT, format);
  fs.rmSync(dir, { recursive: true, force: true });
  const gen = await timeIt(() => generateTelemetry({ out: dir, events: EVENTS, seed: 2019, format }));
  const g = gen.value;
  const size = fs.statSync(g.dataFile).size / 1024 ** 2;
  console.log(`\n${format}: ${g.events} events, ${size.toFixed(0)} MB, generated in ${(gen.ms / 1000).toFixed(1)} s`);
  const iocAccounts = JSON.parse(fs.readFileSync(g.iocFile, 'utf8')).objects
    .filter((o: { pattern?: string }) => /account_login|phone-number/.test(o.pattern ?? ''))
    .map((o: { pattern: string }) => /'([^']+)'/.exec(o.pattern)![1]);
  const reader = format === 'parquet' ? `read_parquet(${sqlString(g.dataFile)})` : `read_json(${sqlString(g.dataFile)}, format = 'newline_delimited')`;

  const db = await openDuckDb();
  const anchor = await timeIt(async () => (await db.connection.runAndReadAll(handWritten(reader, iocAccounts))).getRowObjectsJson().map((r) => String(r.callee)));
  db.close();

  const store = await openPglite();
  await migrate(store);
  const huntVault = new PiiVault(crypto.randomBytes(32));
  const hunt = { ...(await timeIt(() => runHunt(store, { caseName: 'bench', rules: [PACK], data: [g.dataFile], iocs: [g.iocFile], vault: huntVault }))), vault: huntVault };
  const vault = hunt.vault;
  const targets = (await store.query<{ account_enc: string }>('SELECT account_enc FROM victims')).map((r) => vault.decrypt(r.account_enc));
  await store.close();

  const same = targets.length === anchor.value.length && new Set([...targets, ...anchor.value]).size === targets.length;
  const eps = (ms: number) => (g.events / (ms / 1000) / 1e6).toFixed(2);
  console.log(`  hand-written query : ${(anchor.ms / 1000).toFixed(2)} s  ${eps(anchor.ms)} M events/s  ${anchor.value.length} targets`);
  console.log(`  vigil hunt run     : ${(hunt.ms / 1000).toFixed(2)} s  ${eps(hunt.ms)} M events/s  ${targets.length} targets (${hunt.value.queries.length} queries, ${hunt.value.attackers} attackers)`);
  console.log(`  ratio hunt/anchor  : ${(hunt.ms / anchor.ms).toFixed(2)}×  (goal ≤ 1.3×)   same targets: ${same ? 'yes' : 'NO'}   truth: ${g.truth.targets.length}`);
  for (const q of hunt.value.queries) console.log(`    ${q.name.padEnd(36)} ${String(q.ms).padStart(6)} ms  ${q.matches} matches`);
  if (!process.env.BENCH_KEEP) fs.rmSync(dir, { recursive: true, force: true });
}
