-- The figures the at-risk rules read, per account owned by a rep in the viewer's scope.
-- Grain: one row per account whose effective owner (account_owners: declared, else the rep who
-- sells most to it) is in scope. Windows are day-exact and end on $as_of_date: the last 3
-- months, the same 3 months a year earlier, the last 12 months; the usual interval is the
-- median of the days between consecutive order days over 24 months; lost deals are those closed
-- lost after $lost_since; final_year_amount is the revenue of the 12 months up to the last order
-- (what a lapsed account was worth).
-- Parameters: $rep_ids VARCHAR[] (viewer scope), $as_of_date DATE, $lost_since DATE
--   $everyone BOOLEAN (true: the scope is everyone, no person filter; set by run_query)
WITH accounts AS (
    SELECT
        o.customer_id,
        coalesce(c.name, o.customer_id) AS customer_name,
        c.segment,
        c.industry,
        o.owner_rep_id,
        o.owner_source,
        coalesce(r.name, o.owner_rep_id) AS owner_name
    FROM account_owners AS o
    LEFT JOIN customers AS c USING (customer_id)
    LEFT JOIN reps AS r ON r.rep_id = o.owner_rep_id
    WHERE ($everyone OR list_contains($rep_ids, o.owner_rep_id))
),

order_days AS (
    SELECT d.customer_id, d.order_date, d.revenue_amount
    FROM customer_order_days AS d
    INNER JOIN accounts AS a USING (customer_id)
    WHERE d.order_date <= $as_of_date
),

recent_days AS (
    SELECT
        customer_id,
        order_date,
        revenue_amount,
        order_date - lag(order_date) OVER (
            PARTITION BY customer_id ORDER BY order_date
        ) AS gap_days
    FROM order_days
    WHERE order_date > ($as_of_date - INTERVAL 24 MONTH)::DATE
),

revenue AS (
    SELECT
        customer_id,
        sum(revenue_amount) FILTER (
            WHERE order_date > ($as_of_date - INTERVAL 3 MONTH)::DATE
        ) AS last_3_months_amount,
        sum(revenue_amount) FILTER (
            WHERE order_date > ($as_of_date - INTERVAL 15 MONTH)::DATE
            AND order_date <= ($as_of_date - INTERVAL 12 MONTH)::DATE
        ) AS same_months_last_year_amount,
        sum(revenue_amount) FILTER (
            WHERE order_date > ($as_of_date - INTERVAL 12 MONTH)::DATE
        ) AS last_12_months_amount,
        median(gap_days) AS usual_interval_days,
        count(gap_days) AS interval_count
    FROM recent_days
    GROUP BY customer_id
),

last_order AS (
    SELECT customer_id, max(order_date) AS last_order_date
    FROM order_days
    GROUP BY customer_id
),

final_year AS (
    SELECT d.customer_id, sum(d.revenue_amount) AS final_year_amount
    FROM order_days AS d
    INNER JOIN last_order AS l USING (customer_id)
    WHERE d.order_date > (l.last_order_date - INTERVAL 12 MONTH)::DATE
    GROUP BY d.customer_id
),

lost AS (
    SELECT
        o.customer_id,
        count(*) AS lost_deal_count,
        sum(o.amount) AS lost_deal_amount,
        array_to_string(list_sort(list_distinct(list(o.competitor))), ', ') AS lost_to
    FROM opportunities AS o
    INNER JOIN accounts AS a USING (customer_id)
    WHERE o.stage = 'lost' AND o.close_date > $lost_since AND o.close_date <= $as_of_date
    GROUP BY o.customer_id
)

SELECT
    a.customer_id,
    a.customer_name,
    a.segment,
    a.industry,
    a.owner_rep_id,
    a.owner_source,
    a.owner_name,
    coalesce(v.last_3_months_amount, 0) AS last_3_months_amount,
    coalesce(v.same_months_last_year_amount, 0) AS same_months_last_year_amount,
    coalesce(v.last_12_months_amount, 0) AS last_12_months_amount,
    l.last_order_date,
    $as_of_date - l.last_order_date AS days_since_last_order,
    coalesce(f.final_year_amount, 0) AS final_year_amount,
    v.usual_interval_days,
    coalesce(v.interval_count, 0) AS interval_count,
    coalesce(d.lost_deal_count, 0) AS lost_deal_count,
    coalesce(d.lost_deal_amount, 0) AS lost_deal_amount,
    d.lost_to
FROM accounts AS a
LEFT JOIN revenue AS v USING (customer_id)
LEFT JOIN last_order AS l USING (customer_id)
LEFT JOIN final_year AS f USING (customer_id)
LEFT JOIN lost AS d USING (customer_id)
ORDER BY a.owner_rep_id, a.customer_id
