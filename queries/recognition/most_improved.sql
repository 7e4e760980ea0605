-- The people whose revenue attainment rose most against the same month last year (top 3, rises only).
-- Grain: one row per person in $rep_ids whose role carries a quota ($quota_roles, the overlay
--   rule), with a revenue target > 0 both in $month and 12 months before, whose attainment rose,
--   ranked by the rise in points; places 1 to 3 (a tie at a place keeps everyone tied, so a tie
--   for third can give more than three rows). Someone without a target last year is left out.
-- Parameters: $month DATE (first day), $rep_ids VARCHAR[] (viewer scope),
--   $quota_roles VARCHAR[] (roles whose targets are their own quotas)
--   $everyone BOOLEAN (true: the scope is everyone, no person filter; set by run_query)
WITH pairs AS (
    SELECT
        n.rep_id,
        n.actual / n.target AS attainment,
        y.actual / y.target AS last_year_attainment
    FROM metric_monthly AS n
    INNER JOIN metric_monthly AS y
        ON y.rep_id = n.rep_id
        AND y.metric = 'revenue'
        AND y.month = ($month - INTERVAL 12 MONTH)::DATE
        AND y.target > 0
    INNER JOIN reps AS r ON r.rep_id = n.rep_id
    WHERE n.metric = 'revenue'
        AND n.month = $month
        AND n.target > 0
        AND ($everyone OR list_contains($rep_ids, n.rep_id))
        AND list_contains($quota_roles, r.role)
),

risen AS (
    SELECT
        rep_id,
        attainment,
        last_year_attainment,
        -- rounded so that equal rises computed from different figures tie
        round(attainment - last_year_attainment, 9) AS rise
    FROM pairs
    WHERE round(attainment - last_year_attainment, 9) > 0
)

SELECT
    x.rep_id,
    coalesce(r.name, x.rep_id) AS rep_name,
    x.attainment,
    x.last_year_attainment,
    x.rise,
    rank() OVER (ORDER BY x.rise DESC) AS place
FROM risen AS x
LEFT JOIN reps AS r USING (rep_id)
QUALIFY rank() OVER (ORDER BY x.rise DESC) <= 3
ORDER BY place, x.rep_id
