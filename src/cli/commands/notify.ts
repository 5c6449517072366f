// `vigil notify …`: plan a warning rollout, approve it (a second operator), send it, watch it.
import type { Command } from 'commander';
import { audit, caseById, openVault, operatorName } from '../../cases/index.ts';
import { color, loadConfig, progressBar, UsageError } from '../../core/index.ts';
import { approve, channelsFromEnv, CHANNELS, createPlan, dispatch, findPlan, NotifyError, planStatus, type ChannelName } from '../../notify/index.ts';
import { withStore } from '../../store/index.ts';
import { setExitCode } from '../exit.ts';
import { wholeNumber } from '../args.ts';
import { printJson, println, table } from '../output.ts';

function planId(v: string): number {
  return wholeNumber(v, '--plan', 1);
}

export function registerNotify(program: Command): void {
  const n = program.command('notify').description('warn victims: plan, approve (four eyes), send, status');

  n.command('plan')
    .description('queue one warning per victim and channel, and show counts and previews')
    .requiredOption('--case <name>', 'case name')
    .option('--channels <list>', `comma-separated: ${CHANNELS.join(', ')}`, 'inapp,sms')
    .option('--as <name>', 'who is planning (default: VIGIL_OPERATOR or the login name)')
    .option('--preview <lang>', 'print the rendered warning in this language')
    .option('--json', 'machine-readable output')
    .action(async (o) => {
      const channels = String(o.channels).split(',').map((c) => c.trim()) as ChannelName[];
      const plan = await withStore(async (s) => {
        const p = await createPlan(s, o.case, channels, operatorName(o.as));
        await audit(s, p.plannedBy, 'notify.plan', o.case, { plan: p.planId, queued: p.queued });
        return p;
      });
      if (o.json) return printJson(plan);
      println(`plan ${color.bold(String(plan.planId))} for case ${plan.case} by ${plan.plannedBy}: ${plan.victims} victims`);
      println(table(channels.map((c) => [c, plan.queued[c] ?? 0, plan.alreadyQueued[c] ?? 0, plan.noAddress[c] ?? 0, Object.entries(plan.byChannelLanguage[c] ?? {}).map(([l, k]) => `${l} ${k}`).join(', ')]), ['channel', 'queued', 'already warned or queued', 'no address', 'languages']));
      println(`previews: ${Object.keys(plan.previews).join(', ')}`);
      if (o.preview) {
        const p = Object.entries(plan.previews).find(([k]) => k.startsWith(`${o.preview}/`));
        if (p) println(`\n${p[1].subject}\n\n${p[1].text}\nSMS: ${p[1].sms}`);
      }
      println(color.dim(`next: a second operator runs vigil notify approve --plan ${plan.planId}`));
    });

  n.command('approve')
    .description('approve a plan; the operator who planned it cannot')
    .requiredOption('--plan <id>', 'plan number')
    .option('--as <name>', 'who is approving')
    .action(async (o) => {
      const who = operatorName(o.as);
      await withStore(async (s) => {
        await approve(s, planId(o.plan), who);
        const plan = await findPlan(s, planId(o.plan));
        await audit(s, who, 'notify.approve', (await caseById(s, plan!.case_id))?.name ?? null, { plan: planId(o.plan) });
      });
      println(`plan ${o.plan} approved by ${who}`);
    });

  n.command('send')
    .description('send an approved plan (channels configured by VIGIL_INAPP_URL/SECRET, VIGIL_SMS_URL/SECRET, VIGIL_SMTP_URL/FROM)')
    .requiredOption('--plan <id>', 'plan number')
    .option('--rate <n>', 'warnings per second at most', '50')
    .option('--dry-run', 'render every warning and send nothing')
    .option('--as <name>', 'who is sending, for the audit log')
    .option('--json', 'machine-readable output')
    .action(async (o) => {
      const id = planId(o.plan);
      const r = await withStore(async (s) => {
        const vault = await openVault(s, loadConfig());
        const plan = await findPlan(s, id);
        if (!plan) throw new UsageError(`no warning plan ${id}`);
        if (!plan.approved_by) throw new NotifyError('NOTIFY_NOT_APPROVED', `plan ${id} is not approved; nothing was sent`, { hint: 'a second operator must run vigil notify approve first' });
        const caseRow = await caseById(s, plan.case_id);
        const channels = o.dryRun ? {} : channelsFromEnv(plan.channels as ChannelName[]);
        const total = Object.values((plan.summary as { queued?: Record<string, number> }).queued ?? {}).reduce((a, b) => a + b, 0);
        const bar = progressBar('sending', total, ' warnings');
        try {
          await audit(s, operatorName(o.as), o.dryRun ? 'notify.dry-run' : 'notify.send', caseRow?.name ?? null, { plan: id });
          return await dispatch(s, { planId: id, channels, vault, caseName: caseRow?.name ?? String(plan.case_id), rate: Number(o.rate) || undefined, dryRun: Boolean(o.dryRun), onProgress: (d) => bar.update(d) });
        } finally {
          bar.finish();
          for (const c of Object.values(channels)) await c?.close();
        }
      });
      if (r.failed > 0) setExitCode(1);
      if (o.json) return printJson(r);
      if (o.dryRun) return println(`dry run: ${r.rendered} warnings rendered, none sent`);
      println(`sent ${r.sent}, failed ${r.failed}, retried ${r.retried} times`);
    });

  n.command('status')
    .description('queued, sent, delivered and failed warnings, per channel and country')
    .requiredOption('--plan <id>', 'plan number')
    .option('--json', 'machine-readable output')
    .action(async (o) => {
      const st = await withStore((s) => planStatus(s, planId(o.plan)));
      if (o.json) return printJson(st);
      const cols = ['queued', 'sending', 'sent', 'delivered', 'failed'];
      println(`plan ${st.planId}: planned by ${st.plannedBy}, ${st.approvedBy ? `approved by ${st.approvedBy}` : color.yellow('not approved')}`);
      println(table(Object.entries(st.byChannel).map(([c, v]) => [c, ...cols.map((k) => v[k] ?? 0)]), ['channel', ...cols]));
      println();
      println(table(Object.entries(st.byCountry).map(([c, v]) => [c, ...cols.map((k) => v[k] ?? 0)]), ['country', ...cols]));
      for (const f of st.failures) println(color.red(`failed ${f.channel} after ${f.attempts} attempts: ${f.last_error}`));
    });
}
