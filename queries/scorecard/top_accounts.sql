-- A rep's largest accounts in a period, with the same period a year before.
-- Grain: one row per customer with revenue from the rep in the period (top $limit).
-- Parameters: $rep_id VARCHAR, $first_month DATE, $last_month DATE, $limit INTEGER,
--   $rep_ids VARCHAR[] (the viewer's scope: nothing outside it)
--   $everyone BOOLEAN (true: the scope is everyone, no person filter; set by run_query)
WITH this_period AS (
    SELECT customer_id, sum(revenue_amount) AS revenue_amount
    FROM sales_customer_monthly
    WHERE rep_id = $rep_id AND ($everyone OR list_contains($rep_ids, rep_id))
        AND month BETWEEN $first_month AND $last_month
    GROUP BY customer_id
),

last_year AS (
    SELECT customer_id, sum(revenue_amount) AS revenue_amount
    FROM sales_customer_monthly
    WHERE rep_id = $rep_id AND ($everyone OR list_contains($rep_ids, rep_id))
        AND month BETWEEN ($first_month - INTERVAL 12 MONTH)::DATE
        AND ($last_month - INTERVAL 12 MONTH)::DATE
    GROUP BY customer_id
)

SELECT
    t.customer_id,
    coalesce(c.name, t.customer_id) AS customer_name,
    c.segment,
    t.revenue_amount,
    l.revenue_amount AS revenue_last_year_amount
FROM this_period AS t
LEFT JOIN last_year AS l USING (customer_id)
LEFT JOIN customers AS c USING (customer_id)
ORDER BY t.revenue_amount DESC, t.customer_id
LIMIT $limit
