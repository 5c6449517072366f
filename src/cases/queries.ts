// Every SQL statement of the cases capability (cases, hunts, detections, campaign accounts).
import { pgText, type Queryable } from '../store/index.ts';

const BATCH = 5000;

export interface CaseRow {
  id: number;
  name: string;
  description: string | null;
  created_at: Date;
}

export async function ensureCase(q: Queryable, name: string): Promise<number> {
  await q.query('INSERT INTO cases (name) VALUES ($1) ON CONFLICT (name) DO NOTHING', [pgText(name)]);
  const rows = await q.query<{ id: number }>('SELECT id::int AS id FROM cases WHERE name = $1', [name]);
  return rows[0].id;
}

export async function findCase(q: Queryable, name: string): Promise<CaseRow | undefined> {
  return (await q.query<CaseRow>('SELECT id::int AS id, name, description, created_at FROM cases WHERE name = $1', [name]))[0];
}

export async function listCases(q: Queryable): Promise<(CaseRow & { hunts: number; targets: number })[]> {
  return q.query(
    `SELECT c.id::int AS id, c.name, c.description, c.created_at,
            (SELECT count(*)::int FROM hunts h WHERE h.case_id = c.id) AS hunts,
            (SELECT count(*)::int FROM campaign_accounts a WHERE a.case_id = c.id AND a.role = 'target') AS targets
     FROM cases c ORDER BY c.id`,
  );
}

/** A new hunt replaces the case's earlier results: the latest hunt is what the case says. */
export async function startHunt(q: Queryable, caseId: number, rules: unknown, data: unknown, startedAt: Date): Promise<number> {
  await q.query('DELETE FROM hunts WHERE case_id = $1', [caseId]);
  const rows = await q.query<{ id: number }>(
    'INSERT INTO hunts (case_id, started_at, rules, data) VALUES ($1, $2, $3::jsonb, $4::jsonb) RETURNING id::int AS id',
    [caseId, startedAt.toISOString(), JSON.stringify(rules), pgText(JSON.stringify(data))],
  );
  return rows[0].id;
}

export async function finishHunt(q: Queryable, huntId: number, stats: unknown, window: { start: string; end: string } | undefined): Promise<void> {
  await q.query('UPDATE hunts SET finished_at = now(), stats = $2::jsonb, window_start = $3, window_end = $4 WHERE id = $1', [
    huntId, pgText(JSON.stringify(stats)), window?.start ?? null, window?.end ?? null,
  ]);
}

export interface DetectionInsert {
  ruleName: string;
  ruleTitle: string;
  level: string;
  logsource: string;
  ts: string | null;
  actor: string | null;
  callId: string | null;
  evidence: Record<string, unknown>;
}

export async function insertDetections(q: Queryable, huntId: number, caseId: number, rows: DetectionInsert[]): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) {
    const b = rows.slice(i, i + BATCH);
    await q.query(
      `INSERT INTO detections (hunt_id, case_id, rule_name, rule_title, level, logsource, ts, actor, call_id, evidence)
       SELECT $1, $2, u.rule_name, u.rule_title, u.level, u.logsource, u.ts::timestamptz, u.actor, u.call_id, u.evidence::jsonb
       FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])
         AS u(rule_name, rule_title, level, logsource, ts, actor, call_id, evidence)`,
      [
        huntId, caseId, b.map((r) => pgText(r.ruleName)), b.map((r) => pgText(r.ruleTitle)), b.map((r) => r.level), b.map((r) => r.logsource),
        b.map((r) => r.ts), b.map((r) => pgText(r.actor)), b.map((r) => pgText(r.callId)), b.map((r) => pgText(JSON.stringify(r.evidence))),
      ],
    );
  }
}

export interface CampaignAccount {
  role: 'attacker' | 'target';
  account: string;
  country: string | null;
  firstSeen: string | null;
  lastSeen: string | null;
  calls: number;
  evidence: Record<string, unknown>;
}

