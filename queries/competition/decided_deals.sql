-- Deals decided (won or lost) per close month, competitor named and loss reason.
-- Grain: one row per close month x competitor (NULL: none named, kept) x stage x loss reason,
--   for the deals of reps in scope and filter.
-- Parameters: $first_month DATE, $last_month DATE (first days of months),
--   $region VARCHAR (NULL: all, the rep's region), $team VARCHAR (NULL: all),
--   $category VARCHAR (NULL: all, the deal's product category), $rep_ids VARCHAR[] (scope)
SELECT
    date_trunc('month', o.close_date)::DATE AS month,
    nullif(trim(o.competitor), '') AS competitor,
    o.stage,
    o.loss_reason,
    count(*) AS deals,
    sum(o.amount) AS amount
FROM opportunities AS o
JOIN reps AS r USING (rep_id)
WHERE o.stage IN ('won', 'lost')
    AND o.close_date >= $first_month
    AND o.close_date < $last_month + INTERVAL 1 MONTH
    AND list_contains($rep_ids, o.rep_id)
    AND ($region IS NULL OR r.region = $region)
    AND ($team IS NULL OR r.team = $team)
    AND ($category IS NULL OR o.product_category = $category)
GROUP BY ALL
ORDER BY ALL
