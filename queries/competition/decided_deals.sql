-- Deals decided (won or lost) per close month, competitor named and loss reason.
-- Grain: one row per close month x competitor (NULL: none named, kept) x stage x loss reason,
--   for the deals of reps in scope and filter; read from the deals_decided_monthly rollup.
-- Parameters: $first_month DATE, $last_month DATE (first days of months),
--   $region VARCHAR (NULL: all, the rep's region), $team VARCHAR (NULL: all),
--   $category VARCHAR (NULL: all, the deal's product category), $rep_ids VARCHAR[] (scope)
--   $everyone BOOLEAN (true: the scope is everyone, no person filter; set by run_query)
SELECT month, competitor, stage, loss_reason, sum(deals)::BIGINT AS deals, sum(amount) AS amount
FROM deals_decided_monthly
WHERE month BETWEEN $first_month AND $last_month
    AND ($everyone OR list_contains($rep_ids, rep_id))
    AND ($region IS NULL OR region = $region)
    AND ($team IS NULL OR team = $team)
    AND ($category IS NULL OR category = $category)
GROUP BY ALL
ORDER BY ALL
