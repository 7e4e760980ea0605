-- A rep's open deals, largest first.
-- Grain: one row per opportunity with stage open.
-- Parameters: $rep_id VARCHAR, $rep_ids VARCHAR[] (the viewer's scope: nothing outside it)
--   $everyone BOOLEAN (true: the scope is everyone, no person filter; set by run_query)
SELECT
    o.opportunity_id,
    coalesce(c.name, o.customer_id) AS customer_name,
    o.product_category,
    o.created_date,
    o.close_date,
    o.amount
FROM opportunities AS o
LEFT JOIN customers AS c USING (customer_id)
WHERE o.rep_id = $rep_id AND ($everyone OR list_contains($rep_ids, o.rep_id)) AND o.stage = 'open'
ORDER BY o.amount DESC NULLS LAST, o.opportunity_id
