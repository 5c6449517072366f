// Detections of a case with their evidence opened (it is stored encrypted).
import { detectionsOfCase, type PiiVault } from '../../cases/index.ts';
import type { Store } from '../../store/index.ts';

export async function detectionEvidence(store: Store, vault: PiiVault, caseId: number): Promise<Record<string, unknown>[]> {
  return (await detectionsOfCase(store, caseId)).map((r) => ({
    rule: r.rule_name, level: r.level, logsource: r.logsource, ...(JSON.parse(vault.decrypt(r.evidence_enc)) as Record<string, unknown>),
  }));
}
