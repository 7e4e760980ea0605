-- People whose revenue in $month is higher than in any earlier month of theirs (a personal best).
-- Grain: one row per person in $rep_ids with revenue in $month > 0 and above every earlier
--   month's revenue (equalling the best is not a new best), who has at least $history_months
--   earlier months with revenue <> 0. Revenue is the person's own sales (metric_monthly).
-- Parameters: $month DATE (first day), $rep_ids VARCHAR[] (viewer scope),
--   $history_months INTEGER (earlier months with revenue needed)
--   $everyone BOOLEAN (true: the scope is everyone, no person filter; set by run_query)
WITH revenue AS (
    SELECT rep_id, month, actual AS revenue_amount
    FROM metric_monthly
    WHERE metric = 'revenue' AND month <= $month AND ($everyone OR list_contains($rep_ids, rep_id))
),

earlier AS (
    SELECT
        rep_id,
        max(revenue_amount) AS previous_best_amount,
        count(*) FILTER (WHERE revenue_amount <> 0) AS months_with_revenue
    FROM revenue
    WHERE month < $month
    GROUP BY rep_id
)

SELECT
    n.rep_id,
    coalesce(r.name, n.rep_id) AS rep_name,
    n.revenue_amount,
    e.previous_best_amount
FROM revenue AS n
INNER JOIN earlier AS e USING (rep_id)
LEFT JOIN reps AS r USING (rep_id)
WHERE n.month = $month
    AND n.revenue_amount > 0
    AND n.revenue_amount > e.previous_best_amount
    AND e.months_with_revenue >= $history_months
ORDER BY n.rep_id
