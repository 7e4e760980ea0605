-- Each customer's revenue in a month against the same month last year: who grew, who shrank.
-- Grain: one row per customer with revenue in $month or in the same month a year before.
-- Parameters: $month DATE (first day), $region VARCHAR (NULL: all), $team VARCHAR (NULL: all),
--   $rep_ids VARCHAR[] (the viewer's scope)
--   $everyone BOOLEAN (true: the scope is everyone, no person filter; set by run_query)
-- Reads sales_customer_monthly (the customer's and its owner's names copied in: no join).
WITH revenue_by_customer AS (
    SELECT
        customer_id,
        any_value(customer_name) AS customer_name,
        any_value(owner_name) AS owner_name,
        sum(revenue_amount) FILTER (WHERE month = $month) AS revenue_amount,
        sum(revenue_amount) FILTER (
            WHERE month = ($month - INTERVAL 12 MONTH)::DATE
        ) AS revenue_last_year_amount
    FROM sales_customer_monthly
    WHERE month IN ($month, ($month - INTERVAL 12 MONTH)::DATE)
        AND ($region IS NULL OR region = $region)
        AND ($team IS NULL OR team = $team)
        AND ($everyone OR list_contains($rep_ids, rep_id))
    GROUP BY customer_id
)

SELECT
    customer_id,
    coalesce(customer_name, customer_id) AS customer_name,
    owner_name,
    coalesce(revenue_amount, 0) AS revenue_amount,
    coalesce(revenue_last_year_amount, 0) AS revenue_last_year_amount,
    coalesce(revenue_amount, 0) - coalesce(revenue_last_year_amount, 0) AS change_amount
FROM revenue_by_customer
ORDER BY change_amount DESC, customer_id
