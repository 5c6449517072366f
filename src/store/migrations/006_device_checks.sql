-- Device checks run for a case. Their alerts quote messages, URLs and paths from a victim's phone,
-- so the full result is stored encrypted; counts stay in clear for overviews.
CREATE TABLE device_checks (
  id bigserial PRIMARY KEY,
  case_id bigint NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  label_enc text,
  kind text NOT NULL,
  checked_at timestamptz NOT NULL DEFAULT now(),
  alerts_by_level jsonb NOT NULL,
  result_enc text NOT NULL
);
