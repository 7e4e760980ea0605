-- Months that have sales or targets, newest first, with the last order date of each month.
-- Grain: one row per calendar month present in the data.
-- Parameters: none.
-- Reads calendar_months, built with the snapshot from sales_calendar and targets_monthly.
SELECT month, last_order_date
FROM calendar_months
ORDER BY month DESC
