-- Who reports to whom: the people in scope with their team, region, manager and role (overlay rule).
-- Grain: one row per person in scope.
-- Parameters: $rep_ids VARCHAR[] (the viewer's scope)
--   $everyone BOOLEAN (true: the scope is everyone, no person filter; set by run_query)
SELECT rep_id, team, region, manager_id, role
FROM reps
WHERE ($everyone OR list_contains($rep_ids, rep_id))
ORDER BY rep_id
