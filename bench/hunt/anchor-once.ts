// bench/hunt's anchor in a process of its own: the hand-written DuckDB query a careful analyst
// would write for the same targets (exploit signatures, known accounts, window, callees). Prints
// its milliseconds and the targets it found as JSON.
// Usage: anchor-once.ts DATA_FILE IOC_FILE
import fs from 'node:fs';
import { openDuckDb, sqlString } from '../../src/core/index.ts';

const [dataFile, iocFile] = process.argv.slice(2);

/** The query, over `reader`, with the indicator file's attacker accounts. */
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

const iocAccounts = JSON.parse(fs.readFileSync(iocFile, 'utf8')).objects
  .filter((o: { pattern?: string }) => /account_login|phone-number/.test(o.pattern ?? ''))
  .map((o: { pattern: string }) => /'([^']+)'/.exec(o.pattern)![1]);
const reader = dataFile.endsWith('.parquet') ? `read_parquet(${sqlString(dataFile)})` : `read_json(${sqlString(dataFile)}, format = 'newline_delimited')`;
const db = await openDuckDb();
const t = Date.now();
const targets = (await db.connection.runAndReadAll(handWritten(reader, iocAccounts))).getRowObjectsJson().map((r) => String(r.callee));
const ms = Date.now() - t;
db.close();
console.log(JSON.stringify({ ms, targets }));
