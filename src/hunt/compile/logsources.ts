// The logsources vigil hunts, each a relation the runner provides, with the Sigma fields it knows,
// their SQL column, type, and what is known of their values (lowercase, no letters). Derived
// fields (accepted_before, client_official) are computed in SQL where a rule uses them.
import type { LogSource } from '../sigma/ast.ts';

export type FieldType = 'string' | 'number' | 'boolean' | 'timestamp';

export interface FieldDef {
  /** SQL expression over the rule's row alias `e`. */
  sql: string;
  type: FieldType;
  /** The format fixes the values (enumerations, E.164 digits), all lowercase: a case-insensitive match needs no lower() on the column. */
  lowercase?: boolean;
  /** For a derived field that reads other rows of the relation: which rows it reads. */
  reads?: FieldReads;
}

export interface FieldReads {
  /** A predicate over `e` the rows read satisfy. */
  where: string;
  /** When set, the rows read share this column's value with the row being matched. */
  key?: string;
}

export interface LogsourceDef {
  id: string;
  description: string;
  matches(ls: LogSource): boolean;
  /** Name of the relation (view) the runner creates over the dataset: the rows rules can match. */
  relation: string;
  /**
   * The relation base rules deferred by the scan plan (compile/scan-plan.ts) and derived fields'
   * reads of other rows read: the rows the plan keeps, the same as the rules'. Absent: the
   * logsource has no scan plan.
   */
  contextRelation?: string;
  fields: Record<string, FieldDef>;
  /** Raw columns a dataset must have to be this logsource. */
  required: string[];
  /** Fields copied into every detection as evidence. */
  evidence: string[];
  /** The account or host a detection is about (caller, client address). */
  actor: string;
  /** Columns every loaded record has a value in (the record check turns away those without). */
  present?: string[];
}

const col = (name: string, type: FieldType, extra: Partial<FieldDef> = {}): FieldDef => ({ sql: `e.${quoteIdent(name)}`, type, ...extra });

/** Identifier quoting: the only way a field or column name enters SQL. */
export function quoteIdent(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_.]*$/.test(name)) throw new Error(`refusing identifier ${JSON.stringify(name)}`);
  return `"${name}"`;
}

export const CALL_TELEMETRY: LogsourceDef = {
  id: 'call_telemetry',
  description: 'vigil call-signaling telemetry, format v1 (product: vigil, service: call_telemetry)',
  matches: (ls) => (ls.product === 'vigil' && (ls.service === 'call_telemetry' || ls.category === 'call_signaling')) || ls.category === 'call_signaling',
  relation: 'src_call_telemetry',
  contextRelation: 'src_call_telemetry_context',
  fields: {
    ts: col('ts', 'timestamp'),
    event: col('event', 'string', { lowercase: true }),
    call_id: col('call_id', 'string'),
    caller: col('caller', 'string', { lowercase: true }),
    callee: col('callee', 'string', { lowercase: true }),
    sender: col('sender', 'string', { lowercase: true }),
    src_ip: col('src_ip', 'string'),
    relay_ip: col('relay_ip', 'string'),
    // Not enumerated by the spec, so case-insensitive matches lower() it.
    client: col('client', 'string'),
    payload_len: col('payload_len', 'number'),
    malformed: col('malformed', 'boolean'),
    duration_ms: col('duration_ms', 'number'),
    end_reason: col('end_reason', 'string', { lowercase: true }),
    // Derived: the account whose client sent this event, and its platform and version.
    sender_account: { sql: `CASE WHEN e."sender" = 'callee' THEN e."callee" ELSE e."caller" END`, type: 'string', lowercase: true },
    client_platform: { sql: `split_part(e."client", '/', 1)`, type: 'string' },
    client_version: { sql: `split_part(e."client", '/', 2)`, type: 'string' },
    // Derived: the build is in the service's release manifest (table vigil_releases).
    client_official: { sql: `(e."client" IN (SELECT client FROM vigil_releases))`, type: 'boolean' },
    // Derived: a call_accept of the same call came at or before this event (T2 is RTCP before any).
    accepted_before: {
      sql: `EXISTS (SELECT 1 FROM src_call_telemetry_context a WHERE a."call_id" = e."call_id" AND a."event" = 'call_accept' AND a."ts" <= e."ts")`,
      type: 'boolean',
      reads: { where: `e."event" = 'call_accept'`, key: 'call_id' },
    },
  },
  required: ['ts', 'event', 'call_id', 'caller', 'callee', 'sender', 'src_ip', 'relay_ip', 'client', 'payload_len', 'malformed', 'duration_ms', 'end_reason'],
  evidence: ['ts', 'event', 'call_id', 'caller', 'callee', 'sender', 'src_ip', 'client', 'payload_len', 'malformed', 'end_reason'],
  actor: 'caller',
  present: ['ts', 'event', 'call_id', 'caller', 'callee'],
};

function zeek(service: string, fields: Record<string, FieldType>, evidence: string[], lowercase: string[] = []): LogsourceDef {
  const defs: Record<string, FieldDef> = {};
  for (const [name, type] of Object.entries(fields)) defs[name] = col(name, type, lowercase.includes(name) ? { lowercase: true } : {});
  return {
    id: `zeek_${service}`,
    description: `Zeek ${service}.log (TSV with #fields, or JSON)`,
    matches: (ls) => ls.product === 'zeek' && (ls.service === service || ls.category === service),
    relation: `src_zeek_${service}`,
    fields: defs,
    required: Object.keys(fields).filter((f) => ['ts', 'uid', 'id.orig_h', 'id.resp_h'].includes(f) || evidence.slice(0, 5).includes(f)),
    evidence,
    actor: 'id.orig_h',
  };
}

const ZEEK_CONN_ID = { ts: 'timestamp', uid: 'string', 'id.orig_h': 'string', 'id.orig_p': 'number', 'id.resp_h': 'string', 'id.resp_p': 'number' } as const;

export const ZEEK_DNS = zeek('dns', { ...ZEEK_CONN_ID, proto: 'string', query: 'string', qtype_name: 'string', rcode_name: 'string', answers: 'string' }, ['ts', 'uid', 'id.orig_h', 'query', 'qtype_name', 'answers'], ['query']);
export const ZEEK_CONN = zeek('conn', { ...ZEEK_CONN_ID, proto: 'string', service: 'string', duration: 'number', orig_bytes: 'number', resp_bytes: 'number', conn_state: 'string' }, ['ts', 'uid', 'id.orig_h', 'id.resp_h', 'id.resp_p', 'proto', 'service']);
export const ZEEK_SSL = zeek('ssl', { ...ZEEK_CONN_ID, version: 'string', server_name: 'string', established: 'boolean' }, ['ts', 'uid', 'id.orig_h', 'id.resp_h', 'server_name'], ['server_name']);
export const ZEEK_HTTP = zeek('http', { ...ZEEK_CONN_ID, method: 'string', host: 'string', uri: 'string', user_agent: 'string', status_code: 'number' }, ['ts', 'uid', 'id.orig_h', 'id.resp_h', 'host', 'uri'], ['host']);

export const LOGSOURCES: LogsourceDef[] = [CALL_TELEMETRY, ZEEK_DNS, ZEEK_CONN, ZEEK_SSL, ZEEK_HTTP];

export function findLogsource(ls: LogSource): LogsourceDef | undefined {
  return LOGSOURCES.find((d) => d.matches(ls));
}
