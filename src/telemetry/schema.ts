// Call-signaling telemetry format v1 (data/telemetry/call-telemetry-spec.md): the columns, in
// order, with the DuckDB type each is read as.

export const EVENT_TYPES = ['call_offer', 'call_ringing', 'call_accept', 'call_reject', 'call_end', 'relay_alloc', 'rtcp'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const END_REASONS = ['hangup', 'missed', 'rejected', 'cancelled', 'failed'] as const;
export type EndReason = (typeof END_REASONS)[number];

export const TELEMETRY_COLUMNS = [
  ['ts', 'VARCHAR'],
  ['event', 'VARCHAR'],
  ['call_id', 'VARCHAR'],
  ['caller', 'VARCHAR'],
  ['callee', 'VARCHAR'],
  ['sender', 'VARCHAR'],
  ['src_ip', 'VARCHAR'],
  ['relay_ip', 'VARCHAR'],
  ['client', 'VARCHAR'],
  ['payload_len', 'BIGINT'],
  ['malformed', 'BOOLEAN'],
  ['duration_ms', 'BIGINT'],
  ['end_reason', 'VARCHAR'],
] as const;
export type TelemetryColumn = (typeof TELEMETRY_COLUMNS)[number][0];

/**
 * Columns the format allows empty ("string or empty", "integer or empty"). A JSON record may leave
 * such a key out, as many JSON writers do with empty values; CSV and Parquet name every column.
 */
export const MAY_BE_EMPTY: readonly TelemetryColumn[] = ['relay_ip', 'duration_ms', 'end_reason'];

export interface TelemetryEvent {
  ts: number; // epoch milliseconds
  event: EventType;
  call_id: string;
  caller: string;
  callee: string;
  sender: 'caller' | 'callee';
  src_ip: string;
  relay_ip: string;
  client: string;
  payload_len: number;
  malformed: boolean;
  duration_ms: number | null;
  end_reason: EndReason | '';
}

export interface Truth {
  attackers: string[];
  targets: string[];
  window: { start: string; end: string };
}
