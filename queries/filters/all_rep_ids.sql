-- Every person in the warehouse: the scope of the command line (a local administrator).
-- Grain: one row per person.
-- Parameters: none.
SELECT rep_id
FROM reps
ORDER BY rep_id
