-- One account's revenue per month, for the brief's trend.
-- Grain: one row per month from $first_month to $last_month in which the account has sales
-- (shown only when its effective owner is in the viewer's scope).
-- Parameters: $customer_id VARCHAR, $first_month DATE, $last_month DATE, $rep_ids VARCHAR[]
--   $everyone BOOLEAN (true: the scope is everyone, no person filter; set by run_query)
WITH account AS (
    SELECT customer_id
    FROM account_owners
    WHERE customer_id = $customer_id AND ($everyone OR list_contains($rep_ids, owner_rep_id))
)

SELECT s.month, sum(s.revenue_amount) AS revenue_amount
FROM sales_customer_monthly AS s
INNER JOIN account USING (customer_id)
WHERE s.month BETWEEN $first_month AND $last_month
GROUP BY s.month
ORDER BY s.month
