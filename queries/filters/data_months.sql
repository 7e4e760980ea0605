-- Months that have sales or targets, newest first, with the last order date of each month.
-- Grain: one row per calendar month present in the data.
-- Parameters: none.
WITH target_months AS (
    SELECT DISTINCT month FROM targets_monthly
)

SELECT
    coalesce(s.month, t.month) AS month,
    s.last_order_date
FROM sales_calendar AS s
FULL OUTER JOIN target_months AS t USING (month)
ORDER BY month DESC
