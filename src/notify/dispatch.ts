// The dispatcher: claims due warnings of an approved plan from the outbox, sends each through its
// channel with its idempotency key, and records the outcome. Retries back off exponentially with
// jitter; a permanent failure is recorded with its reason. A dispatcher killed mid-send leaves its
// claims to lapse and be taken again, so nothing is lost; receivers drop repeats by key.
import crypto from 'node:crypto';
import type { PiiVault } from '../cases/index.ts';
import { UsageError } from '../core/index.ts';
import type { Store } from '../store/index.ts';
import type { Channel, ChannelName } from './channels/types.ts';
import { NotifyError } from './plan.ts';
import * as q from './queries.ts';
import { renderWarning } from './render.ts';

export interface DispatchOptions {
  planId: number;
  channels: Partial<Record<ChannelName, Channel>>;
  vault: PiiVault;
  caseName: string;
  worker?: string;
  batch?: number;
  /** Warnings in flight at once. */
  concurrency?: number;
  /** Warnings per second, all channels together; unlimited if not set. */
  rate?: number;
  leaseMs?: number;
  maxAttempts?: number;
  /** Render everything, send nothing. */
  dryRun?: boolean;
  onProgress?: (done: number) => void;
}

export interface DispatchResult {
  attempted: number;
  sent: number;
  failed: number;
  retried: number;
  rendered: number;
}

export function backoffMs(attempt: number, rand = Math.random): number {
  const cap = Math.min(60_000, 500 * 2 ** Math.max(0, attempt - 1));
  return Math.floor(rand() * cap); // full jitter
}

async function runLimited<T>(items: T[], limit: number, fn: (t: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]);
  });
  await Promise.all(workers);
}

export async function dispatch(store: Store, o: DispatchOptions): Promise<DispatchResult> {
  const plan = await q.findPlan(store, o.planId);
  if (!plan) throw new UsageError(`no warning plan ${o.planId}`);
  if (!plan.approved_by) throw new NotifyError('NOTIFY_NOT_APPROVED', `plan ${o.planId} is not approved; nothing was sent`, { hint: 'a second operator must run vigil notify approve first' });
  const worker = o.worker ?? `${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
  const result: DispatchResult = { attempted: 0, sent: 0, failed: 0, retried: 0, rendered: 0 };
  if (o.dryRun) {
    // Render every queued warning without claiming or sending anything.
    const rows = await store.query<q.ClaimedWarning>(`SELECT id::int AS id, channel, language, kind, first_targeted, last_targeted, recipient_enc, idempotency_key, attempts FROM warnings WHERE plan_id = $1 AND status = 'queued'`, [o.planId]);
    for (const r of rows) {
      o.vault.decrypt(r.recipient_enc);
      renderWarning({ language: r.language, kind: r.kind, from: new Date(r.first_targeted ?? Date.now()).toISOString(), to: new Date(r.last_targeted ?? Date.now()).toISOString() });
      result.rendered++;
    }
    return result;
  }
  const started = Date.now();
  const maxAttempts = o.maxAttempts ?? 6;
  for (;;) {
    const claimed = await store.transaction((tx) => q.claimWarnings(tx, o.planId, worker, o.batch ?? 200, o.leaseMs ?? 30_000));
    if (claimed.length === 0) {
      const p = await q.pendingCount(store, o.planId);
      if (p.waiting === 0) break;
      // Retries waiting for their time, or claims of another dispatcher: wait for the earliest.
      const wait = p.next ? Math.max(50, Math.min(2000, new Date(p.next).getTime() - Date.now())) : 200;
      await new Promise((r) => setTimeout(r, wait));
      continue;
    }
    const outcomes: q.Outcome[] = [];
    await runLimited(claimed, o.concurrency ?? 32, async (w) => {
      if (o.rate) {
        const due = started + (result.attempted / o.rate) * 1000;
        result.attempted++;
        if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      } else result.attempted++;
      const channel = o.channels[w.channel as ChannelName];
      if (!channel) {
        outcomes.push({ id: w.id, status: 'failed', messageId: null, error: `channel ${w.channel} is not configured`, delayMs: 0 });
        result.failed++;
        return;
      }
      const rendered = renderWarning({ language: w.language, kind: w.kind, from: new Date(w.first_targeted ?? Date.now()).toISOString(), to: new Date(w.last_targeted ?? Date.now()).toISOString() });
      const r = await channel.send({ idempotencyKey: w.idempotency_key, recipient: o.vault.decrypt(w.recipient_enc), rendered, caseName: o.caseName, kind: w.kind });
      if (r.ok) {
        outcomes.push({ id: w.id, status: r.status, messageId: r.messageId ?? null, error: null, delayMs: 0 });
        result.sent++;
      } else if (r.retryable && w.attempts < maxAttempts) {
        outcomes.push({ id: w.id, status: 'queued', messageId: null, error: r.reason, delayMs: backoffMs(w.attempts) });
        result.retried++;
      } else {
        outcomes.push({ id: w.id, status: 'failed', messageId: null, error: r.reason, delayMs: 0 });
        result.failed++;
      }
    });
    await q.recordOutcomes(store, worker, outcomes);
    o.onProgress?.(result.sent + result.failed);
  }
  return result;
}
