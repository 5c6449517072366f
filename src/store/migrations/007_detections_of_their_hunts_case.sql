-- What a hunt found belongs to its hunt's case: one key on (hunt, case) says so, for detections and
-- attacker accounts. The two separate keys it replaces let a row be filed under another case than
-- its hunt's, and cost two checks per stored detection (a hunt stores thousands).
ALTER TABLE hunts ADD CONSTRAINT hunts_id_case_id_key UNIQUE (id, case_id);
ALTER TABLE detections DROP CONSTRAINT detections_hunt_id_fkey;
ALTER TABLE detections DROP CONSTRAINT detections_case_id_fkey;
ALTER TABLE detections ADD CONSTRAINT detections_hunt_case_fkey
  FOREIGN KEY (hunt_id, case_id) REFERENCES hunts (id, case_id) ON DELETE CASCADE;
ALTER TABLE attackers DROP CONSTRAINT attackers_hunt_id_fkey;
ALTER TABLE attackers DROP CONSTRAINT attackers_case_id_fkey;
ALTER TABLE attackers ADD CONSTRAINT attackers_hunt_case_fkey
  FOREIGN KEY (hunt_id, case_id) REFERENCES hunts (id, case_id) ON DELETE CASCADE;
