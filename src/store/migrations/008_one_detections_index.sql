-- Every query of detections is by case (src/cases/queries.ts): the index on (case, call) serves
-- them all, and the one on (case, rule) only made each stored detection dearer (a hunt stores
-- thousands; ~25 ms of 0.26 s for 12,360). Grouping a case's detections by rule reads its rows
-- through the remaining index.
DROP INDEX detections_case_rule;
