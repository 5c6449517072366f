// The campaign pivot: attackers are the callers behind exploit-signature detections plus the
// accounts named in the indicators; targets are every account an attacker called in the window,
// probes included. Each keeps the evidence that made it one.
import { LIST, listValue, VARCHAR, type DuckDBValue } from '@duckdb/node-api';
import { EARLIEST_MS, LATEST_MS, type DuckDBConnection } from '../../core/index.ts';
import { countryOf, type Attacker, type DetectionInsert, type Target } from '../../cases/index.ts';
import type { IndicatorRecord } from '../../indicators/index.ts';
import { plainRows } from './execute.ts';
import { PIVOT_CALLS } from './sources.ts';

export const EXPLOIT_TAG = 'vigil.exploit_signature';
/** Rules (as parsed, or compiled to queries) whose detections' actors the pivot takes for attackers. */
export const isExploitRule = (d: { kind: string; tags: readonly string[] }) => d.kind === 'rule' && d.tags.includes(EXPLOIT_TAG);
/** Rules that match calls placed by accounts in the indicators (T4): their detections say who was seen, and when. */
export const ATTACKER_INDICATOR_TAG = 'vigil.attacker_indicator';
/** Probes come before exploit calls: the default window opens this long before the first one. */
const LEAD_MS = 7 * 86_400_000;
const TAIL_MS = 86_400_000;

/** Accounts the indicators name (user accounts and numbers, exact): attackers if they placed calls here. */
const isAttackerAccount = (r: IndicatorRecord) => (r.type === 'account' || r.type === 'phone') && r.match === 'exact';

/** The accounts of the indicators the pivot can take for attackers. */
export const attackerAccounts = (indicators: IndicatorRecord[]) => [...new Set(indicators.filter(isAttackerAccount).map((r) => r.value))];

export interface PivotResult {
  attackers: Attacker[];
  targets: Target[];
  window?: { start: string; end: string };
}

