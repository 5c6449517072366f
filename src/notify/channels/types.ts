// The channel driver interface: every channel (smtp, inapp, sms) sends one warning and says
// whether it went, or why not and whether trying again could help.
import type { RenderedWarning } from '../render.ts';

export type ChannelName = 'smtp' | 'inapp' | 'sms';
export const CHANNELS: ChannelName[] = ['smtp', 'inapp', 'sms'];

export interface OutgoingWarning {
  /** The same for every attempt at one warning: receivers drop repeats by it. */
  idempotencyKey: string;
  /** Phone number (inapp, sms) or email address (smtp). */
  recipient: string;
  rendered: RenderedWarning;
  caseName: string;
  kind: 'exploit' | 'probe';
}

export type SendResult =
  | { ok: true; status: 'sent' | 'delivered'; messageId?: string }
  | { ok: false; retryable: boolean; reason: string };

export interface Channel {
  readonly name: ChannelName;
  send(w: OutgoingWarning): Promise<SendResult>;
  close(): Promise<void>;
}
