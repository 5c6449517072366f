-- A detection belongs to its hunt's case: one key on (hunt, case) says so. The two separate keys
-- it replaces let a detection be filed under another case than its hunt's, and cost two checks
-- per stored detection (a hunt stores thousands).
ALTER TABLE hunts ADD CONSTRAINT hunts_id_case_id_key UNIQUE (id, case_id);
ALTER TABLE detections DROP CONSTRAINT detections_hunt_id_fkey;
ALTER TABLE detections DROP CONSTRAINT detections_case_id_fkey;
ALTER TABLE detections ADD CONSTRAINT detections_hunt_case_fkey
  FOREIGN KEY (hunt_id, case_id) REFERENCES hunts (id, case_id) ON DELETE CASCADE;
