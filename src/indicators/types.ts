// Indicator vocabulary shared by importers, the store, the match index and exporters.

export const INDICATOR_TYPES = [
  'domain', 'url', 'ipv4', 'ipv6', 'email',
  'md5', 'sha1', 'sha256', 'sha512',
  'process', 'file_name', 'file_path',
  'app_id', 'cert_md5', 'cert_sha1', 'cert_sha256',
  'profile_id', 'property', 'account', 'phone',
] as const;
export type IndicatorType = (typeof INDICATOR_TYPES)[number];

export function isIndicatorType(s: string): s is IndicatorType {
  return (INDICATOR_TYPES as readonly string[]).includes(s);
}

/** How an indicator's value is compared: exact (with the type's own semantics), CIDR, STIX LIKE, STIX MATCHES. */
export type MatchKind = 'exact' | 'cidr' | 'like' | 'regex';

/** A comparison of a STIX clause that the indexed value alone does not decide. */
export interface Condition {
  path: string;
  op: string;
  negated: boolean;
  value: unknown;
}

export interface CollectionDraft {
  /** Key unique within one import (the STIX id of the malware/report, or a name). */
  key: string;
  name: string;
  kind: string;
  stixId?: string;
  description?: string;
}

/** One indicator value ready to store, with where it came from. */
export interface IndicatorDraft {
  type: IndicatorType;
  value: string;
  match: MatchKind;
  original: string;
  collection: string;
  location: string;
  stixId?: string;
  pattern?: string;
  conditions?: Condition[];
  created?: string;
  modified?: string;
  validFrom?: string;
  validUntil?: string;
  labels?: string[];
}

export interface Dropped {
  location: string;
  original: string;
  reason: string;
}

/** What an importer makes of one file; nothing is written until the whole file parsed. */
export interface ImportResult {
  format: string;
  collections: CollectionDraft[];
  indicators: IndicatorDraft[];
  dropped: Dropped[];
  /** Indicators in the source's own sense (STIX indicator objects, MISP attributes, lines). */
  sourceItems: number;
}

/** An indicator as stored, with its provenance; what the match index is built from. */
export interface IndicatorRecord {
  id: number;
  type: IndicatorType;
  value: string;
  match: MatchKind;
  original: string;
  collection: string;
  source: string;
  location: string;
  stixId: string | null;
  pattern: string | null;
  conditions: Condition[] | null;
  validFrom: string | null;
}

export const DEFAULT_COLLECTION = 'default';
