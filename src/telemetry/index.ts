// Call telemetry: the format v1 schema, the release manifest, and the dataset generators.
export * from './schema.ts';
export { loadReleases, compareVersions, clientString, RELEASES_FILE, type Release } from './releases.ts';
export { generateTelemetry, type GenerateOptions, type GenerateResult } from './generate.ts';
export type { TelemetryFormat } from './writer.ts';
export { generateZeek, type ZeekOptions, type ZeekTruth } from './zeek.ts';
