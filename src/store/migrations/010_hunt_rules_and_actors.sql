-- A hunt's rules and actors are stored once each, not on every one of its detections: each
-- detection named its rule's title, level and logsource, and carried its actor's ciphertext (the
-- same for every detection of the actor in a hunt, since the actor is sealed once), text that made
-- every stored detection dearer (a hunt stores thousands). A detection names its rule and actor
-- by rule name and actor hash within its hunt; the statement check (009) sees that both are there.
CREATE TABLE hunt_rules (
  hunt_id bigint NOT NULL REFERENCES hunts(id) ON DELETE CASCADE,
  rule_name text NOT NULL,
  rule_title text NOT NULL,
  level text NOT NULL,
  logsource text NOT NULL,
  PRIMARY KEY (hunt_id, rule_name)
);

INSERT INTO hunt_rules (hunt_id, rule_name, rule_title, level, logsource)
  SELECT DISTINCT ON (hunt_id, rule_name) hunt_id, rule_name, rule_title, level, logsource FROM detections ORDER BY hunt_id, rule_name;

CREATE TABLE hunt_actors (
  hunt_id bigint NOT NULL REFERENCES hunts(id) ON DELETE CASCADE,
  actor_hash text NOT NULL,
  actor_enc text NOT NULL,
  PRIMARY KEY (hunt_id, actor_hash)
);

INSERT INTO hunt_actors (hunt_id, actor_hash, actor_enc)
  SELECT DISTINCT ON (hunt_id, actor_hash) hunt_id, actor_hash, actor_enc FROM detections
  WHERE actor_hash IS NOT NULL AND actor_enc IS NOT NULL ORDER BY hunt_id, actor_hash;

ALTER TABLE detections DROP COLUMN rule_title, DROP COLUMN level, DROP COLUMN logsource, DROP COLUMN actor_enc;

CREATE OR REPLACE FUNCTION vigil_detections_have_their_hunt() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM hunts h WHERE (h.id, h.case_id) IN (SELECT hunt_id, case_id FROM added) FOR KEY SHARE OF h;
  IF EXISTS (SELECT 1 FROM added a WHERE NOT EXISTS (SELECT 1 FROM hunts h WHERE h.id = a.hunt_id AND h.case_id = a.case_id)) THEN
    RAISE EXCEPTION 'a detection must belong to a hunt of its case' USING ERRCODE = 'foreign_key_violation';
  END IF;
  IF EXISTS (SELECT 1 FROM added a WHERE NOT EXISTS (SELECT 1 FROM hunt_rules r WHERE r.hunt_id = a.hunt_id AND r.rule_name = a.rule_name)) THEN
    RAISE EXCEPTION 'a detection must name a rule of its hunt' USING ERRCODE = 'foreign_key_violation';
  END IF;
  IF EXISTS (SELECT 1 FROM added a WHERE a.actor_hash IS NOT NULL AND NOT EXISTS (SELECT 1 FROM hunt_actors x WHERE x.hunt_id = a.hunt_id AND x.actor_hash = a.actor_hash)) THEN
    RAISE EXCEPTION 'a detection must name an actor of its hunt' USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NULL;
END $$;
