// The audit log: every read of victim PII in clear and every warning action, with who, what, when.
import os from 'node:os';
import { pgText, type Queryable } from '../store/index.ts';

export type AuditAction =
  | 'victims.reveal' | 'victims.import' | 'victims.annotate' | 'victims.set-language'
  | 'hunt.report.reveal' | 'hunt.score.reveal' | 'report.reveal'
  | 'notify.plan' | 'notify.approve' | 'notify.send' | 'notify.dry-run';

/** Who is acting: --as, else VIGIL_OPERATOR, else the login name. */
export function operatorName(as?: string): string {
  return as ?? process.env.VIGIL_OPERATOR ?? os.userInfo().username;
}

export async function audit(q: Queryable, actor: string, action: AuditAction, caseName: string | null, details: Record<string, unknown> = {}): Promise<void> {
  await q.query('INSERT INTO audit_log (actor, action, case_name, details) VALUES ($1, $2, $3, $4::jsonb)', [pgText(actor), action, pgText(caseName), pgText(JSON.stringify(details))]);
}

export interface AuditEntry {
  id: number;
  at: Date;
  actor: string;
  action: string;
  case_name: string | null;
  details: Record<string, unknown>;
}

export async function auditEntries(q: Queryable, caseName?: string, limit = 200): Promise<AuditEntry[]> {
  return q.query<AuditEntry>(
    'SELECT id::int AS id, at, actor, action, case_name, details FROM audit_log WHERE ($1::text IS NULL OR case_name = $1) ORDER BY id DESC LIMIT $2',
    [caseName ?? null, limit],
  );
}
