-- Every person in the warehouse: the viewer's scope until sign-in exists.
-- Grain: one row per person.
-- Parameters: none.
SELECT rep_id
FROM reps
ORDER BY rep_id
