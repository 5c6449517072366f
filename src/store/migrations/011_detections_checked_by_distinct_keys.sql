-- The statement check of detections (009, 010) tests each distinct hunt, rule and actor a statement
-- names, not each row: a statement stores up to 5,000 detections of one hunt and one rule, and the
-- test of every row cost as much as the foreign key it replaced (~55 ms of 0.19 s for 12,360).
CREATE OR REPLACE FUNCTION vigil_detections_have_their_hunt() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM hunts h WHERE (h.id, h.case_id) IN (SELECT DISTINCT hunt_id, case_id FROM added) FOR KEY SHARE OF h;
  IF EXISTS (SELECT 1 FROM (SELECT DISTINCT hunt_id, case_id FROM added) a
             WHERE NOT EXISTS (SELECT 1 FROM hunts h WHERE h.id = a.hunt_id AND h.case_id = a.case_id)) THEN
    RAISE EXCEPTION 'a detection must belong to a hunt of its case' USING ERRCODE = 'foreign_key_violation';
  END IF;
  IF EXISTS (SELECT 1 FROM (SELECT DISTINCT hunt_id, rule_name FROM added) a
             WHERE NOT EXISTS (SELECT 1 FROM hunt_rules r WHERE r.hunt_id = a.hunt_id AND r.rule_name = a.rule_name)) THEN
    RAISE EXCEPTION 'a detection must name a rule of its hunt' USING ERRCODE = 'foreign_key_violation';
  END IF;
  IF EXISTS (SELECT 1 FROM (SELECT DISTINCT hunt_id, actor_hash FROM added WHERE actor_hash IS NOT NULL) a
             WHERE NOT EXISTS (SELECT 1 FROM hunt_actors x WHERE x.hunt_id = a.hunt_id AND x.actor_hash = a.actor_hash)) THEN
    RAISE EXCEPTION 'a detection must name an actor of its hunt' USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NULL;
END $$;
