// Indicators: import (STIX 2.1, MISP, Zeek intel, plain lists), normalize, store with provenance,
// suppress known-benign values (warninglists), match and scan fast, export.
export * from './types.ts';
export { refang, defang } from './defang.ts';
export { normalizeAs, inferType, canonicalDomain, canonicalIp, canonicalCidr } from './normalize.ts';
export { parsePattern } from './stix/pattern-parser.ts';
export type { ObservationExpr, ComparisonExpr } from './stix/pattern-ast.ts';
export { parseIndicators, detectFormat, IMPORT_FORMATS, type ImportFormat, type ImportOptions } from './import/index.ts';
export { MatchIndex, type Match, type MatchHow, type PortableIndex, type QueryType } from './match-index.ts';
export { IpSet } from './ipset.ts';
export { parseWarninglist, WarninglistSet, type Warninglist, type WarninglistHit } from './warninglist.ts';
export { exportIndicators, EXPORT_FORMATS, type ExportFormat, type ExportResult } from './export/index.ts';
export { scanFile, type ScanHit, type ScanSummary } from './scan/scan-file.ts';
export { loadIndicators, listSources, listDropped, deleteSource, deleteWarninglist, type IndicatorFilter } from './queries.ts';
export * from './service.ts';
