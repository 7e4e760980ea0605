-- The people a scorecard can show: reps, and anyone else with a target or sales, in scope.
-- Grain: one row per person.
-- Parameters: $rep_ids VARCHAR[] (the viewer's scope)
--   $everyone BOOLEAN (true: the scope is everyone, no person filter; set by run_query)
SELECT r.rep_id, r.name AS rep_name, r.team, r.region, r.role, r.active
FROM reps AS r
WHERE ($everyone OR list_contains($rep_ids, r.rep_id))
    AND (r.role = 'rep' OR EXISTS (SELECT 1 FROM metric_monthly AS m WHERE m.rep_id = r.rep_id))
ORDER BY r.active DESC, r.name
