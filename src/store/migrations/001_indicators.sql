-- Indicators with their provenance: which file, which collection (malware/report/event), which STIX id.
CREATE TABLE ioc_sources (
  id bigserial PRIMARY KEY,
  path text NOT NULL UNIQUE,
  name text NOT NULL,
  sha256 text NOT NULL,
  format text NOT NULL,
  source_items integer NOT NULL,
  imported_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE ioc_collections (
  id bigserial PRIMARY KEY,
  source_id bigint NOT NULL REFERENCES ioc_sources(id) ON DELETE CASCADE,
  key text NOT NULL,
  name text NOT NULL,
  kind text NOT NULL,
  stix_id text,
  description text,
  UNIQUE (source_id, key)
);

CREATE TABLE indicators (
  id bigserial PRIMARY KEY,
  source_id bigint NOT NULL REFERENCES ioc_sources(id) ON DELETE CASCADE,
  collection_id bigint NOT NULL REFERENCES ioc_collections(id) ON DELETE CASCADE,
  type text NOT NULL,
  value text NOT NULL,
  match text NOT NULL CHECK (match IN ('exact', 'cidr', 'like', 'regex')),
  original text NOT NULL,
  location text NOT NULL,
  stix_id text,
  pattern text,
  conditions jsonb,
  labels jsonb,
  created timestamptz,
  modified timestamptz,
  valid_from timestamptz,
  valid_until timestamptz
);
-- Hash index: values (long URLs) can exceed the btree entry limit of about 2.7 kB.
CREATE INDEX indicators_value ON indicators USING hash (value);
CREATE INDEX indicators_source ON indicators (source_id);

CREATE TABLE ioc_dropped (
  id bigserial PRIMARY KEY,
  source_id bigint NOT NULL REFERENCES ioc_sources(id) ON DELETE CASCADE,
  location text NOT NULL,
  original text NOT NULL,
  reason text NOT NULL
);

-- Known-benign values in MISP's warninglist format; they suppress matches, never delete indicators.
CREATE TABLE warninglists (
  id bigserial PRIMARY KEY,
  name text NOT NULL UNIQUE,
  version text,
  description text,
  list_type text NOT NULL CHECK (list_type IN ('string', 'substring', 'hostname', 'cidr', 'regex')),
  matching_attributes jsonb NOT NULL DEFAULT '[]',
  path text,
  builtin boolean NOT NULL DEFAULT false,
  loaded_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE warninglist_entries (
  warninglist_id bigint NOT NULL REFERENCES warninglists(id) ON DELETE CASCADE,
  value text NOT NULL
);
CREATE INDEX warninglist_entries_list ON warninglist_entries (warninglist_id);
