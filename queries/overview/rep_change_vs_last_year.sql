-- Each rep's revenue in a month against the same month last year: who moved up, who down.
-- Grain: one row per rep with revenue in $month or in the same month a year before.
-- Parameters: $month DATE (first day), $region VARCHAR (NULL: all), $team VARCHAR (NULL: all),
--   $rep_ids VARCHAR[] (the viewer's scope)
--   $everyone BOOLEAN (true: the scope is everyone, no person filter; set by run_query)
-- Reads overview_rep_monthly (the rep's name and team copied in: no join).
WITH revenue_by_rep AS (
    SELECT
        rep_id,
        any_value(rep_name) AS rep_name,
        any_value(team) AS team,
        sum(revenue_amount) FILTER (WHERE month = $month) AS revenue_amount,
        sum(revenue_amount) FILTER (
            WHERE month = ($month - INTERVAL 12 MONTH)::DATE
        ) AS revenue_last_year_amount
    FROM overview_rep_monthly
    WHERE month IN ($month, ($month - INTERVAL 12 MONTH)::DATE)
        AND revenue_amount IS NOT NULL
        AND ($region IS NULL OR region = $region)
        AND ($team IS NULL OR team = $team)
        AND ($everyone OR list_contains($rep_ids, rep_id))
    GROUP BY rep_id
)

SELECT
    rep_id,
    coalesce(rep_name, rep_id) AS rep_name,
    team,
    coalesce(revenue_amount, 0) AS revenue_amount,
    coalesce(revenue_last_year_amount, 0) AS revenue_last_year_amount,
    coalesce(revenue_amount, 0) - coalesce(revenue_last_year_amount, 0) AS change_amount
FROM revenue_by_rep
ORDER BY change_amount DESC, rep_id
