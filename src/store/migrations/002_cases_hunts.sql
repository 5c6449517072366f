-- A case per campaign; hunts over data; the detections they made; and the accounts (attackers,
-- targets) the campaign pivot named, each with the evidence that made it one.
CREATE TABLE cases (
  id bigserial PRIMARY KEY,
  name text NOT NULL UNIQUE,
  description text,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE hunts (
  id bigserial PRIMARY KEY,
  case_id bigint NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  started_at timestamptz NOT NULL,
  finished_at timestamptz,
  rules jsonb NOT NULL,
  data jsonb NOT NULL,
  stats jsonb NOT NULL DEFAULT '{}',
  window_start timestamptz,
  window_end timestamptz
);

CREATE TABLE detections (
  id bigserial PRIMARY KEY,
  hunt_id bigint NOT NULL REFERENCES hunts(id) ON DELETE CASCADE,
  case_id bigint NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  rule_name text NOT NULL,
  rule_title text NOT NULL,
  level text NOT NULL,
  logsource text NOT NULL,
  ts timestamptz,
  actor text,
  call_id text,
  evidence jsonb NOT NULL
);
CREATE INDEX detections_case_rule ON detections (case_id, rule_name);
CREATE INDEX detections_case_call ON detections (case_id, call_id);

CREATE TABLE campaign_accounts (
  case_id bigint NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  hunt_id bigint NOT NULL REFERENCES hunts(id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('attacker', 'target')),
  account text NOT NULL,
  country text,
  first_seen timestamptz,
  last_seen timestamptz,
  calls integer NOT NULL DEFAULT 0,
  evidence jsonb NOT NULL,
  PRIMARY KEY (case_id, role, account)
);

CREATE TABLE hunt_rejects (
  hunt_id bigint NOT NULL REFERENCES hunts(id) ON DELETE CASCADE,
  file text NOT NULL,
  line bigint NOT NULL,
  reason text NOT NULL
);
