-- Actual against target per rep and metric over a period (a month, a quarter or year to date).
-- Grain: one row per person x metric for the people in scope and filter who are active reps or
--   have an actual or a target in the period; a rep without a target is listed with target
--   NULL, never dropped.
-- Attainment inputs, as on the Overview: actual_with_target_amount counts the months that have
--   a target > 0; target_value sums those targets; months_with_target counts them.
-- Parameters: $first_month DATE, $last_month DATE (first days of months),
--   $region VARCHAR (NULL: all), $team VARCHAR (NULL: all), $rep_ids VARCHAR[] (viewer scope)
--   $everyone BOOLEAN (true: the scope is everyone, no person filter; set by run_query)
WITH people AS (
    SELECT rep_id, name AS rep_name, team, region, role, active
    FROM reps
    WHERE ($everyone OR list_contains($rep_ids, rep_id))
        AND ($region IS NULL OR region = $region)
        AND ($team IS NULL OR team = $team)
),

metrics AS (
    SELECT unnest(['revenue', 'margin', 'calls', 'visits', 'proposals', 'new_customers']) AS metric
),

period AS (
    SELECT
        rep_id,
        metric,
        sum(actual) AS actual,
        sum(actual) FILTER (WHERE target > 0) AS actual_with_target,
        sum(target) FILTER (WHERE target > 0) AS target_value,
        count(*) FILTER (WHERE target > 0) AS months_with_target
    FROM metric_monthly
    WHERE month BETWEEN $first_month AND $last_month
    GROUP BY rep_id, metric
)

SELECT
    p.rep_id,
    p.rep_name,
    p.team,
    p.region,
    p.role,
    m.metric,
    coalesce(x.actual, 0) AS actual,
    coalesce(x.actual_with_target, 0) AS actual_with_target,
    x.target_value,
    coalesce(x.months_with_target, 0) AS months_with_target
FROM people AS p
CROSS JOIN metrics AS m
LEFT JOIN period AS x ON x.rep_id = p.rep_id AND x.metric = m.metric
WHERE (p.role = 'rep' AND p.active)
    OR EXISTS (
        SELECT 1 FROM period AS any_row
        WHERE any_row.rep_id = p.rep_id AND (any_row.actual <> 0 OR any_row.target_value > 0)
    )
ORDER BY p.region, p.team, p.rep_name, m.metric
