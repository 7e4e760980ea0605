-- The activity funnel per rep over a period: calls, visits, proposals and deals won.
-- Grain: one row per rep in scope and filter with any activity or deal in the period.
-- Won deals are opportunities whose close_date falls in the period with stage won.
-- Parameters: $first_month DATE, $last_month DATE, $region VARCHAR (NULL: all),
--   $team VARCHAR (NULL: all), $rep_ids VARCHAR[] (viewer scope)
--   $everyone BOOLEAN (true: the scope is everyone, no person filter; set by run_query)
WITH people AS (
    SELECT rep_id, name AS rep_name, team, region
    FROM reps
    WHERE ($everyone OR list_contains($rep_ids, rep_id))
        AND ($region IS NULL OR region = $region)
        AND ($team IS NULL OR team = $team)
),

activity AS (
    SELECT
        rep_id,
        sum(actual) FILTER (WHERE metric = 'calls') AS calls,
        sum(actual) FILTER (WHERE metric = 'visits') AS visits,
        sum(actual) FILTER (WHERE metric = 'proposals') AS proposals
    FROM metric_monthly
    WHERE month BETWEEN $first_month AND $last_month
    GROUP BY rep_id
),

deals AS (
    SELECT rep_id, count(*) AS won_deals
    FROM opportunities
    WHERE stage = 'won'
        AND close_date >= $first_month
        AND close_date < $last_month + INTERVAL 1 MONTH
    GROUP BY rep_id
)

SELECT
    p.rep_id,
    p.rep_name,
    p.team,
    p.region,
    coalesce(a.calls, 0) AS calls,
    coalesce(a.visits, 0) AS visits,
    coalesce(a.proposals, 0) AS proposals,
    coalesce(d.won_deals, 0) AS won_deals
FROM people AS p
LEFT JOIN activity AS a USING (rep_id)
LEFT JOIN deals AS d USING (rep_id)
WHERE coalesce(a.calls, 0) + coalesce(a.visits, 0) + coalesce(a.proposals, 0)
    + coalesce(d.won_deals, 0) > 0
ORDER BY p.region, p.team, p.rep_name
