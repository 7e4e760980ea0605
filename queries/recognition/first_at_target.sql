-- People whose revenue target was met in $month for the first time (no earlier month at target).
-- Grain: one row per person in $rep_ids whose role carries a quota ($quota_roles, the overlay
--   rule) with a revenue target > 0 in $month, actual >= target (at target as on the Attainment
--   page), and no earlier month with a revenue target > 0 and actual >= target.
-- earlier_months_with_target counts the months before $month with a revenue target > 0.
-- Parameters: $month DATE (first day), $rep_ids VARCHAR[] (viewer scope),
--   $quota_roles VARCHAR[] (roles whose targets are their own quotas)
--   $everyone BOOLEAN (true: the scope is everyone, no person filter; set by run_query)
WITH revenue AS (
    SELECT m.rep_id, m.month, m.actual, m.target
    FROM metric_monthly AS m
    INNER JOIN reps AS r USING (rep_id)
    WHERE m.metric = 'revenue'
        AND m.target > 0
        AND m.month <= $month
        AND ($everyone OR list_contains($rep_ids, m.rep_id))
        AND list_contains($quota_roles, r.role)
),

per_rep AS (
    SELECT
        rep_id,
        count(*) FILTER (WHERE month < $month AND actual >= target) AS earlier_hits,
        count(*) FILTER (WHERE month < $month) AS earlier_months_with_target
    FROM revenue
    GROUP BY rep_id
)

SELECT
    n.rep_id,
    coalesce(r.name, n.rep_id) AS rep_name,
    n.actual / n.target AS attainment,
    p.earlier_months_with_target
FROM revenue AS n
INNER JOIN per_rep AS p USING (rep_id)
INNER JOIN reps AS r USING (rep_id)
WHERE n.month = $month AND n.actual >= n.target AND p.earlier_hits = 0
ORDER BY n.rep_id
