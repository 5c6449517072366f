// Planning a rollout: one outbox row per victim and channel (with its idempotency key) before
// anything is sent, counts by channel and language, and a rendered preview per language. Approval
// takes a second operator: whoever planned cannot approve (four eyes).
import crypto from 'node:crypto';
import { findCase, victimsOf } from '../cases/index.ts';
import { UsageError, VigilError } from '../core/index.ts';
import type { Store } from '../store/index.ts';
import { CHANNELS, type ChannelName } from './channels/types.ts';
import { messagesFor } from './messages.ts';
import * as q from './queries.ts';
import { renderWarning, type RenderedWarning } from './render.ts';

export class NotifyError extends VigilError {}

export function idempotencyKey(caseId: number, victimHash: string, channel: string): string {
  return crypto.createHash('sha256').update(`vigil-warning|${caseId}|${victimHash}|${channel}`).digest('hex');
}

export interface PlanSummary {
  planId: number;
  case: string;
  plannedBy: string;
  victims: number;
  queued: Record<string, number>;
  alreadyQueued: Record<string, number>;
  noAddress: Record<string, number>;
  byChannelLanguage: Record<string, Record<string, number>>;
  previews: Record<string, RenderedWarning>;
}

export async function createPlan(store: Store, caseName: string, channels: ChannelName[], plannedBy: string): Promise<PlanSummary> {
  for (const c of channels) if (!CHANNELS.includes(c)) throw new UsageError(`unknown channel '${c}'`, { hint: `one of ${CHANNELS.join(', ')}` });
  if (!plannedBy.trim()) throw new UsageError('say who is planning: --as NAME or VIGIL_OPERATOR');
  const c = await findCase(store, caseName);
  if (!c) throw new UsageError(`no case named '${caseName}'`);
  const victims = await victimsOf(store, c.id);
  if (victims.length === 0) throw new NotifyError('NOTIFY_NO_VICTIMS', `case '${caseName}' has no victims to warn`, { hint: 'hunt first, or import victims' });
  const rows: q.OutboxInsert[] = [];
  const noAddress: Record<string, number> = {};
  const byChannelLanguage: Record<string, Record<string, number>> = {};
  const previews: Record<string, RenderedWarning> = {};
  for (const v of victims) {
    const evidence = (typeof v.evidence === 'string' ? JSON.parse(v.evidence) : v.evidence) as { kind?: string };
    // Only what the evidence shows: an exploit call, or the attackers' probing calls.
    const kind = evidence.kind === 'exploit' ? 'exploit' : 'probe';
    const { language } = messagesFor(v.language);
    const from = (v.first_targeted ? new Date(v.first_targeted) : new Date()).toISOString();
    const to = (v.last_targeted ? new Date(v.last_targeted) : new Date(from)).toISOString();
    previews[`${language}/${kind}`] ??= renderWarning({ language, kind, from, to });
    for (const channel of channels) {
      const recipientEnc = channel === 'smtp' ? v.email_enc : v.account_enc;
      if (!recipientEnc) {
        noAddress[channel] = (noAddress[channel] ?? 0) + 1;
        continue;
      }
      (byChannelLanguage[channel] ??= {})[language] = (byChannelLanguage[channel][language] ?? 0) + 1;
      rows.push({
        victimHash: v.account_hash, channel, language, country: v.country, kind,
        firstTargeted: from, lastTargeted: to, recipientEnc, idempotencyKey: idempotencyKey(c.id, v.account_hash, channel),
      });
    }
  }
  return store.transaction(async (tx) => {
    const planId = await q.insertPlan(tx, c.id, channels, plannedBy);
    const queued: Record<string, number> = {};
    const alreadyQueued: Record<string, number> = {};
    for (const channel of channels) {
      const mine = rows.filter((r) => r.channel === channel);
      queued[channel] = await q.queueWarnings(tx, planId, c.id, mine);
      alreadyQueued[channel] = mine.length - queued[channel];
    }
    const summary = { planId, case: caseName, plannedBy, victims: victims.length, queued, alreadyQueued, noAddress, byChannelLanguage, previews };
    await q.setPlanSummary(tx, planId, { ...summary, previews: Object.keys(previews) });
    return summary;
  });
}

export async function approve(store: Store, planId: number, approver: string): Promise<void> {
  const plan = await q.findPlan(store, planId);
  if (!plan) throw new UsageError(`no warning plan ${planId}`);
  if (plan.approved_by) throw new NotifyError('NOTIFY_APPROVED', `plan ${planId} was already approved by ${plan.approved_by}`);
  if (plan.planned_by === approver) {
    throw new NotifyError('NOTIFY_FOUR_EYES', `${approver} planned plan ${planId} and cannot also approve it`, { hint: 'a second operator must approve (vigil notify approve --as OTHER)' });
  }
  if (!(await q.approvePlan(store, planId, approver))) throw new NotifyError('NOTIFY_APPROVE', `plan ${planId} could not be approved`);
}

export interface PlanStatus {
  planId: number;
  plannedBy: string;
  approvedBy: string | null;
  byChannel: Record<string, Record<string, number>>;
  byCountry: Record<string, Record<string, number>>;
  failures: { channel: string; attempts: number; last_error: string | null }[];
}

export async function planStatus(store: Store, planId: number): Promise<PlanStatus> {
  const plan = await q.findPlan(store, planId);
  if (!plan) throw new UsageError(`no warning plan ${planId}`);
  const byChannel: PlanStatus['byChannel'] = {};
  const byCountry: PlanStatus['byCountry'] = {};
  for (const r of await q.statusCounts(store, planId)) {
    (byChannel[r.channel] ??= {})[r.status] = (byChannel[r.channel][r.status] ?? 0) + r.n;
    const cc = r.country ?? 'unknown';
    (byCountry[cc] ??= {})[r.status] = (byCountry[cc][r.status] ?? 0) + r.n;
  }
  return { planId, plannedBy: plan.planned_by, approvedBy: plan.approved_by, byChannel, byCountry, failures: await q.failures(store, planId) };
}
