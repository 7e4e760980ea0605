-- The targets of people whose targets are overlays (a company, region or team target) for one month.
-- Grain: one row per overlay holder in scope with a target > 0 for $metric in $month.
-- Parameters: $metric VARCHAR, $month DATE (first day), $overlay_roles VARCHAR[],
--   $rep_ids VARCHAR[] (viewer scope)
--   $everyone BOOLEAN (true: the scope is everyone, no person filter; set by run_query)
SELECT
    m.rep_id,
    coalesce(r.name, m.rep_id) AS rep_name,
    r.role,
    r.team,
    r.region,
    m.target
FROM metric_monthly AS m
INNER JOIN reps AS r USING (rep_id)
WHERE m.metric = $metric
    AND m.month = $month
    AND m.target > 0
    AND list_contains($overlay_roles, r.role)
    AND ($everyone OR list_contains($rep_ids, m.rep_id))
ORDER BY r.role DESC, r.region, r.team, m.rep_id
