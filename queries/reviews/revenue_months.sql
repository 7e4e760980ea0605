-- A rep's revenue and revenue target per month up to $last_month, for the recognition in a
-- review's evidence (months at target in the cycle, a personal best month).
-- Grain: one row per month with revenue or a revenue target, for the reps in $rep_ids.
-- Parameters: $rep_ids VARCHAR[] (viewer scope), $last_month DATE
--   $everyone BOOLEAN (true: the scope is everyone, no person filter; set by run_query)
SELECT rep_id, month, actual AS revenue_amount, target AS revenue_target_amount
FROM metric_monthly
WHERE metric = 'revenue' AND ($everyone OR list_contains($rep_ids, rep_id)) AND month <= $last_month
ORDER BY rep_id, month
