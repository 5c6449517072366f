// AST of the STIX 2.1 patterning language; every node keeps its offset in the pattern text.

export type Literal =
  | { type: 'string'; value: string }
  | { type: 'int'; value: number }
  | { type: 'float'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'timestamp'; value: string }
  | { type: 'hex'; value: string }
  | { type: 'binary'; value: string };

export type PathStep = { key: string } | { index: number | '*' };

export interface ObjectPath {
  objectType: string;
  steps: PathStep[];
  /** Canonical text: `file:hashes.'SHA-256'` → `file:hashes.SHA-256`. */
  text: string;
  pos: number;
}

export type ComparisonOp = '=' | '!=' | '>' | '<' | '>=' | '<=' | 'IN' | 'LIKE' | 'MATCHES' | 'ISSUBSET' | 'ISSUPERSET';

export type ComparisonExpr =
  | { kind: 'cmp'; path: ObjectPath; op: ComparisonOp; negated: boolean; value: Literal | Literal[]; pos: number }
  | { kind: 'exists'; path: ObjectPath; pos: number }
  | { kind: 'and' | 'or'; left: ComparisonExpr; right: ComparisonExpr };

export type Qualifier =
  | { kind: 'within'; seconds: number }
  | { kind: 'repeats'; times: number }
  | { kind: 'startstop'; start: string; stop: string };

export type ObservationExpr =
  | { kind: 'observation'; expr: ComparisonExpr; pos: number }
  | { kind: 'AND' | 'OR' | 'FOLLOWEDBY'; left: ObservationExpr; right: ObservationExpr }
  | { kind: 'qualified'; expr: ObservationExpr; qualifier: Qualifier };
