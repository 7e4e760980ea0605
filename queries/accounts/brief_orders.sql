-- One account's last orders: date, rep, lines and amount.
-- Grain: one row per order (the latest $limit up to $as_of_date; owner in the viewer's scope);
-- the rep's name only when they are in the viewer's scope too.
-- Parameters: $customer_id VARCHAR, $as_of_date DATE, $limit INTEGER, $rep_ids VARCHAR[]
--   $everyone BOOLEAN (true: the scope is everyone, no person filter; set by run_query)
WITH account AS (
    SELECT customer_id
    FROM account_owners
    WHERE customer_id = $customer_id AND ($everyone OR list_contains($rep_ids, owner_rep_id))
),

-- The last $limit orders fall on or after the account's $limit-th last order day: read only
-- the lines from that day on (the lines are stored in date order, so this skips most of them).
last_days AS (
    SELECT d.order_date
    FROM customer_order_days AS d
    INNER JOIN account USING (customer_id)
    WHERE d.order_date <= $as_of_date
    ORDER BY d.order_date DESC
    LIMIT $limit
)

SELECT
    s.order_id,
    s.order_date,
    -- another person's name only for a viewer who may see them (a colleague's order on
    -- the viewer's account says who in general terms, never whom)
    CASE WHEN ($everyone OR list_contains($rep_ids, s.rep_id))
        THEN coalesce(r.name, s.rep_id) ELSE 'someone outside your scope' END AS rep_name,
    count(*) AS line_count,
    sum(s.net_amount) AS order_amount
FROM sales AS s
INNER JOIN account USING (customer_id)
LEFT JOIN reps AS r USING (rep_id)
WHERE s.order_date <= $as_of_date
    AND s.order_date >= (SELECT min(order_date) FROM last_days)
GROUP BY ALL
ORDER BY s.order_date DESC, s.order_id DESC
LIMIT $limit
