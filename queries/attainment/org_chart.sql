-- Who reports to whom: the people in scope with their team, region, manager and role (overlay rule).
-- Grain: one row per person in scope.
-- Parameters: $rep_ids VARCHAR[] (the viewer's scope)
SELECT rep_id, team, region, manager_id, role
FROM reps
WHERE list_contains($rep_ids, rep_id)
ORDER BY rep_id
