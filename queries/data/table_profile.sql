-- Size, date range and blanks in important columns of every warehouse table: is the data complete?
-- Grain: one row per canonical table.
-- Parameters: none.
SELECT 'reps' AS table_name, count(*) AS row_count,
    min(hire_date) AS first_date, max(hire_date) AS last_date,
    count(*) FILTER (WHERE team IS NULL OR region IS NULL) AS rows_with_blanks,
    'team or region' AS blank_columns
FROM reps
UNION ALL
SELECT 'customers', count(*), NULL, NULL,
    count(*) FILTER (WHERE owner_rep_id IS NULL), 'owner_rep_id'
FROM customers
UNION ALL
SELECT 'products', count(*), NULL, NULL,
    count(*) FILTER (WHERE unit_cost IS NULL), 'unit_cost'
FROM products
UNION ALL
SELECT 'sales', count(*), min(order_date), max(order_date),
    count(*) FILTER (WHERE cost_amount IS NULL), 'cost_amount'
FROM sales
UNION ALL
SELECT 'targets', count(*), min(month), max(month), 0, ''
FROM targets
UNION ALL
SELECT 'activities', count(*), min(activity_date), max(activity_date),
    count(*) FILTER (WHERE customer_id IS NULL), 'customer_id'
FROM activities
UNION ALL
SELECT 'opportunities', count(*), min(created_date), max(created_date),
    count(*) FILTER (WHERE stage <> 'open' AND close_date IS NULL), 'close_date of a closed deal'
FROM opportunities
UNION ALL
SELECT 'market', count(*), min(month), max(month),
    count(*) FILTER (WHERE sales_value IS NULL), 'sales_value'
FROM market