export async function insertCampaignAccounts(q: Queryable, huntId: number, caseId: number, rows: CampaignAccount[]): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) {
    const b = rows.slice(i, i + BATCH);
    await q.query(
      `INSERT INTO campaign_accounts (case_id, hunt_id, role, account, country, first_seen, last_seen, calls, evidence)
       SELECT $1, $2, u.role, u.account, u.country, u.first_seen::timestamptz, u.last_seen::timestamptz, u.calls, u.evidence::jsonb
       FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[], $9::text[])
         AS u(role, account, country, first_seen, last_seen, calls, evidence)`,
      [
        caseId, huntId, b.map((r) => r.role), b.map((r) => pgText(r.account)), b.map((r) => r.country), b.map((r) => r.firstSeen), b.map((r) => r.lastSeen),
        b.map((r) => r.calls), b.map((r) => pgText(JSON.stringify(r.evidence))),
      ],
    );
  }
}

export async function insertRejects(q: Queryable, huntId: number, rows: { file: string; line: number; reason: string }[]): Promise<void> {
  if (rows.length === 0) return;
  await q.query(
    `INSERT INTO hunt_rejects (hunt_id, file, line, reason) SELECT $1, * FROM unnest($2::text[], $3::bigint[], $4::text[])`,
    [huntId, rows.map((r) => pgText(r.file)), rows.map((r) => r.line), rows.map((r) => pgText(r.reason))],
  );
}

export interface HuntRow {
  id: number;
  started_at: Date;
  finished_at: Date | null;
  rules: unknown;
  data: unknown;
  stats: Record<string, unknown>;
  window_start: Date | null;
  window_end: Date | null;
}

export async function latestHunt(q: Queryable, caseId: number): Promise<HuntRow | undefined> {
  return (await q.query<HuntRow>('SELECT id::int AS id, started_at, finished_at, rules, data, stats, window_start, window_end FROM hunts WHERE case_id = $1 ORDER BY id DESC LIMIT 1', [caseId]))[0];
}

export async function campaignAccounts(q: Queryable, caseId: number, role?: 'attacker' | 'target'): Promise<(CampaignAccount & Record<string, unknown>)[]> {
  const rows = await q.query<{ role: 'attacker' | 'target'; account: string; country: string | null; first_seen: Date | null; last_seen: Date | null; calls: number; evidence: unknown }>(
    `SELECT role, account, country, first_seen, last_seen, calls, evidence FROM campaign_accounts
     WHERE case_id = $1 AND ($2::text IS NULL OR role = $2) ORDER BY role, first_seen, account`,
    [caseId, role ?? null],
  );
  return rows.map((r) => ({
    role: r.role, account: r.account, country: r.country,
    firstSeen: r.first_seen ? new Date(r.first_seen).toISOString() : null,
    lastSeen: r.last_seen ? new Date(r.last_seen).toISOString() : null,
    calls: r.calls,
    evidence: (typeof r.evidence === 'string' ? JSON.parse(r.evidence) : r.evidence) as Record<string, unknown>,
  }));
}

export async function detectionCounts(q: Queryable, caseId: number): Promise<{ rule_name: string; rule_title: string; level: string; n: number; actors: number }[]> {
  return q.query(
    `SELECT rule_name, rule_title, level, count(*)::int AS n, count(DISTINCT actor)::int AS actors FROM detections
     WHERE case_id = $1 GROUP BY rule_name, rule_title, level ORDER BY n DESC, rule_name`,
    [caseId],
  );
}

export async function detectionsFor(q: Queryable, caseId: number, callIds: string[]): Promise<{ rule_name: string; call_id: string; ts: Date }[]> {
  return q.query('SELECT rule_name, call_id, ts FROM detections WHERE case_id = $1 AND call_id = ANY($2::text[]) ORDER BY ts', [caseId, callIds]);
}

export async function rejectsOf(q: Queryable, huntId: number, limit = 100): Promise<{ file: string; line: number; reason: string }[]> {
  return q.query('SELECT file, line::bigint::float8 AS line, reason FROM hunt_rejects WHERE hunt_id = $1 ORDER BY file, line LIMIT $2', [huntId, limit]);
}

/** Hosts (or other actors) of detections on network logs, with what they reached and when. */
export async function detectionActors(q: Queryable, caseId: number, logsourcePrefix: string): Promise<{ actor: string; detections: number; rules: string[]; first_ts: Date; last_ts: Date }[]> {
  return q.query(
    `SELECT actor, count(*)::int AS detections, array_agg(DISTINCT rule_name) AS rules, min(ts) AS first_ts, max(ts) AS last_ts
     FROM detections WHERE case_id = $1 AND logsource LIKE $2 AND actor IS NOT NULL GROUP BY actor ORDER BY actor`,
    [caseId, `${logsourcePrefix}%`],
  );
}
