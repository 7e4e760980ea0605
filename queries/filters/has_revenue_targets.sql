-- Does the warehouse hold any revenue target at all? Pages hide target-only figures without.
-- Grain: one row.
-- Parameters: none.
SELECT count(*) > 0 AS has_revenue_targets
FROM targets_monthly
WHERE revenue_target_amount > 0
