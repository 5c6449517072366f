-- A case per campaign; hunts over data; the detections they made; the attacker accounts (in
-- clear, like indicators); and the victims, whose numbers, names and organisations exist here
-- only encrypted (AES-256-GCM), found by keyed hash. Detection evidence rows hold victims'
-- numbers, so they are encrypted whole.
CREATE TABLE vigil_meta (
  key text PRIMARY KEY,
  value text NOT NULL
);

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
  actor_hash text,
  actor_enc text,
  call_id text,
  evidence_enc text NOT NULL
);
CREATE INDEX detections_case_rule ON detections (case_id, rule_name);
CREATE INDEX detections_case_call ON detections (case_id, call_id);

CREATE TABLE attackers (
  case_id bigint NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  hunt_id bigint NOT NULL REFERENCES hunts(id) ON DELETE CASCADE,
  account text NOT NULL,
  country text,
  first_seen timestamptz,
  last_seen timestamptz,
  calls integer NOT NULL DEFAULT 0,
  evidence jsonb NOT NULL,
  PRIMARY KEY (case_id, account)
);

CREATE TABLE victims (
  case_id bigint NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  account_hash text NOT NULL,
  account_enc text NOT NULL,
  country text,
  region text,
  language text NOT NULL,
  language_set boolean NOT NULL DEFAULT false,
  sector text NOT NULL DEFAULT 'unknown'
    CHECK (sector IN ('government', 'military', 'journalist', 'human-rights', 'civil-society', 'business', 'other', 'unknown')),
  name_enc text,
  organisation_enc text,
  first_targeted timestamptz,
  last_targeted timestamptz,
  calls integer NOT NULL DEFAULT 0,
  source text NOT NULL CHECK (source IN ('hunt', 'import')),
  hunt_id bigint REFERENCES hunts(id) ON DELETE SET NULL,
  evidence jsonb NOT NULL DEFAULT '{}',
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (case_id, account_hash)
);

CREATE TABLE hunt_rejects (
  hunt_id bigint NOT NULL REFERENCES hunts(id) ON DELETE CASCADE,
  file text NOT NULL,
  line bigint NOT NULL,
  reason text NOT NULL
);
