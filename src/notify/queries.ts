// Every SQL statement of the warning rollout: plans, the outbox, claims, outcomes, status.
import { pgText, type Queryable } from '../store/index.ts';

export interface PlanRow {
  id: number;
  case_id: number;
  channels: string[];
  planned_by: string;
  planned_at: Date;
  approved_by: string | null;
  approved_at: Date | null;
  summary: Record<string, unknown>;
}

export async function insertPlan(q: Queryable, caseId: number, channels: string[], plannedBy: string): Promise<number> {
  const rows = await q.query<{ id: number }>('INSERT INTO warning_plans (case_id, channels, planned_by) VALUES ($1, $2::jsonb, $3) RETURNING id::int AS id', [caseId, JSON.stringify(channels), pgText(plannedBy)]);
  return rows[0].id;
}

export async function setPlanSummary(q: Queryable, planId: number, summary: unknown): Promise<void> {
  await q.query('UPDATE warning_plans SET summary = $2::jsonb WHERE id = $1', [planId, pgText(JSON.stringify(summary))]);
}

export async function findPlan(q: Queryable, planId: number): Promise<PlanRow | undefined> {
  return (await q.query<PlanRow>('SELECT id::int AS id, case_id::int AS case_id, channels, planned_by, planned_at, approved_by, approved_at, summary FROM warning_plans WHERE id = $1', [planId]))[0];
}

export async function approvePlan(q: Queryable, planId: number, approver: string): Promise<boolean> {
  const rows = await q.query('UPDATE warning_plans SET approved_by = $2, approved_at = now() WHERE id = $1 AND approved_by IS NULL AND planned_by <> $2 RETURNING 1', [planId, pgText(approver)]);
  return rows.length > 0;
}

export interface OutboxInsert {
  victimHash: string;
  channel: string;
  language: string;
  country: string | null;
  kind: 'exploit' | 'probe';
  firstTargeted: string | null;
  lastTargeted: string | null;
  recipientEnc: string;
  idempotencyKey: string;
}

/** Queues warnings; a key already queued (by any plan) is left alone. Returns how many are new. */
export async function queueWarnings(q: Queryable, planId: number, caseId: number, rows: OutboxInsert[]): Promise<number> {
  let added = 0;
  for (let i = 0; i < rows.length; i += 5000) {
    const b = rows.slice(i, i + 5000);
    const r = await q.query(
      `INSERT INTO warnings (plan_id, case_id, victim_hash, channel, language, country, kind, first_targeted, last_targeted, recipient_enc, idempotency_key)
       SELECT $1, $2, u.h, u.ch, u.lang, u.cc, u.kind, u.f::timestamptz, u.l::timestamptz, u.r, u.k
       FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[]) AS u(h, ch, lang, cc, kind, f, l, r, k)
       ON CONFLICT (idempotency_key) DO NOTHING RETURNING 1`,
      [planId, caseId, b.map((x) => x.victimHash), b.map((x) => x.channel), b.map((x) => x.language), b.map((x) => x.country), b.map((x) => x.kind),
        b.map((x) => x.firstTargeted), b.map((x) => x.lastTargeted), b.map((x) => x.recipientEnc), b.map((x) => x.idempotencyKey)],
    );
    added += r.length;
  }
  return added;
}

export interface ClaimedWarning {
  id: number;
  channel: string;
  language: string;
  kind: 'exploit' | 'probe';
  first_targeted: Date | null;
  last_targeted: Date | null;
  recipient_enc: string;
  idempotency_key: string;
  attempts: number;
}

/**
 * Claims due warnings of a plan for one dispatcher: queued ones, and ones whose claim lapsed (their
 * dispatcher died). SKIP LOCKED lets several dispatchers claim side by side on PostgreSQL.
 */
