// Every SQL statement of the cases capability: cases, hunts, detections, attackers, victims.
import { inBatches, jsonRecords, pgText, type Queryable } from '../store/index.ts';


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

export async function caseById(q: Queryable, id: number): Promise<CaseRow | undefined> {
  return (await q.query<CaseRow>('SELECT id::int AS id, name, description, created_at FROM cases WHERE id = $1', [id]))[0];
}

export async function listCases(q: Queryable): Promise<(CaseRow & { hunts: number; victims: number })[]> {
  return q.query(
    `SELECT c.id::int AS id, c.name, c.description, c.created_at,
            (SELECT count(*)::int FROM hunts h WHERE h.case_id = c.id) AS hunts,
            (SELECT count(*)::int FROM victims v WHERE v.case_id = c.id) AS victims
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

/** A rule a hunt ran, as its detections name it. */
export interface HuntRule {
  name: string;
  title: string;
  level: string;
  logsource: string;
}

/** Stores the rules of a hunt, before any of their detections. */
export async function insertHuntRules(q: Queryable, huntId: number, rules: HuntRule[]): Promise<void> {
  await q.query(
    `INSERT INTO hunt_rules (hunt_id, rule_name, rule_title, level, logsource)
     SELECT $1, u.n, u.t, u.l, u.s FROM json_to_recordset($2::json) AS u(n text, t text, l text, s text)`,
    [huntId, jsonRecords(rules.map((r) => ({ n: pgText(r.name), t: pgText(r.title), l: r.level, s: r.logsource })))],
  );
}

/** An actor of a hunt's detections: its lookup hash and its ciphertext. */
export interface HuntActor {
  hash: string;
  enc: string;
}

/** Stores actors of a hunt, before the detections naming them. */
export async function insertHuntActors(q: Queryable, huntId: number, actors: HuntActor[]): Promise<void> {
  if (actors.length === 0) return;
  await q.query(
    `INSERT INTO hunt_actors (hunt_id, actor_hash, actor_enc) SELECT $1, u.h, u.e FROM json_to_recordset($2::json) AS u(h text, e text)`,
    [huntId, jsonRecords(actors.map((a) => ({ h: a.hash, e: a.enc })))],
  );
}

/** A detection as stored: its rule by name, its actor by hash (both stored with the hunt), its evidence encrypted by the caller. */
export interface DetectionRow {
  ruleName: string;
  ts: string | null;
  actorHash: string | null;
  callId: string | null;
  evidenceEnc: string;
}

/**
 * Every slice is sent at once, not each after the last is stored: a driver takes a transaction's
 * statements in order, and the embedded store's thread stores one while the next is on its way.
 */
export async function insertDetections(q: Queryable, huntId: number, caseId: number, rows: DetectionRow[]): Promise<void> {
  await Promise.all([...inBatches(rows)].map((b) =>
    q.query(
      `INSERT INTO detections (hunt_id, case_id, rule_name, ts, actor_hash, call_id, evidence_enc)
       SELECT $1, $2, u.n, u.ts::timestamptz, u.ah, u.c, u.e
       FROM json_to_recordset($3::json) AS u(n text, ts text, ah text, c text, e text)`,
      [huntId, caseId, jsonRecords(b.map((r) => ({ n: pgText(r.ruleName), ts: r.ts, ah: r.actorHash, c: pgText(r.callId), e: r.evidenceEnc })))],
    ),
  ));
}

export interface Attacker {
  account: string;
  country: string | null;
  firstSeen: string | null;
  lastSeen: string | null;
  calls: number;
  evidence: Record<string, unknown>;
}

export async function insertAttackers(q: Queryable, huntId: number, caseId: number, rows: Attacker[]): Promise<void> {
  for (const b of inBatches(rows)) {
    await q.query(
      `INSERT INTO attackers (case_id, hunt_id, account, country, first_seen, last_seen, calls, evidence)
       SELECT $1, $2, u.account, u.country, u.first_seen::timestamptz, u.last_seen::timestamptz, u.calls, u.evidence::jsonb
       FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::text[]) AS u(account, country, first_seen, last_seen, calls, evidence)`,
      [caseId, huntId, b.map((r) => pgText(r.account)), b.map((r) => r.country), b.map((r) => r.firstSeen), b.map((r) => r.lastSeen), b.map((r) => r.calls), b.map((r) => pgText(JSON.stringify(r.evidence)))],
    );
  }
}

export async function attackersOf(q: Queryable, caseId: number): Promise<Attacker[]> {
  const rows = await q.query<{ account: string; country: string | null; first_seen: Date | null; last_seen: Date | null; calls: number; evidence: unknown }>(
    'SELECT account, country, first_seen, last_seen, calls, evidence FROM attackers WHERE case_id = $1 ORDER BY first_seen, account',
    [caseId],
  );
  return rows.map((r) => ({
    account: r.account, country: r.country, calls: r.calls,
    firstSeen: r.first_seen ? new Date(r.first_seen).toISOString() : null,
    lastSeen: r.last_seen ? new Date(r.last_seen).toISOString() : null,
    evidence: (typeof r.evidence === 'string' ? JSON.parse(r.evidence) : r.evidence) as Record<string, unknown>,
  }));
}

/** A victim as stored: the number only as ciphertext, found by its keyed hash. */
export interface VictimRow {
  accountHash: string;
  accountEnc: string;
  country: string | null;
  region: string | null;
  language: string;
  firstTargeted: string | null;
  lastTargeted: string | null;
  calls: number;
  source: 'hunt' | 'import';
  huntId: number | null;
  evidence: Record<string, unknown>;
}

/**
 * Adds or refreshes victims. What investigators set (sector, name, organisation, a chosen
 * language) survives a new hunt; what the hunt found is replaced.
 */
export async function upsertVictims(q: Queryable, caseId: number, rows: VictimRow[]): Promise<void> {
  for (const b of inBatches(rows)) {
    await q.query(
      `INSERT INTO victims (case_id, account_hash, account_enc, country, region, language, first_targeted, last_targeted, calls, source, hunt_id, evidence)
       SELECT $1, u.h, u.e, u.country, u.region, u.language, u.f::timestamptz, u.l::timestamptz, u.calls, u.source, u.hunt_id, coalesce(u.evidence, '{}')
       FROM json_to_recordset($2::json) AS u(h text, e text, country text, region text, language text, f text, l text, calls int, source text, hunt_id bigint, evidence jsonb)
       ON CONFLICT (case_id, account_hash) DO UPDATE SET
         first_targeted = COALESCE(EXCLUDED.first_targeted, victims.first_targeted), last_targeted = COALESCE(EXCLUDED.last_targeted, victims.last_targeted),
         calls = GREATEST(EXCLUDED.calls, victims.calls), hunt_id = COALESCE(EXCLUDED.hunt_id, victims.hunt_id),
         evidence = CASE WHEN EXCLUDED.source = 'hunt' THEN EXCLUDED.evidence ELSE victims.evidence END,
         source = CASE WHEN EXCLUDED.source = 'hunt' OR victims.source = 'hunt' THEN 'hunt' ELSE 'import' END,
         language = CASE WHEN victims.language_set THEN victims.language ELSE EXCLUDED.language END, updated_at = now()`,
      [caseId, jsonRecords(b.map((r) => ({
        h: r.accountHash, e: r.accountEnc, country: r.country, region: r.region, language: r.language, f: r.firstTargeted, l: r.lastTargeted,
        calls: r.calls, source: r.source, hunt_id: r.huntId, evidence: r.evidence,
      })))],
    );
  }
}

/** Before a new hunt's victims: drop hunt-found victims nobody annotated, whose hunt is gone. */
export async function pruneStaleVictims(q: Queryable, caseId: number): Promise<void> {
  await q.query(
    `DELETE FROM victims WHERE case_id = $1 AND source = 'hunt' AND hunt_id IS NULL AND sector = 'unknown' AND name_enc IS NULL AND organisation_enc IS NULL AND NOT language_set`,
    [caseId],
  );
}

export interface StoredVictim {
  account_hash: string;
  account_enc: string;
  country: string | null;
  region: string | null;
  language: string;
  sector: string;
  name_enc: string | null;
  organisation_enc: string | null;
  first_targeted: Date | null;
  last_targeted: Date | null;
  calls: number;
  source: string;
  hunt_id: number | null;
  evidence: unknown;
  email_enc: string | null;
}

export async function victimsOf(q: Queryable, caseId: number): Promise<StoredVictim[]> {
  return q.query<StoredVictim>(
    `SELECT account_hash, account_enc, country, region, language, sector, name_enc, organisation_enc, first_targeted, last_targeted, calls, source,
            hunt_id::int AS hunt_id, evidence, email_enc
     FROM victims WHERE case_id = $1 ORDER BY first_targeted NULLS LAST, account_hash`,
    [caseId],
  );
}

export async function annotateVictim(q: Queryable, caseId: number, accountHash: string, sector: string, nameEnc: string | null, organisationEnc: string | null): Promise<boolean> {
  const rows = await q.query(
    `UPDATE victims SET sector = $3, name_enc = COALESCE($4, name_enc), organisation_enc = COALESCE($5, organisation_enc), updated_at = now()
     WHERE case_id = $1 AND account_hash = $2 RETURNING 1`,
    [caseId, accountHash, sector, nameEnc, organisationEnc],
  );
  return rows.length > 0;
}

export async function setVictimEmail(q: Queryable, caseId: number, accountHash: string, emailEnc: string): Promise<boolean> {
  return (await q.query('UPDATE victims SET email_enc = $3, updated_at = now() WHERE case_id = $1 AND account_hash = $2 RETURNING 1', [caseId, accountHash, emailEnc])).length > 0;
}

export async function setVictimLanguage(q: Queryable, caseId: number, accountHash: string, language: string): Promise<boolean> {
  const rows = await q.query('UPDATE victims SET language = $3, language_set = true, updated_at = now() WHERE case_id = $1 AND account_hash = $2 RETURNING 1', [caseId, accountHash, language]);
  return rows.length > 0;
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

export async function detectionCounts(q: Queryable, caseId: number): Promise<{ rule_name: string; rule_title: string; level: string; n: number; actors: number }[]> {
  return q.query(
    `SELECT d.rule_name, r.rule_title, r.level, count(*)::int AS n, count(DISTINCT d.actor_hash)::int AS actors
     FROM detections d JOIN hunt_rules r USING (hunt_id, rule_name)
     WHERE d.case_id = $1 GROUP BY d.rule_name, r.rule_title, r.level ORDER BY n DESC, d.rule_name`,
    [caseId],
  );
}

export async function rejectsOf(q: Queryable, huntId: number, limit = 100): Promise<{ file: string; line: number; reason: string }[]> {
  return q.query('SELECT file, line::bigint::float8 AS line, reason FROM hunt_rejects WHERE hunt_id = $1 ORDER BY file, line LIMIT $2', [huntId, limit]);
}

/** Actors (hosts) of detections on network logs, with what they reached and when; actors still encrypted. */
export async function detectionActors(q: Queryable, caseId: number, logsourcePrefix: string): Promise<{ actor_enc: string; detections: number; rules: string[]; first_ts: Date; last_ts: Date }[]> {
  return q.query(
    `SELECT min(a.actor_enc) AS actor_enc, count(*)::int AS detections, array_agg(DISTINCT d.rule_name) AS rules, min(d.ts) AS first_ts, max(d.ts) AS last_ts
     FROM detections d JOIN hunt_rules r USING (hunt_id, rule_name) JOIN hunt_actors a USING (hunt_id, actor_hash)
     WHERE d.case_id = $1 AND r.logsource LIKE $2 GROUP BY d.actor_hash`,
    [caseId, `${logsourcePrefix}%`],
  );
}

export async function detectionsOfCase(q: Queryable, caseId: number): Promise<{ rule_name: string; level: string; logsource: string; ts: Date | null; evidence_enc: string }[]> {
  return q.query(
    'SELECT d.rule_name, r.level, r.logsource, d.ts, d.evidence_enc FROM detections d JOIN hunt_rules r USING (hunt_id, rule_name) WHERE d.case_id = $1 ORDER BY d.ts NULLS LAST, d.id',
    [caseId],
  );
}

/** Calls flagged by any call-telemetry rule, per day: the campaign's attempts over time (no PII). */
export async function attemptsPerDay(q: Queryable, caseId: number): Promise<{ day: string; attempts: number }[]> {
  return q.query(
    `SELECT to_char(date_trunc('day', d.ts AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS day, count(DISTINCT d.call_id)::int AS attempts
     FROM detections d JOIN hunt_rules r USING (hunt_id, rule_name)
     WHERE d.case_id = $1 AND r.logsource = 'call_telemetry' AND d.call_id IS NOT NULL AND d.ts IS NOT NULL GROUP BY 1 ORDER BY 1`,
    [caseId],
  );
}

/** The rules that fired on given calls. */
export async function rulesForCalls(q: Queryable, caseId: number, callIds: string[]): Promise<{ rule_name: string; rule_title: string; level: string; call_id: string; ts: Date | null }[]> {
  return q.query(
    `SELECT DISTINCT d.rule_name, r.rule_title, r.level, d.call_id, d.ts FROM detections d JOIN hunt_rules r USING (hunt_id, rule_name)
     WHERE d.case_id = $1 AND d.call_id = ANY($2::text[]) ORDER BY d.ts, d.rule_name`,
    [caseId, callIds],
  );
}

export async function insertDeviceCheck(q: Queryable, caseId: number, labelEnc: string | null, kind: string, alertsByLevel: Record<string, number>, resultEnc: string): Promise<number> {
  const rows = await q.query<{ id: number }>(
    'INSERT INTO device_checks (case_id, label_enc, kind, alerts_by_level, result_enc) VALUES ($1, $2, $3, $4::jsonb, $5) RETURNING id::int AS id',
    [caseId, labelEnc, kind, JSON.stringify(alertsByLevel), resultEnc],
  );
  return rows[0].id;
}

export async function deviceChecksOf(q: Queryable, caseId: number): Promise<{ id: number; label_enc: string | null; kind: string; checked_at: Date; alerts_by_level: Record<string, number>; result_enc: string }[]> {
  return q.query('SELECT id::int AS id, label_enc, kind, checked_at, alerts_by_level, result_enc FROM device_checks WHERE case_id = $1 ORDER BY id', [caseId]);
}
