-- The warning rollout. A plan (four eyes: whoever plans cannot approve) and an outbox: one row per
-- victim and channel, written with its idempotency key before anything is sent. The key is unique,
-- so a victim is warned at most once per channel whatever plans, crashes or retries happen.
ALTER TABLE victims ADD COLUMN email_enc text;

CREATE TABLE warning_plans (
  id bigserial PRIMARY KEY,
  case_id bigint NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  channels jsonb NOT NULL,
  planned_by text NOT NULL,
  planned_at timestamptz NOT NULL DEFAULT now(),
  approved_by text,
  approved_at timestamptz,
  summary jsonb NOT NULL DEFAULT '{}',
  CHECK (approved_by IS NULL OR approved_by <> planned_by)
);

CREATE TABLE warnings (
  id bigserial PRIMARY KEY,
  plan_id bigint NOT NULL REFERENCES warning_plans(id) ON DELETE CASCADE,
  case_id bigint NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  victim_hash text NOT NULL,
  channel text NOT NULL CHECK (channel IN ('smtp', 'inapp', 'sms')),
  language text NOT NULL,
  country text,
  kind text NOT NULL CHECK (kind IN ('exploit', 'probe')),
  first_targeted timestamptz,
  last_targeted timestamptz,
  recipient_enc text NOT NULL,
  idempotency_key text NOT NULL UNIQUE,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sending', 'sent', 'delivered', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  claimed_by text,
  claimed_until timestamptz,
  last_error text,
  message_id text,
  sent_at timestamptz
);
CREATE INDEX warnings_plan_status ON warnings (plan_id, status, next_attempt_at);
