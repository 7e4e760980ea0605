-- The people of the review process: reps with their manager, managers and directors, in scope.
-- Grain: one row per person in the viewer's scope.
-- Parameters: $rep_ids VARCHAR[] (the viewer's scope)
--   $everyone BOOLEAN (true: the scope is everyone, no person filter; set by run_query)
SELECT
    r.rep_id,
    r.name AS rep_name,
    r.role,
    r.team,
    r.region,
    r.manager_id,
    coalesce(m.name, r.manager_id) AS manager_name,
    r.active
FROM reps AS r
LEFT JOIN reps AS m ON m.rep_id = r.manager_id
WHERE ($everyone OR list_contains($rep_ids, r.rep_id))
ORDER BY r.role, r.name, r.rep_id
