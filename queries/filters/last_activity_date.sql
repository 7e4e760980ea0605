-- The last day with data: the last order date, or the last activity when that is later.
-- Grain: one row.
-- Parameters: none.
SELECT greatest(
    (SELECT max(last_order_date) FROM sales_calendar),
    (SELECT max(activity_date) FROM activities)
) AS last_data_date
