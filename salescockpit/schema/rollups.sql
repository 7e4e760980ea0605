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

DROP TABLE IF EXISTS sales_customer_monthly;

-- Grain: month x rep x customer (sales_monthly without the product category: about a ninth of
-- its rows). Pages that never split by category read this; the Overview's active customers are
-- counted here. The customer's name and its declared owner's name (customers.owner_rep_id;
-- NULL when unknown) are copied in, so the Overview's customer movers need no join.
-- active_reps: how many reps sold the customer a positive revenue that month (0 when this row's
-- revenue is not positive and no one else's is). A customer one rep alone sells to is counted
-- once per rep-month in sales_rep_monthly.sole_active_customers; only customers shared by
-- several reps (active_reps > 1) need a distinct count per rerun.
CREATE TABLE sales_customer_monthly AS
WITH by_customer AS (
    SELECT
        month,
        rep_id,
        region,
        team,
        customer_id,
        sum(revenue_amount) AS revenue_amount,
        sum(cost_amount) AS cost_amount
    FROM sales_monthly
    GROUP BY ALL
)

SELECT
    s.*,
    c.name AS customer_name,
    owner.name AS owner_name,
    count(*) FILTER (WHERE s.revenue_amount > 0)
        OVER (PARTITION BY s.month, s.customer_id) AS active_reps
FROM by_customer AS s
LEFT JOIN customers AS c USING (customer_id)
LEFT JOIN reps AS owner ON owner.rep_id = c.owner_rep_id
ORDER BY s.month, s.region, s.team, s.rep_id;

DROP TABLE IF EXISTS sales_rep_monthly;

-- Grain: month x rep: revenue and cost, region and team copied in (a few thousand rows at any
-- number of lines), for the Overview's rep- and team-level figures. sole_active_customers: the
-- customers with a positive revenue from this rep and from no other rep that month (they add
-- up across reps; the shared ones are counted from sales_customer_monthly).
CREATE TABLE sales_rep_monthly AS
SELECT
    month,
    rep_id,
    region,
    team,
    sum(revenue_amount) AS revenue_amount,
    sum(cost_amount) AS cost_amount,
    count(customer_id) FILTER (WHERE revenue_amount > 0 AND active_reps = 1)
        AS sole_active_customers
FROM sales_customer_monthly
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

DROP TABLE IF EXISTS overview_rep_monthly;

-- Grain: month x rep: what the Overview adds up per person and month, in one small table:
-- revenue and cost (as sales_rep_monthly: NULL revenue = no sales that month), the revenue
-- target (as targets_monthly), and the deals won and lost (by close month; NULL = none
-- decided), and sole_active_customers (as sales_rep_monthly; NULL = no sales). The rep's
-- region, team, role and name are copied in (NULL for a rep_id missing
-- from reps), so the Overview's filters, its overlay-target rule and its movers need no join.
-- Its queries plan in a fraction of the time of joining sales, targets and deals per rerun.
CREATE TABLE overview_rep_monthly AS
WITH deals AS (
    SELECT
        date_trunc('month', close_date)::DATE AS month,
        rep_id,
        count(*) FILTER (WHERE stage = 'won') AS won_deals,
        count(*) FILTER (WHERE stage = 'lost') AS lost_deals
    FROM opportunities
    WHERE stage IN ('won', 'lost') AND close_date IS NOT NULL
    GROUP BY ALL
)

SELECT
    month,
    rep_id,
    r.region,
    r.team,
    r.role,
    r.name AS rep_name,
    s.revenue_amount,
    s.cost_amount,
    s.sole_active_customers,
    t.revenue_target_amount,
    d.won_deals,
    d.lost_deals
FROM (
    SELECT month, rep_id, revenue_amount, cost_amount, sole_active_customers
    FROM sales_rep_monthly
) AS s
FULL OUTER JOIN (SELECT month, rep_id, revenue_target_amount FROM targets_monthly) AS t
    USING (month, rep_id)
FULL OUTER JOIN deals AS d USING (month, rep_id)
LEFT JOIN reps AS r USING (rep_id)
ORDER BY month, region, team, rep_id;

DROP TABLE IF EXISTS metric_monthly;

-- Grain: month x rep x metric, actual next to target, for every metric that can have a target
-- (revenue, margin, calls, visits, proposals, new_customers). Attainment pages and the CLI read
-- only this table. A customer is new in the month of its first order in the warehouse (the
-- first month of data is left out: everyone would look new there).
CREATE TABLE metric_monthly AS
WITH first_orders AS (
    SELECT customer_id, min(month) AS first_month, arg_min(rep_id, month) AS rep_id
    FROM sales_monthly
    GROUP BY customer_id
),

actuals AS (
    SELECT month, rep_id, 'revenue' AS metric, sum(revenue_amount) AS actual
    FROM sales_monthly GROUP BY ALL
    UNION ALL
    SELECT month, rep_id, 'margin', sum(revenue_amount) - coalesce(sum(cost_amount), 0)
    FROM sales_monthly GROUP BY ALL
    UNION ALL
    SELECT date_trunc('month', activity_date)::DATE, rep_id, activity_type || 's', count(*)
    FROM activities WHERE activity_type IN ('call', 'visit', 'proposal') GROUP BY ALL
    UNION ALL
    SELECT first_month, rep_id, 'new_customers', count(*)
    FROM first_orders WHERE first_month > (SELECT min(month) FROM sales_monthly) GROUP BY ALL
),

target_rows AS (
    SELECT month, rep_id, metric, sum(target_value) AS target
    FROM targets GROUP BY ALL
)

SELECT
    coalesce(a.month, t.month) AS month,
    coalesce(a.rep_id, t.rep_id) AS rep_id,
    r.region,
    r.team,
    coalesce(a.metric, t.metric) AS metric,
    coalesce(a.actual, 0) AS actual,
    t.target
FROM actuals AS a
FULL OUTER JOIN target_rows AS t USING (month, rep_id, metric)
LEFT JOIN reps AS r ON r.rep_id = coalesce(a.rep_id, t.rep_id)
ORDER BY month, rep_id, metric;

DROP TABLE IF EXISTS market_positioning;

-- Grain: month x region x category x brand, the market table with what price indices need,
-- so the Competition page sums columns instead of running window functions on every rerun.
-- price: avg_price, or sales_value / units where the panel gives no price.
-- reference price of a cell (month x region x category): for our own brands the competitors'
-- volume-weighted average price; for a competitor that of every other brand.
-- priced_value = units x price and reference_value = units x reference price, both only where
-- the two prices exist, so sum(priced_value) / sum(reference_value) x 100 is a price index.
CREATE TABLE market_positioning AS
WITH priced AS (
    SELECT
        month,
        region,
        category,
        brand,
        is_own,
        coalesce(units, 0) AS units,
        coalesce(sales_value, 0) AS sales_value,
        CASE WHEN units > 0 THEN coalesce(avg_price, sales_value / units) END AS price
    FROM market
),

cells AS (
    SELECT
        *,
        sum(units * price) FILTER (WHERE NOT is_own) OVER cell AS competitor_value,
        sum(units) FILTER (WHERE NOT is_own AND price IS NOT NULL) OVER cell AS competitor_units,
        sum(units * price) OVER cell AS cell_value,
        sum(units) FILTER (WHERE price IS NOT NULL) OVER cell AS cell_units
    FROM priced
    WINDOW cell AS (PARTITION BY month, region, category)
),

referenced AS (
    SELECT
        *,
        CASE
            WHEN is_own THEN competitor_value / nullif(competitor_units, 0)
            ELSE (cell_value - units * price) / nullif(cell_units - units, 0)
        END AS reference_price
    FROM cells
)

SELECT
    month,
    region,
    category,
    brand,
    is_own,
    units,
    sales_value,
    CASE WHEN price IS NOT NULL AND reference_price IS NOT NULL THEN units * price END
        AS priced_value,
    CASE WHEN price IS NOT NULL AND reference_price IS NOT NULL THEN units * reference_price END
        AS reference_value
FROM referenced
ORDER BY region, category, month, brand;

-- The Competition page reads the market through small rollups of market_positioning, one per
-- level its region and category filters ask for, so no page query scans the full market:
-- their columns are sums of market_positioning's additive columns, so share and price index
-- come out exactly as from the full table (a brand is ours where any of its rows says so).
-- Grain of market_brand_levels: month x brand per region and/or category (NULL: all of them);
-- `level` is 3 for every region and category together, 1 per region, 2 per category.
CREATE OR REPLACE TEMP TABLE market_brand_levels AS
SELECT
    grouping(region, category) AS level,
    month,
    region,
    category,
    brand,
    bool_or(is_own) AS is_own,
    sum(units) AS units,
    sum(sales_value) AS sales_value,
    sum(priced_value) AS priced_value,
    sum(reference_value) AS reference_value
FROM market_positioning
GROUP BY GROUPING SETS ((month, brand), (month, region, brand), (month, category, brand));

DROP TABLE IF EXISTS market_brand_monthly;
DROP TABLE IF EXISTS market_brand_region_monthly;
DROP TABLE IF EXISTS market_brand_category_monthly;

-- Grain: month x brand, every region and category together.
CREATE TABLE market_brand_monthly AS
SELECT * EXCLUDE (level, region, category) FROM market_brand_levels WHERE level = 3
ORDER BY month, brand;

-- Grain: month x region x brand, every category together.
CREATE TABLE market_brand_region_monthly AS
SELECT * EXCLUDE (level, category) FROM market_brand_levels WHERE level = 1
ORDER BY region, month, brand;

-- Grain: month x category x brand, every region together.
CREATE TABLE market_brand_category_monthly AS
SELECT * EXCLUDE (level, region) FROM market_brand_levels WHERE level = 2
ORDER BY category, month, brand;

DROP TABLE market_brand_levels;

-- Grain of market_cell_levels: month x category x is_own (our brands together, competitors
-- together), per region (`level` 0) and for every region together (`level` 1, region NULL).
CREATE OR REPLACE TEMP TABLE market_cell_levels AS
SELECT
    grouping(region) AS level,
    month,
    region,
    category,
    is_own,
    sum(units) AS units,
    sum(sales_value) AS sales_value,
    sum(priced_value) AS priced_value,
    sum(reference_value) AS reference_value
FROM market_positioning
GROUP BY GROUPING SETS ((month, region, category, is_own), (month, category, is_own));

DROP TABLE IF EXISTS market_cell_monthly;
DROP TABLE IF EXISTS market_category_monthly;

-- Grain: month x region x category x is_own (the price index map and, per region, its trend).
CREATE TABLE market_cell_monthly AS
SELECT * EXCLUDE (level) FROM market_cell_levels WHERE level = 0
ORDER BY month, region, category, is_own;

-- Grain: month x category x is_own, every region together (the price index trend, the
-- category filter's choices, the market's months).
CREATE TABLE market_category_monthly AS
SELECT * EXCLUDE (level, region) FROM market_cell_levels WHERE level = 1
ORDER BY month, category, is_own;

DROP TABLE market_cell_levels;

DROP TABLE IF EXISTS deals_decided_monthly;

-- Grain: close month x rep x product category x competitor (NULL: none named) x stage (won,
-- lost) x loss reason: the deals decided, their number and amount. The rep's region and team
-- are copied in, so the Competition page's filters need no join.
CREATE TABLE deals_decided_monthly AS
SELECT
    date_trunc('month', o.close_date)::DATE AS month,
    o.rep_id,
    r.region,
    r.team,
    o.product_category AS category,
    nullif(trim(o.competitor), '') AS competitor,
    o.stage,
    o.loss_reason,
    count(*) AS deals,
    sum(o.amount) AS amount
FROM opportunities AS o
LEFT JOIN reps AS r USING (rep_id)
WHERE o.stage IN ('won', 'lost') AND o.close_date IS NOT NULL
GROUP BY ALL
ORDER BY month, rep_id;

DROP TABLE IF EXISTS customer_order_days;

-- Grain: customer x order date: the day's revenue and number of orders. The Accounts page reads
-- an account's ordering rhythm (days between orders) and day-exact rolling windows from here.
CREATE TABLE customer_order_days AS
SELECT
    customer_id,
    order_date,
    sum(net_amount) AS revenue_amount,
    count(DISTINCT order_id) AS order_count
FROM sales
GROUP BY ALL
ORDER BY customer_id, order_date;

DROP TABLE IF EXISTS sales_calendar;

-- Grain: one row per month with sales: its first and last order date, so pages can tell a
-- finished month from one still running without scanning the lines. Built from the two rollups
-- above (every line is in both), not from the lines again.
CREATE TABLE sales_calendar AS
WITH days AS (
    SELECT
        date_trunc('month', order_date)::DATE AS month,
        min(order_date) AS first_order_date,
        max(order_date) AS last_order_date
    FROM customer_order_days
    GROUP BY ALL
),

lines AS (
    SELECT month, sum(line_count)::BIGINT AS line_count
    FROM sales_monthly
    GROUP BY ALL
)

SELECT d.month, d.first_order_date, d.last_order_date, l.line_count
FROM days AS d
INNER JOIN lines AS l USING (month)
ORDER BY d.month;

DROP TABLE IF EXISTS calendar_months;

-- Grain: one row per calendar month with sales or targets, newest first, with the month's last
-- order date (NULL: a month with targets only). The shared filters' month list (every page's
-- first query) reads it as it is.
CREATE TABLE calendar_months AS
WITH target_months AS (
    SELECT DISTINCT month FROM targets_monthly
)

