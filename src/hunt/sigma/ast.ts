// The Sigma rule AST: every node keeps the file and line it came from, for compile errors.

export interface Loc {
  file: string;
  line: number;
  col: number;
}

export type Scalar = string | number | boolean | null;

export interface LocatedValue {
  value: Scalar;
  loc: Loc;
}

/** `field|mod1|mod2: values` inside a search map; `field` null for keyword searches. */
export interface FieldMatch {
  field: string | null;
  modifiers: string[];
  values: LocatedValue[];
  loc: Loc;
}

/** A search identifier: a map is AND of its field matches; a list of maps is OR of them. */
export type Search = { kind: 'map'; matches: FieldMatch[]; loc: Loc } | { kind: 'any'; items: Search[]; loc: Loc };

export type Condition =
  | { kind: 'ref'; name: string; loc: Loc }
  | { kind: 'not'; expr: Condition }
  | { kind: 'and' | 'or'; left: Condition; right: Condition }
  | { kind: 'of'; quantifier: 'all' | number; pattern: string; loc: Loc };

export interface LogSource {
  product?: string;
  service?: string;
  category?: string;
}

/** What rules and correlations have in common: identity, place, level, tags. */
export interface SigmaCommon {
  file: string;
  loc: Loc;
  id?: string;
  name?: string;
  title: string;
  level: string;
  tags: string[];
}

export interface SigmaRule extends SigmaCommon {
  kind: 'rule';
  logsource: LogSource;
  searches: Map<string, Search>;
  condition: Condition;
  conditionText: string;
}

export const CORRELATION_TYPES = ['event_count', 'value_count', 'temporal', 'temporal_ordered'] as const;
export type CorrelationType = (typeof CORRELATION_TYPES)[number];

export interface CorrelationCondition {
  op: 'gt' | 'gte' | 'lt' | 'lte' | 'eq' | 'neq';
  value: number;
}

export interface SigmaCorrelation extends SigmaCommon {
  kind: 'correlation';
  type: CorrelationType;
  rules: string[];
  groupBy: string[];
  /** Milliseconds. */
  timespan: number;
  conditions: CorrelationCondition[];
  /** value_count: the field whose distinct values are counted. */
  field?: string;
  generate: boolean;
}

export type SigmaDocument = SigmaRule | SigmaCorrelation;
