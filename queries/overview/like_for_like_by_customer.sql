-- Each customer's revenue over the days a partial month has data, against the same business
-- days of the same month a year earlier (like for like), read from the order lines. The window
-- may start months earlier (a quarter or year to date ending in the partial month).
-- Grain: one row per customer with revenue in either window.
-- Parameters: $month DATE (first day of the window) and $through_day DATE (this year's window),
--   $last_year_month DATE and $last_year_through_day DATE (last year's window),
--   $region VARCHAR (NULL: all), $team VARCHAR (NULL: all), $rep_ids VARCHAR[] (viewer's scope)
--   $everyone BOOLEAN (true: the scope is everyone, no person filter; set by run_query)
WITH windowed AS (
    SELECT
        s.customer_id,
        s.net_amount,
        s.order_date >= $month AS is_this_year
    FROM sales AS s
    LEFT JOIN reps AS p USING (rep_id)
    WHERE (
        s.order_date BETWEEN $month AND $through_day
        OR s.order_date BETWEEN $last_year_month AND $last_year_through_day
    )
        AND ($everyone OR list_contains($rep_ids, s.rep_id))
        AND ($region IS NULL OR p.region = $region)
        AND ($team IS NULL OR p.team = $team)
),

by_customer AS (
    SELECT
        customer_id,
        coalesce(sum(net_amount) FILTER (WHERE is_this_year), 0) AS revenue_amount,
        coalesce(sum(net_amount) FILTER (WHERE NOT is_this_year), 0) AS revenue_last_year_amount
    FROM windowed
    GROUP BY customer_id
)

SELECT
    b.customer_id,
    coalesce(c.name, b.customer_id) AS customer_name,
    c.segment,
    owner.name AS owner_name,
    b.revenue_amount,
    b.revenue_last_year_amount,
    b.revenue_amount - b.revenue_last_year_amount AS change_amount
FROM by_customer AS b
LEFT JOIN customers AS c USING (customer_id)
LEFT JOIN reps AS owner ON owner.rep_id = c.owner_rep_id
ORDER BY change_amount DESC, b.customer_id
