// What the campaign report says, gathered once from the case: numbers, attackers, infrastructure,
// rules, victims (redacted unless revealed), detections, rollout.
import { detectionCounts, deviceChecksOf, findCase, listVictims, victimStats, type PiiVault, type Victim, type VictimStats } from '../../cases/index.ts';
import { UsageError } from '../../core/index.ts';
import { huntReport, type HuntReport } from '../../hunt/index.ts';
import { planStatus, plansOfCase, type PlanStatus } from '../../notify/index.ts';
import type { Store } from '../../store/index.ts';
import { redact } from '../../cases/index.ts';
import { detectionEvidence } from './detections.ts';

export interface ReportData {
  caseName: string;
  generatedAt: string;
  revealed: boolean;
  stats: VictimStats;
  hunt: HuntReport;
  victims: Victim[];
  detections: Record<string, unknown>[];
  infrastructure: { address: string; rules: string[]; detections: number }[];
  rules: { rule_name: string; rule_title: string; level: string; n: number; actors: number }[];
  rollout: PlanStatus[];
  /** Phones examined: when, what kind of evidence, counts by level and the modules with serious findings (no contents, no owner). */
  devices: { kind: string; checkedAt: string; alertsByLevel: Record<string, number>; flaggedModules: string[] }[];
}

export async function gatherReport(store: Store, vault: PiiVault, caseName: string, reveal: boolean): Promise<ReportData> {
  const c = await findCase(store, caseName);
  if (!c) throw new UsageError(`no case named '${caseName}'`);
  const detections = await detectionEvidence(store, vault, c.id);
  // Detection rows name callees: redact them unless the report is to reveal.
  for (const d of detections) if (!reveal && typeof d.callee === 'string') d.callee = redact(d.callee);
  const infra = new Map<string, { rules: Set<string>; detections: number }>();
  for (const d of detections) {
    if (d.logsource !== 'call_telemetry' || typeof d.src_ip !== 'string') continue;
    const e = infra.get(d.src_ip) ?? { rules: new Set<string>(), detections: 0 };
    e.rules.add(String(d.rule));
    e.detections++;
    infra.set(d.src_ip, e);
  }
  const plans = await plansOfCase(store, c.id);
  // Decrypted once: the hunt summary's targets are the same victims.
  const victims = await listVictims(store, vault, caseName, reveal);
  return {
    caseName,
    generatedAt: new Date().toISOString(),
    revealed: reveal,
    stats: await victimStats(store, caseName),
    hunt: await huntReport(store, caseName, vault, reveal, victims),
    victims,
    detections,
    infrastructure: [...infra].map(([address, v]) => ({ address, rules: [...v.rules].sort(), detections: v.detections })).sort((a, b) => b.detections - a.detections),
    rules: await detectionCounts(store, c.id),
    rollout: await Promise.all(plans.map((p) => planStatus(store, p.id))),
    devices: (await deviceChecksOf(store, c.id)).map((x) => {
      const result = JSON.parse(vault.decrypt(x.result_enc)) as { alerts?: { level: string; module: string }[] };
      const flagged = new Set((result.alerts ?? []).filter((a) => a.level === 'CRITICAL' || a.level === 'HIGH').map((a) => a.module));
      return { kind: x.kind, checkedAt: new Date(x.checked_at).toISOString(), alertsByLevel: x.alerts_by_level, flaggedModules: [...flagged].sort() };
    }),
  };
}
