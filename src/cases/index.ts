// Cases: one per campaign, holding its hunts, detections, attackers and victims. Victim PII is
// encrypted at rest through the vault (pii.ts).
export * from './queries.ts';
export { countryOf } from './country.ts';
export { regionOf, languageOf } from './countries.ts';
export { PiiVault, PiiError, openVault, parseKey, redact } from './pii.ts';
export * from './victims.ts';
export { audit, auditEntries, operatorName, type AuditAction, type AuditEntry } from './audit.ts';
export { storeDeviceCheck } from './device-checks.ts';