export async function pivot(
  c: DuckDBConnection,
  exploitDetections: DetectionInsert[],
  indicators: IndicatorRecord[],
  window?: { start: string; end: string },
  /** Complete detections of attacker-indicator rules, when such rules ran: spares a scan of the data. */
  indicatorDetections?: DetectionInsert[],
): Promise<PivotResult> {
  const byAttacker = new Map<string, { rules: Record<string, number>; indicators: object[]; exploitCalls: Set<string> }>();
  const entry = (a: string) => {
    let e = byAttacker.get(a);
    if (!e) byAttacker.set(a, (e = { rules: {}, indicators: [], exploitCalls: new Set() }));
    return e;
  };
  const exploitCallIds = new Set<string>();
  let first = Infinity;
  let last = -Infinity;
  for (const d of exploitDetections) {
    if (!d.actor) continue;
    const e = entry(d.actor);
    e.rules[d.ruleName] = (e.rules[d.ruleName] ?? 0) + 1;
    if (d.callId) {
      e.exploitCalls.add(d.callId);
      exploitCallIds.add(d.callId);
    }
    if (d.ts) {
      const t = Date.parse(d.ts);
      first = Math.min(first, t);
      last = Math.max(last, t);
    }
  }
  // Accounts from the indicators count only if they placed calls in this data.
  const accountIocs = indicators.filter(isAttackerAccount);
  if (accountIocs.length > 0) {
    const seen = new Map<string, { f: number; l: number }>();
    if (indicatorDetections) {
      // A call starts with its offer, which these rules match: first and last offers bound the calls.
      const wanted = new Set(accountIocs.map((r) => r.value));
      for (const d of indicatorDetections) {
        if (!d.actor || !wanted.has(d.actor) || !d.ts) continue;
        const t = Date.parse(d.ts);
        const e = seen.get(d.actor);
        seen.set(d.actor, e ? { f: Math.min(e.f, t), l: Math.max(e.l, t) } : { f: t, l: t });
      }
    } else {
      const rows = await c.runAndReadAll(
        `SELECT caller, min("ts") AS f, max("ts") AS l FROM ${PIVOT_CALLS} WHERE list_contains($1, caller) GROUP BY caller`,
        [listValue(attackerAccounts(accountIocs))],
        [LIST(VARCHAR)],
      );
      for (const row of plainRows(rows)) seen.set(String(row.caller), { f: Date.parse(String(row.f)), l: Date.parse(String(row.l)) });
    }
    for (const [account, span] of seen) {
      const e = entry(account);
      e.indicators.push(...accountIocs.filter((r) => r.value === account).map((r) => ({ value: r.value, type: r.type, source: r.source, collection: r.collection, stixId: r.stixId })));
      first = Math.min(first, span.f);
      last = Math.max(last, span.l);
    }
  }
  if (byAttacker.size === 0) return { attackers: [], targets: [] };
  // Kept within the times data can hold: a last event on 9999-12-31 has no day after it.
  const win = window ?? { start: new Date(Math.max(first - LEAD_MS, EARLIEST_MS)).toISOString(), end: new Date(Math.min(last + TAIL_MS, LATEST_MS)).toISOString() };
  const attackerList = [...byAttacker.keys()];
  // The attacker accounts go in as one list: list_contains on a column reaches the Parquet scan as
  // a filter (an IN list of as many values became a join over every row, 6x slower measured).
  // The exploit calls (thousands) are joined, not searched for in a list by every row.
  const res = await c.runAndReadAll(
    `SELECT callee, caller, min("ts") AS first_ts, max("ts") AS last_ts, count(DISTINCT call_id) AS calls,
            count(DISTINCT call_id) FILTER (WHERE x.exploit_call IS NOT NULL) AS exploit_calls,
            list(DISTINCT call_id ORDER BY call_id)[1:20] AS call_ids
     FROM ${PIVOT_CALLS} AS p LEFT JOIN (SELECT DISTINCT unnest($3) AS exploit_call) AS x ON p.call_id = x.exploit_call
     WHERE list_contains($4, caller) AND "ts" BETWEEN CAST($1 AS TIMESTAMP) AND CAST($2 AS TIMESTAMP) AND callee <> caller
     GROUP BY callee, caller ORDER BY callee, first_ts`,
    [win.start, win.end, listValue([...exploitCallIds]), listValue(attackerList)] as DuckDBValue[],
    [VARCHAR, VARCHAR, LIST(VARCHAR), LIST(VARCHAR)],
  );
  const targets = new Map<string, Target & { evidence: { attempts: Record<string, unknown>[] } }>();
  const attackerCalls = new Map<string, number>();
  const attackerSpan = new Map<string, [string, string]>();
  for (const row of plainRows(res)) {
    const callee = String(row.callee);
    const caller = String(row.caller);
    let t = targets.get(callee);
    if (!t) {
      t = { account: callee, firstSeen: String(row.first_ts), lastSeen: String(row.last_ts), calls: 0, evidence: { attempts: [] } };
      targets.set(callee, t);
    }
    t.calls += Number(row.calls);
    if (String(row.first_ts) < t.firstSeen!) t.firstSeen = String(row.first_ts);
    if (String(row.last_ts) > t.lastSeen!) t.lastSeen = String(row.last_ts);
    t.evidence.attempts.push({ attacker: caller, calls: Number(row.calls), exploitCalls: Number(row.exploit_calls), firstSeen: row.first_ts, lastSeen: row.last_ts, callIds: row.call_ids });
    attackerCalls.set(caller, (attackerCalls.get(caller) ?? 0) + Number(row.calls));
    const span = attackerSpan.get(caller);
    attackerSpan.set(caller, [span && span[0] < String(row.first_ts) ? span[0] : String(row.first_ts), span && span[1] > String(row.last_ts) ? span[1] : String(row.last_ts)]);
  }
  for (const t of targets.values()) {
    const exploited = t.evidence.attempts.some((a) => Number(a.exploitCalls) > 0);
    Object.assign(t.evidence, { kind: exploited ? 'exploit' : 'probe-only', attackers: t.evidence.attempts.map((a) => a.attacker) });
  }
  const attackers: Attacker[] = attackerList.map((account) => {
    const e = byAttacker.get(account)!;
    const span = attackerSpan.get(account);
    return {
      account, country: countryOf(account), firstSeen: span?.[0] ?? null, lastSeen: span?.[1] ?? null, calls: attackerCalls.get(account) ?? 0,
      evidence: { rules: e.rules, exploitCalls: e.exploitCalls.size, indicators: e.indicators, reason: e.exploitCalls.size > 0 ? 'exploit signature' : 'indicator' },
    };
  });
  return { attackers, targets: [...targets.values()], window: win };
}
