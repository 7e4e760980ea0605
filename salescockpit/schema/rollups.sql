-- Rollups built once per snapshot, so page queries stay fast when `sales` holds tens of
-- millions of lines. Rebuilt from scratch whenever a snapshot is built.

DROP TABLE IF EXISTS sales_monthly;

-- Grain: month x rep x customer x product category. The rep's region and team are copied in
-- so that page filters need no join.
CREATE TABLE sales_monthly AS
SELECT
    date_trunc('month', s.order_date)::DATE AS month,
    s.rep_id,
    r.region,
    r.team,
    s.customer_id,
    coalesce(p.category, '(unknown)') AS category,
    sum(s.net_amount) AS revenue_amount,
    sum(s.cost_amount) AS cost_amount,
    sum(s.quantity) AS quantity,
    count(*) AS line_count
FROM sales AS s
LEFT JOIN reps AS r USING (rep_id)
LEFT JOIN products AS p USING (product_id)
GROUP BY ALL
ORDER BY month, region, team, rep_id;

DROP TABLE IF EXISTS targets_monthly;

-- Grain: month x rep, one column per metric, region and team copied in like above.
CREATE TABLE targets_monthly AS
SELECT
    t.month,
    t.rep_id,
    r.region,
    r.team,
    sum(t.target_value) FILTER (WHERE t.metric = 'revenue') AS revenue_target_amount,
    sum(t.target_value) FILTER (WHERE t.metric = 'margin') AS margin_target_amount,
    sum(t.target_value) FILTER (WHERE t.metric = 'calls') AS calls_target,
    sum(t.target_value) FILTER (WHERE t.metric = 'visits') AS visits_target,
    sum(t.target_value) FILTER (WHERE t.metric = 'proposals') AS proposals_target,
    sum(t.target_value) FILTER (WHERE t.metric = 'new_customers') AS new_customers_target
FROM targets AS t
LEFT JOIN reps AS r USING (rep_id)
GROUP BY ALL
ORDER BY t.month, t.rep_id;

DROP TABLE IF EXISTS sales_calendar;

-- Grain: one row per month with sales: its first and last order date, so pages can tell a
-- finished month from one still running without scanning the lines.
CREATE TABLE sales_calendar AS
SELECT
    date_trunc('month', order_date)::DATE AS month,
    min(order_date) AS first_order_date,
    max(order_date) AS last_order_date,
    count(*) AS line_count
FROM sales
GROUP BY ALL
ORDER BY month;
