-- One account's open deals, and those won or lost since $since.
-- Grain: one row per opportunity (the account's effective owner in the viewer's scope).
-- Parameters: $customer_id VARCHAR, $since DATE, $rep_ids VARCHAR[]
--   $everyone BOOLEAN (true: the scope is everyone, no person filter; set by run_query)
WITH account AS (
    SELECT customer_id
    FROM account_owners
    WHERE customer_id = $customer_id AND ($everyone OR list_contains($rep_ids, owner_rep_id))
)

SELECT
    o.opportunity_id,
    o.stage,
    o.product_category,
    o.created_date,
    o.close_date,
    o.amount,
    o.competitor,
    o.loss_reason
FROM opportunities AS o
INNER JOIN account USING (customer_id)
WHERE o.stage = 'open' OR o.close_date > $since
ORDER BY o.stage = 'open' DESC, o.close_date DESC, o.opportunity_id
