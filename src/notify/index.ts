// Warnings: localized content, channel drivers (smtp, inapp, sms), a transactional outbox, four-eyes
// approval and a crash-safe dispatcher.
export { MESSAGES, LANGUAGES, messagesFor, type Messages } from './messages.ts';
export { renderWarning, escapeHtml, type RenderedWarning, type WarningInput } from './render.ts';
export { CHANNELS, type Channel, type ChannelName, type OutgoingWarning, type SendResult } from './channels/types.ts';
export { webhookChannel, signature, type WebhookOptions } from './channels/webhook.ts';
export { smtpChannel, messageIdFor, type SmtpOptions } from './channels/smtp.ts';
export { createPlan, approve, planStatus, idempotencyKey, NotifyError, type PlanSummary, type PlanStatus } from './plan.ts';
export { dispatch, backoffMs, type DispatchOptions, type DispatchResult } from './dispatch.ts';
export { channelsFromEnv } from './config.ts';
export { findPlan, plansOfCase, warningsOfVictim } from './queries.ts';
