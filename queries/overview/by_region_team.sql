-- Revenue, revenue target and same month last year, by region and team, for one month.
-- Grain: one row per (region, team) with revenue or a target in $month or a year before.
-- Parameters: $month DATE (first day), $region VARCHAR (NULL: all), $team VARCHAR (NULL: all),
--   $rep_ids VARCHAR[] (the viewer's scope),
--   $overlay_roles VARCHAR[] (roles whose targets are overlays on their reps': left out)
--   $everyone BOOLEAN (true: the scope is everyone, no person filter; set by run_query)
-- Reads overview_rep_monthly (month x rep: revenue and target side by side, no join).
WITH by_rep AS (
    SELECT
        rep_id,
        region,
        team,
        sum(revenue_amount) FILTER (WHERE month = $month) AS revenue_amount,
        sum(revenue_amount) FILTER (
            WHERE month = ($month - INTERVAL 12 MONTH)::DATE
        ) AS revenue_last_year_amount,
        sum(revenue_target_amount) FILTER (
            WHERE month = $month
                AND revenue_target_amount > 0
                AND NOT coalesce(list_contains($overlay_roles, role), false)
        ) AS revenue_target_amount
    FROM overview_rep_monthly
    WHERE month IN ($month, ($month - INTERVAL 12 MONTH)::DATE)
        AND ($region IS NULL OR region = $region)
        AND ($team IS NULL OR team = $team)
        AND ($everyone OR list_contains($rep_ids, rep_id))
    GROUP BY ALL
)

SELECT
    coalesce(region, '(no region)') AS region,
    coalesce(team, '(no team)') AS team,
    sum(revenue_amount) AS revenue_amount,
    sum(revenue_last_year_amount) AS revenue_last_year_amount,
    sum(revenue_target_amount) AS revenue_target_amount,
    sum(revenue_amount) FILTER (WHERE revenue_target_amount > 0) AS revenue_with_target_amount
FROM by_rep
WHERE revenue_amount IS NOT NULL
    OR revenue_last_year_amount IS NOT NULL
    OR revenue_target_amount IS NOT NULL
GROUP BY ALL
ORDER BY region, team
