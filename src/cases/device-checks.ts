// Device checks kept with a case: counts by level in clear (for lists and the report), the owner's
// label and the full result encrypted (alerts quote what was on the phone).
import { exactJson } from '../core/index.ts';
import type { Queryable } from '../store/index.ts';
import type { PiiVault } from './pii.ts';
import { ensureCase, insertDeviceCheck } from './queries.ts';

/** Stores a check's result in the case (created if new); returns its id and the counts by level it stored. */
export async function storeDeviceCheck(q: Queryable, vault: PiiVault, caseName: string, label: string | null | undefined, check: { kind: string; modules: unknown[]; alerts: { level: string }[] }): Promise<{ id: number; byLevel: Record<string, number> }> {
  const byLevel: Record<string, number> = {};
  for (const a of check.alerts) byLevel[a.level] = (byLevel[a.level] ?? 0) + 1;
  const id = await insertDeviceCheck(q, await ensureCase(q, caseName), vault.encryptOrNull(label), check.kind, byLevel, vault.encrypt(exactJson({ modules: check.modules, alerts: check.alerts })));
  return { id, byLevel };
}
