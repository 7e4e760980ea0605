-- Revenue, revenue target and same month last year, by region and team, for one month.
-- Grain: one row per (region, team) with revenue or a target in $month or a year before.
-- Parameters: $month DATE (first day), $region VARCHAR (NULL: all), $team VARCHAR (NULL: all),
--   $rep_ids VARCHAR[] (the viewer's scope),
--   $overlay_roles VARCHAR[] (roles whose targets are overlays on their reps': left out)
--   $everyone BOOLEAN (true: the scope is everyone, no person filter; set by run_query)
WITH revenue_by_rep AS (
    SELECT
        rep_id,
        region,
        team,
        sum(revenue_amount) FILTER (WHERE month = $month) AS revenue_amount,
        sum(revenue_amount) FILTER (
            WHERE month = ($month - INTERVAL 12 MONTH)::DATE
        ) AS revenue_last_year_amount
    FROM sales_rep_monthly
    WHERE month IN ($month, ($month - INTERVAL 12 MONTH)::DATE)
        AND ($region IS NULL OR region = $region)
        AND ($team IS NULL OR team = $team)
        AND ($everyone OR list_contains($rep_ids, rep_id))
    GROUP BY ALL
),

targets_by_rep AS (
    SELECT rep_id, region, team, revenue_target_amount
    FROM targets_monthly
    WHERE month = $month
        AND revenue_target_amount > 0
        AND ($region IS NULL OR region = $region)
        AND ($team IS NULL OR team = $team)
        AND ($everyone OR list_contains($rep_ids, rep_id))
        AND rep_id NOT IN (SELECT rep_id FROM reps WHERE list_contains($overlay_roles, role))
)

SELECT
    coalesce(r.region, t.region, '(no region)') AS region,
    coalesce(r.team, t.team, '(no team)') AS team,
    sum(r.revenue_amount) AS revenue_amount,
    sum(r.revenue_last_year_amount) AS revenue_last_year_amount,
    sum(t.revenue_target_amount) AS revenue_target_amount,
    sum(r.revenue_amount) FILTER (WHERE t.revenue_target_amount > 0) AS revenue_with_target_amount
FROM revenue_by_rep AS r
FULL OUTER JOIN targets_by_rep AS t USING (rep_id)
GROUP BY ALL
ORDER BY region, team
