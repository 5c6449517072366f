// The event sequences of one call: answered, missed, cancelled, rejected; and the campaign's
// probes and exploit attempts, shaped as data/telemetry/call-telemetry-spec.md describes (T1–T6).
import type { Rng } from './rng.ts';
import type { EndReason, TelemetryEvent } from './schema.ts';

export type Emit = (e: TelemetryEvent) => void;

export interface Party {
  number: string;
  ip: string;
  client: string;
}

export interface CallContext {
  rng: Rng;
  emit: Emit;
  callId: string;
  start: number;
  caller: Party;
  callee: Party;
  relayIp: string;
}

function event(c: CallContext, at: number, ev: TelemetryEvent['event'], side: 'caller' | 'callee', payload: number, extra: Partial<TelemetryEvent> = {}): void {
  const p = side === 'caller' ? c.caller : c.callee;
  c.emit({
    ts: at,
    event: ev,
    call_id: c.callId,
    caller: c.caller.number,
    callee: c.callee.number,
    sender: side,
    src_ip: p.ip,
    relay_ip: ev === 'relay_alloc' || ev === 'rtcp' ? c.relayIp : '',
    client: p.client,
    payload_len: payload,
    malformed: false,
    duration_ms: null,
    end_reason: '',
    ...extra,
  });
}

function end(c: CallContext, at: number, side: 'caller' | 'callee', reason: EndReason): void {
  event(c, at, 'call_end', side, c.rng.int(40, 90), { duration_ms: at - c.start, end_reason: reason });
}

/** Official offers stay under 1,200 bytes; video offers with many codecs approach it (B5). */
export function offerSize(rng: Rng, video: boolean): number {
  return video ? rng.int(900, 1199) : rng.int(280, 860);
}

export interface BackgroundOptions {
  kind: 'answered' | 'missed' | 'cancelled' | 'rejected';
  video: boolean;
  /** Old Android builds sometimes send one malformed RTCP packet in an answered call (B1). */
  oldBuildBug: 'caller' | 'callee' | undefined;
}

export function backgroundCall(c: CallContext, o: BackgroundOptions): void {
  const { rng } = c;
  let t = c.start;
  event(c, t, 'call_offer', 'caller', offerSize(rng, o.video));
  event(c, (t += rng.int(20, 200)), 'relay_alloc', 'caller', rng.int(60, 120));
  event(c, (t += rng.int(200, 2500)), 'call_ringing', 'callee', rng.int(40, 90));
  if (o.kind === 'cancelled') return end(c, t + rng.int(800, 12_000), 'caller', 'cancelled');
  if (o.kind === 'missed') return end(c, t + rng.int(25_000, 45_000), 'caller', 'missed');
  if (o.kind === 'rejected') {
    event(c, (t += rng.int(1500, 9000)), 'call_reject', 'callee', rng.int(40, 90));
    return end(c, t + rng.int(20, 200), 'callee', 'rejected');
  }
  event(c, (t += rng.int(1500, 15_000)), 'call_accept', 'callee', rng.int(40, 90));
  const packets = rng.int(2, 8);
  const bug = o.oldBuildBug ? rng.int(0, packets - 1) : -1;
  const talk = rng.int(20_000, 900_000);
  for (let i = 0; i < packets; i++) {
    const side = i === bug ? o.oldBuildBug! : rng.chance(0.5) ? 'caller' : 'callee';
    event(c, t + Math.floor(((i + 1) * talk) / (packets + 1)), 'rtcp', side, rng.int(60, 220), { malformed: i === bug });
  }
  end(c, t + talk, rng.chance(0.5) ? 'caller' : 'callee', 'hangup');
}

/** T6: a plain, well-formed call cancelled within seconds, to see whether the number is live. */
export function probeCall(c: CallContext): void {
  const { rng } = c;
  let t = c.start;
  event(c, t, 'call_offer', 'caller', offerSize(rng, false));
  event(c, (t += rng.int(20, 200)), 'relay_alloc', 'caller', rng.int(60, 120));
  if (rng.chance(0.8)) event(c, (t += rng.int(300, 2500)), 'call_ringing', 'callee', rng.int(40, 90));
  end(c, t + rng.int(1500, 8000), 'caller', 'cancelled');
}

export interface ExploitOptions {
  /** T1: an oversized, malformed offer. */
  oversizedOffer: boolean;
  /** T2: malformed RTCP from the caller before any answer. */
  malformedRtcp: boolean;
}

/** An exploit attempt: T1 and/or T2, then cancelled or missed within 30 seconds (T3). */
export function exploitCall(c: CallContext, o: ExploitOptions): void {
  const { rng } = c;
  let t = c.start;
  event(c, t, 'call_offer', 'caller', o.oversizedOffer ? rng.int(1500, 9000) : offerSize(rng, false), { malformed: o.oversizedOffer });
  event(c, (t += rng.int(20, 200)), 'relay_alloc', 'caller', rng.int(60, 120));
  if (rng.chance(0.5)) event(c, t + rng.int(300, 2500), 'call_ringing', 'callee', rng.int(40, 90));
  if (o.malformedRtcp) {
    const n = rng.int(1, 4);
    for (let i = 0; i < n; i++) event(c, (t += rng.int(150, 2000)), 'rtcp', 'caller', rng.int(300, 1400), { malformed: true });
  }
  const endAt = c.start + rng.int(Math.max(3000, t - c.start + 200), 29_000);
  end(c, endAt, 'caller', rng.chance(0.7) ? 'cancelled' : 'missed');
}
