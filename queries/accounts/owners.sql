-- The people whose accounts the Accounts page can show beside the reps: everyone in scope who
--   owns at least one account (declared or effective owner, the account_owners rollup),
--   whatever their role (a manager or director who sells).
-- Grain: one row per owner.
-- Parameters: $rep_ids VARCHAR[] (the viewer's scope)
--   $everyone BOOLEAN (true: the scope is everyone, no person filter; set by run_query)
SELECT DISTINCT o.owner_rep_id AS rep_id, coalesce(r.name, o.owner_rep_id) AS rep_name, r.active
FROM account_owners AS o
LEFT JOIN reps AS r ON r.rep_id = o.owner_rep_id
WHERE o.owner_rep_id IS NOT NULL
    AND ($everyone OR list_contains($rep_ids, o.owner_rep_id))
ORDER BY rep_name, rep_id
