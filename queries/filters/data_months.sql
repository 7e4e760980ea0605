-- Months that have sales or targets, newest first, with the last order date of each month.
-- Grain: one row per calendar month present in the data.
-- Parameters: none.
WITH sales_months AS (
    SELECT month, max(last_order_date) AS last_order_date
    FROM (
        SELECT date_trunc('month', order_date)::DATE AS month, max(order_date) AS last_order_date
        FROM sales
        GROUP BY ALL
    )
    GROUP BY month
),
target_months AS (
    SELECT DISTINCT month FROM targets
)
SELECT
    coalesce(s.month, t.month) AS month,
    s.last_order_date
FROM sales_months AS s
FULL OUTER JOIN target_months AS t USING (month)
ORDER BY month DESC
