-- What one account buys by product category: the last 12 months against the 12 before.
-- Grain: one row per category with revenue in either window (the account's effective owner
-- in the viewer's scope).
-- $last_month is the window's last month; the window is it and the 11 months before.
-- Parameters: $customer_id VARCHAR, $last_month DATE, $rep_ids VARCHAR[]
--   $everyone BOOLEAN (true: the scope is everyone, no person filter; set by run_query)
WITH account AS (
    SELECT customer_id
    FROM account_owners
    WHERE customer_id = $customer_id AND ($everyone OR list_contains($rep_ids, owner_rep_id))
)

SELECT
    s.category,
    coalesce(sum(s.revenue_amount) FILTER (
        WHERE s.month > ($last_month - INTERVAL 12 MONTH)::DATE
    ), 0) AS revenue_amount,
    coalesce(sum(s.revenue_amount) FILTER (
        WHERE s.month <= ($last_month - INTERVAL 12 MONTH)::DATE
    ), 0) AS revenue_last_year_amount
FROM sales_monthly AS s
INNER JOIN account USING (customer_id)
WHERE s.month > ($last_month - INTERVAL 24 MONTH)::DATE AND s.month <= $last_month
GROUP BY s.category
ORDER BY revenue_amount DESC, s.category
