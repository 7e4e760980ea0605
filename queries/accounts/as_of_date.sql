-- The day account analysis is measured from: the last order date in the warehouse.
-- Grain: one row.
-- Parameters: none.
SELECT max(last_order_date) AS as_of_date
FROM sales_calendar
