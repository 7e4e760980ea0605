-- One metric's actual and target per rep and month: the rows of the rep x month heat map.
-- Grain: one row per rep in scope and filter x month from $first_month to $last_month that has
--   an actual or a target.
-- Parameters: $metric VARCHAR (revenue, margin, calls, visits, proposals or new_customers),
--   $first_month DATE, $last_month DATE, $region VARCHAR (NULL: all), $team VARCHAR (NULL: all),
--   $rep_ids VARCHAR[] (viewer scope)
--   $everyone BOOLEAN (true: the scope is everyone, no person filter; set by run_query)
SELECT
    m.rep_id,
    coalesce(r.name, m.rep_id) AS rep_name,
    m.month,
    m.actual,
    m.target
FROM metric_monthly AS m
LEFT JOIN reps AS r USING (rep_id)
WHERE m.metric = $metric
    AND m.month BETWEEN $first_month AND $last_month
    AND ($everyone OR list_contains($rep_ids, m.rep_id))
    AND ($region IS NULL OR m.region = $region)
    AND ($team IS NULL OR m.team = $team)
ORDER BY rep_name, m.month
