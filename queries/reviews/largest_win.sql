-- The largest deal a rep won in a period, for the recognition in a review's evidence.
-- Grain: at most one row per rep in $rep_ids: the won opportunity with the largest amount whose
-- close_date falls from $first_month to the end of $last_month (ties: the earliest, then by id).
-- Parameters: $rep_ids VARCHAR[] (viewer scope), $first_month DATE, $last_month DATE
--   $everyone BOOLEAN (true: the scope is everyone, no person filter; set by run_query)
SELECT
    o.rep_id,
    o.opportunity_id,
    o.close_date,
    o.amount,
    coalesce(c.name, o.customer_id) AS customer_name
FROM opportunities AS o
LEFT JOIN customers AS c USING (customer_id)
WHERE o.stage = 'won'
    AND ($everyone OR list_contains($rep_ids, o.rep_id))
    AND o.close_date >= $first_month
    AND o.close_date < ($last_month + INTERVAL 1 MONTH)::DATE
QUALIFY row_number() OVER (
    PARTITION BY o.rep_id ORDER BY o.amount DESC, o.close_date, o.opportunity_id
) = 1
ORDER BY o.rep_id
