-- Monthly revenue, cost, revenue target, won/lost deals and active customers of the filtered organisation.
-- Grain: one row per calendar month from $first_month to $last_month; months without data are
--   included with NULLs, so a trend has no silent gaps.
-- Attainment inputs: revenue_with_target_amount is the revenue of the rep-months that have a
--   revenue target, so attainment never compares revenue of reps without a target to a target.
--   Overlay targets (people whose role is in $overlay_roles: managers and directors by default)
--   cover their reps' sales and are left out, so no target is counted twice.
-- Parameters: $first_month DATE, $last_month DATE (first days of months),
--   $region VARCHAR (NULL: all regions), $team VARCHAR (NULL: all teams),
--   $rep_ids VARCHAR[] (the viewer's scope: reps the viewer may see),
--   $overlay_roles VARCHAR[] (roles whose targets are overlays, e.g. ['manager', 'director'])
--   $everyone BOOLEAN (true: the scope is everyone, no person filter; set by run_query)
-- Reads overview_rep_monthly (month x rep) for every sum, and for the active customers that one
--   rep alone sells to (sole_active_customers: they add up across reps); sales_customer_monthly
--   only for the customers several reps sold to that month (active_reps > 1: counted distinct).
WITH months AS (
    SELECT range::DATE AS month
    FROM range($first_month::DATE, $last_month::DATE + INTERVAL 1 MONTH, INTERVAL 1 MONTH)
),

by_month AS (
    SELECT
        month,
        sum(revenue_amount) AS revenue_amount,
        sum(cost_amount) AS cost_amount,
        sum(sole_active_customers)::BIGINT AS sole_active_customers,
        sum(revenue_target_amount) FILTER (WHERE counted_target) AS revenue_target_amount,
        sum(coalesce(revenue_amount, 0)) FILTER (WHERE counted_target)
            AS revenue_with_target_amount,
        sum(won_deals)::BIGINT AS won_deals,
        sum(lost_deals)::BIGINT AS lost_deals
    FROM (
        SELECT
            *,
            revenue_target_amount > 0
                AND NOT coalesce(list_contains($overlay_roles, role), false) AS counted_target
        FROM overview_rep_monthly
        WHERE month BETWEEN $first_month AND $last_month
            AND ($region IS NULL OR region = $region)
            AND ($team IS NULL OR team = $team)
            AND ($everyone OR list_contains($rep_ids, rep_id))
    )
    GROUP BY month
),

shared_customers_by_month AS (
    SELECT month, count(DISTINCT customer_id) AS shared_active_customers
    FROM sales_customer_monthly
    WHERE active_reps > 1
        AND revenue_amount > 0
        AND month BETWEEN $first_month AND $last_month
        AND ($region IS NULL OR region = $region)
        AND ($team IS NULL OR team = $team)
        AND ($everyone OR list_contains($rep_ids, rep_id))
    GROUP BY month
)

-- A month with no sales row in the filter has sole_active_customers NULL (no customers counted).
SELECT
    m.month,
    s.revenue_amount,
    s.cost_amount,
    s.sole_active_customers + coalesce(c.shared_active_customers, 0) AS active_customers,
    s.revenue_target_amount,
    s.revenue_with_target_amount,
    s.won_deals,
    s.lost_deals
FROM months AS m
LEFT JOIN by_month AS s USING (month)
LEFT JOIN shared_customers_by_month AS c USING (month)
ORDER BY m.month
