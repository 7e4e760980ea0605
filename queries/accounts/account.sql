-- One account's header for the brief: name, segment, industry, place and owning rep (the
-- effective owner of account_owners: declared, or the rep who sells most to it) and which.
-- Grain: one row, or none when the account's owner is outside the viewer's scope.
-- Parameters: $customer_id VARCHAR, $rep_ids VARCHAR[]
--   $everyone BOOLEAN (true: the scope is everyone, no person filter; set by run_query)
SELECT
    o.customer_id,
    coalesce(c.name, o.customer_id) AS customer_name,
    c.segment,
    c.industry,
    c.region,
    c.country,
    o.owner_rep_id,
    o.owner_source,
    coalesce(r.name, o.owner_rep_id) AS owner_name
FROM account_owners AS o
LEFT JOIN customers AS c USING (customer_id)
LEFT JOIN reps AS r ON r.rep_id = o.owner_rep_id
WHERE o.customer_id = $customer_id AND ($everyone OR list_contains($rep_ids, o.owner_rep_id))
