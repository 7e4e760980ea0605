-- Keys already in the warehouse, so an import can tell which file column holds which key.
-- Grain: one row per table and key (rep ids and rep aliases both count as rep keys).
-- Parameters: none.
SELECT 'reps' AS table_name, rep_id AS key FROM reps
UNION ALL
SELECT 'reps', alias FROM rep_aliases
UNION ALL
SELECT 'customers', customer_id FROM customers
UNION ALL
SELECT 'products', product_id FROM products
UNION ALL
SELECT 'opportunities', opportunity_id FROM opportunities