SELECT
    coalesce(s.month, t.month) AS month,
    s.last_order_date
FROM sales_calendar AS s
FULL OUTER JOIN target_months AS t USING (month)
ORDER BY month DESC;

DROP TABLE IF EXISTS account_owners;

-- Grain: one row per account (every customer, and every customer_id that only the sales name).
-- The effective owner: the declared customers.owner_rep_id when there is one; otherwise the rep
-- with the most revenue from the account over the last 24 months of sales (the month of the
-- last order in the warehouse and the 23 before); an account without sales in those months goes
-- to the rep with the most revenue over its whole history; ties go to the lowest rep_id.
-- owner_source says which: 'declared', 'revenue', or NULL (no owner and no sales).
-- Account pages and the `accounts` command find a rep's accounts here.
CREATE TABLE account_owners AS
WITH by_rep AS (
    SELECT
        customer_id,
        rep_id,
        coalesce(sum(revenue_amount) FILTER (
            WHERE month > (SELECT max(month) FROM sales_monthly) - INTERVAL 24 MONTH
        ), 0) AS recent_amount,
        coalesce(sum(revenue_amount), 0) AS total_amount
    FROM sales_monthly
    WHERE customer_id IS NOT NULL AND rep_id IS NOT NULL
    GROUP BY ALL
),

top_seller AS (
    SELECT customer_id, rep_id
    FROM by_rep
    QUALIFY row_number() OVER (
        PARTITION BY customer_id ORDER BY recent_amount DESC, total_amount DESC, rep_id
    ) = 1
),

declared AS (
    SELECT customer_id, nullif(trim(owner_rep_id), '') AS owner_rep_id
    FROM customers
),

everyone AS (
    SELECT customer_id FROM declared
    UNION
    SELECT customer_id FROM top_seller
)

SELECT
    e.customer_id,
    coalesce(d.owner_rep_id, t.rep_id) AS owner_rep_id,
    CASE
        WHEN d.owner_rep_id IS NOT NULL THEN 'declared'
        WHEN t.rep_id IS NOT NULL THEN 'revenue'
    END AS owner_source
FROM everyone AS e
LEFT JOIN declared AS d USING (customer_id)
LEFT JOIN top_seller AS t USING (customer_id)
ORDER BY e.customer_id;
