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
WITH months AS (
    SELECT range::DATE AS month
    FROM range($first_month::DATE, $last_month::DATE + INTERVAL 1 MONTH, INTERVAL 1 MONTH)
),

filtered_sales AS (
    SELECT month, rep_id, customer_id, revenue_amount, cost_amount
    FROM sales_customer_monthly
    WHERE month BETWEEN $first_month AND $last_month
        AND ($region IS NULL OR region = $region)
        AND ($team IS NULL OR team = $team)
        AND ($everyone OR list_contains($rep_ids, rep_id))
),

sales_by_month AS (
    SELECT
        month,
        sum(revenue_amount) AS revenue_amount,
        sum(cost_amount) AS cost_amount,
        count(DISTINCT customer_id) FILTER (WHERE revenue_amount > 0) AS active_customers
    FROM filtered_sales
    GROUP BY month
),

revenue_by_rep_month AS (
    SELECT month, rep_id, revenue_amount
    FROM sales_rep_monthly
    WHERE month BETWEEN $first_month AND $last_month
        AND ($region IS NULL OR region = $region)
        AND ($team IS NULL OR team = $team)
        AND ($everyone OR list_contains($rep_ids, rep_id))
),

targets_by_month AS (
    SELECT
        t.month,
        sum(t.revenue_target_amount) AS revenue_target_amount,
        sum(coalesce(r.revenue_amount, 0)) AS revenue_with_target_amount
    FROM targets_monthly AS t
    LEFT JOIN revenue_by_rep_month AS r USING (month, rep_id)
    WHERE t.month BETWEEN $first_month AND $last_month
        AND t.revenue_target_amount > 0
        AND ($region IS NULL OR t.region = $region)
        AND ($team IS NULL OR t.team = $team)
        AND ($everyone OR list_contains($rep_ids, t.rep_id))
        AND t.rep_id NOT IN (SELECT rep_id FROM reps WHERE list_contains($overlay_roles, role))
    GROUP BY t.month
),

deals_by_month AS (
    SELECT
        date_trunc('month', o.close_date)::DATE AS month,
        count(*) FILTER (WHERE o.stage = 'won') AS won_deals,
        count(*) FILTER (WHERE o.stage = 'lost') AS lost_deals
    FROM opportunities AS o
    LEFT JOIN reps AS r USING (rep_id)
    WHERE o.stage IN ('won', 'lost')
        AND o.close_date >= $first_month
        AND o.close_date < $last_month + INTERVAL 1 MONTH
        AND ($region IS NULL OR r.region = $region)
        AND ($team IS NULL OR r.team = $team)
        AND ($everyone OR list_contains($rep_ids, o.rep_id))
    GROUP BY ALL
)

SELECT
    m.month,
    s.revenue_amount,
    s.cost_amount,
    s.active_customers,
    t.revenue_target_amount,
    t.revenue_with_target_amount,
    d.won_deals,
    d.lost_deals
FROM months AS m
LEFT JOIN sales_by_month AS s USING (month)
LEFT JOIN targets_by_month AS t USING (month)
LEFT JOIN deals_by_month AS d USING (month)
ORDER BY m.month
