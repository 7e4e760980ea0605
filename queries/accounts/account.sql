-- One account's header for the brief: name, segment, industry, place and owning rep.
-- Grain: one row, or none when the account's owner is outside the viewer's scope.
-- Parameters: $customer_id VARCHAR, $rep_ids VARCHAR[]
SELECT
    c.customer_id,
    coalesce(c.name, c.customer_id) AS customer_name,
    c.segment,
    c.industry,
    c.region,
    c.country,
    c.owner_rep_id,
    coalesce(r.name, c.owner_rep_id) AS owner_name
FROM customers AS c
LEFT JOIN reps AS r ON r.rep_id = c.owner_rep_id
WHERE c.customer_id = $customer_id AND list_contains($rep_ids, c.owner_rep_id)
