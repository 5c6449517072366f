// Channel configuration from the environment: where each channel sends, and its secret.
import { UsageError } from '../core/index.ts';
import { smtpChannel } from './channels/smtp.ts';
import type { Channel, ChannelName } from './channels/types.ts';
import { webhookChannel } from './channels/webhook.ts';

export function channelsFromEnv(names: ChannelName[], env: NodeJS.ProcessEnv = process.env): Partial<Record<ChannelName, Channel>> {
  const need = (k: string, what: string) => {
    const v = env[k];
    if (!v) throw new UsageError(`${k} is not set`, { hint: `set it to ${what}` });
    return v;
  };
  const out: Partial<Record<ChannelName, Channel>> = {};
  for (const n of names) {
    if (n === 'smtp') out.smtp = smtpChannel({ url: need('VIGIL_SMTP_URL', 'smtp://host:port'), from: env.VIGIL_SMTP_FROM ?? 'security-warnings@localhost' });
    if (n === 'inapp') out.inapp = webhookChannel('inapp', { url: need('VIGIL_INAPP_URL', "the messaging service's notice endpoint"), secret: need('VIGIL_INAPP_SECRET', 'the shared signing secret') });
    if (n === 'sms') out.sms = webhookChannel('sms', { url: need('VIGIL_SMS_URL', "the SMS gateway's endpoint"), secret: need('VIGIL_SMS_SECRET', 'the shared signing secret') });
  }
  return out;
}
