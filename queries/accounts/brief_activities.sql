-- One account's most recent activities: calls, visits, proposals, demos.
-- Grain: one row per activity (the latest $limit; owner of the account in the viewer's
-- scope); the rep's name only when they are in the viewer's scope too.
-- Parameters: $customer_id VARCHAR, $limit INTEGER, $rep_ids VARCHAR[]
--   $everyone BOOLEAN (true: the scope is everyone, no person filter; set by run_query)
WITH account AS (
    SELECT customer_id
    FROM account_owners
    WHERE customer_id = $customer_id AND ($everyone OR list_contains($rep_ids, owner_rep_id))
)

SELECT
    a.activity_date,
    a.activity_type,
    -- another person's name only for a viewer who may see them (a colleague's order on
    -- the viewer's account says who in general terms, never whom)
    CASE WHEN ($everyone OR list_contains($rep_ids, a.rep_id))
        THEN coalesce(r.name, a.rep_id) ELSE 'someone outside your scope' END AS rep_name,
    a.outcome
FROM activities AS a
INNER JOIN account USING (customer_id)
LEFT JOIN reps AS r USING (rep_id)
ORDER BY a.activity_date DESC, a.activity_id DESC
LIMIT $limit