export async function claimWarnings(q: Queryable, planId: number, worker: string, limit: number, leaseMs: number): Promise<ClaimedWarning[]> {
  return q.query<ClaimedWarning>(
    `UPDATE warnings w SET status = 'sending', claimed_by = $2, claimed_until = now() + ($4::text || ' milliseconds')::interval, attempts = w.attempts + 1
     WHERE w.id IN (
       SELECT id FROM warnings
       WHERE plan_id = $1 AND next_attempt_at <= now() AND (status = 'queued' OR (status = 'sending' AND claimed_until < now()))
       ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED)
     RETURNING w.id::int AS id, w.channel, w.language, w.kind, w.first_targeted, w.last_targeted, w.recipient_enc, w.idempotency_key, w.attempts`,
    [planId, worker, limit, String(leaseMs)],
  );
}

export interface Outcome {
  id: number;
  status: 'sent' | 'delivered' | 'failed' | 'queued';
  messageId: string | null;
  error: string | null;
  /** For a retry: wait this long. */
  delayMs: number;
}

/** Records outcomes, only for rows this dispatcher still holds. */
export async function recordOutcomes(q: Queryable, worker: string, outcomes: Outcome[]): Promise<void> {
  if (outcomes.length === 0) return;
  await q.query(
    `UPDATE warnings w SET status = u.status, message_id = COALESCE(u.mid, w.message_id), last_error = u.err,
            sent_at = CASE WHEN u.status IN ('sent', 'delivered') THEN now() ELSE w.sent_at END,
            next_attempt_at = now() + (u.delay::text || ' milliseconds')::interval, claimed_by = NULL, claimed_until = NULL
     FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::bigint[]) AS u(id, status, mid, err, delay)
     WHERE w.id = u.id AND w.claimed_by = $1 AND w.status = 'sending'`,
    [worker, outcomes.map((o) => o.id), outcomes.map((o) => o.status), outcomes.map((o) => pgText(o.messageId)), outcomes.map((o) => pgText(o.error)), outcomes.map((o) => Math.round(o.delayMs))],
  );
}

export async function pendingCount(q: Queryable, planId: number): Promise<{ due: number; waiting: number; next: Date | null }> {
  const rows = await q.query<{ due: number; waiting: number; next: Date | null }>(
    `SELECT count(*) FILTER (WHERE next_attempt_at <= now() AND (status = 'queued' OR (status = 'sending' AND claimed_until < now())))::int AS due,
            count(*) FILTER (WHERE status IN ('queued', 'sending'))::int AS waiting,
            min(CASE WHEN status = 'queued' THEN next_attempt_at WHEN status = 'sending' THEN claimed_until END) AS next
     FROM warnings WHERE plan_id = $1`,
    [planId],
  );
  return rows[0];
}

export async function statusCounts(q: Queryable, planId: number): Promise<{ channel: string; country: string | null; status: string; n: number }[]> {
  return q.query('SELECT channel, country, status, count(*)::int AS n FROM warnings WHERE plan_id = $1 GROUP BY channel, country, status ORDER BY channel, country, status', [planId]);
}

export async function failures(q: Queryable, planId: number, limit = 20): Promise<{ channel: string; attempts: number; last_error: string | null }[]> {
  return q.query(`SELECT channel, attempts, last_error FROM warnings WHERE plan_id = $1 AND status = 'failed' ORDER BY id LIMIT $2`, [planId, limit]);
}

export async function plansOfCase(q: Queryable, caseId: number): Promise<PlanRow[]> {
  return q.query<PlanRow>('SELECT id::int AS id, case_id::int AS case_id, channels, planned_by, planned_at, approved_by, approved_at, summary FROM warning_plans WHERE case_id = $1 ORDER BY id', [caseId]);
}

export async function warningsOfVictim(q: Queryable, caseId: number, victimHash: string): Promise<{ plan_id: number; channel: string; language: string; status: string; attempts: number; last_error: string | null; sent_at: Date | null }[]> {
  return q.query(
    'SELECT plan_id::int AS plan_id, channel, language, status, attempts, last_error, sent_at FROM warnings WHERE case_id = $1 AND victim_hash = $2 ORDER BY plan_id, channel',
    [caseId, victimHash],
  );
}
