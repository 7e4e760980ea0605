-- References that point at nothing, e.g. sales lines whose rep_id is not in reps.
-- Grain: one row per reference (table.column -> table); orphan_rows 0 when all resolve.
-- Customers and products are checked only when those tables have rows.
-- Parameters: none.
WITH checks AS (
    SELECT 'sales.rep_id -> reps' AS reference, count(*) AS orphan_rows, min(s.rep_id) AS example
    FROM sales AS s WHERE NOT EXISTS (SELECT 1 FROM reps AS r WHERE r.rep_id = s.rep_id)
    UNION ALL
    SELECT 'sales.customer_id -> customers', count(*), min(s.customer_id)
    FROM sales AS s
    WHERE EXISTS (SELECT 1 FROM customers)
        AND NOT EXISTS (SELECT 1 FROM customers AS c WHERE c.customer_id = s.customer_id)
    UNION ALL
    SELECT 'sales.product_id -> products', count(*), min(s.product_id)
    FROM sales AS s
    WHERE EXISTS (SELECT 1 FROM products)
        AND NOT EXISTS (SELECT 1 FROM products AS p WHERE p.product_id = s.product_id)
    UNION ALL
    SELECT 'targets.rep_id -> reps', count(*), min(t.rep_id)
    FROM targets AS t WHERE NOT EXISTS (SELECT 1 FROM reps AS r WHERE r.rep_id = t.rep_id)
    UNION ALL
    SELECT 'activities.rep_id -> reps', count(*), min(a.rep_id)
    FROM activities AS a WHERE NOT EXISTS (SELECT 1 FROM reps AS r WHERE r.rep_id = a.rep_id)
    UNION ALL
    SELECT 'opportunities.rep_id -> reps', count(*), min(o.rep_id)
    FROM opportunities AS o WHERE NOT EXISTS (SELECT 1 FROM reps AS r WHERE r.rep_id = o.rep_id)
    UNION ALL
    SELECT 'customers.owner_rep_id -> reps', count(*), min(c.owner_rep_id)
    FROM customers AS c
    WHERE c.owner_rep_id IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM reps AS r WHERE r.rep_id = c.owner_rep_id)
    UNION ALL
    SELECT 'reps.manager_id -> reps', count(*), min(m.manager_id)
    FROM reps AS m
    WHERE m.manager_id IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM reps AS r WHERE r.rep_id = m.manager_id)
)

SELECT reference, orphan_rows, example
FROM checks
ORDER BY orphan_rows DESC, reference
