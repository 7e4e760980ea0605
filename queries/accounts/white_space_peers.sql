-- Per account in scope and product category: its own spend and what its peers spend there.
-- Grain: one row per (account with revenue in the window whose effective owner, account_owners,
-- is in scope; category that at least one of its peers buys). Peers: the other customers in
-- the same peer group (industry; the segment when the industry is blank) and the same size band
-- (quartile of revenue in the window among all customers with revenue). Spend: revenue from
-- $first_month to $last_month.
-- Parameters: $rep_ids VARCHAR[] (viewer scope), $first_month DATE, $last_month DATE
--   $everyone BOOLEAN (true: the scope is everyone, no person filter; set by run_query)
WITH spend AS (
    SELECT customer_id, category, sum(revenue_amount) AS spend_amount
    FROM sales_monthly
    WHERE month BETWEEN $first_month AND $last_month
    GROUP BY ALL
),

totals AS (
    SELECT customer_id, sum(spend_amount) AS revenue_amount
    FROM spend
    GROUP BY customer_id
    HAVING sum(spend_amount) > 0
),

banded AS (
    SELECT
        t.customer_id,
        coalesce(c.name, t.customer_id) AS customer_name,
        o.owner_rep_id,
        coalesce(c.industry, c.segment, '(none)') AS peer_group,
        ntile(4) OVER (ORDER BY t.revenue_amount, t.customer_id) AS size_band
    FROM totals AS t
    LEFT JOIN customers AS c USING (customer_id)
    LEFT JOIN account_owners AS o USING (customer_id)
),

groups AS (
    SELECT peer_group, size_band, count(*) AS member_count
    FROM banded
    GROUP BY ALL
),

buyers AS (
    SELECT
        b.peer_group,
        b.size_band,
        s.category,
        count(*) AS buyer_count,
        median(s.spend_amount) AS median_spend_amount
    FROM spend AS s
    INNER JOIN banded AS b USING (customer_id)
    WHERE s.spend_amount > 0
    GROUP BY ALL
)

SELECT
    a.customer_id,
    a.customer_name,
    a.owner_rep_id,
    a.peer_group,
    a.size_band,
    g.member_count - 1 AS peer_count,
    u.category,
    coalesce(own.spend_amount, 0) AS own_spend_amount,
    u.buyer_count - CASE WHEN coalesce(own.spend_amount, 0) > 0 THEN 1 ELSE 0 END
        AS buying_peer_count,
    u.median_spend_amount AS peer_median_spend_amount
FROM banded AS a
INNER JOIN groups AS g USING (peer_group, size_band)
INNER JOIN buyers AS u USING (peer_group, size_band)
LEFT JOIN spend AS own ON own.customer_id = a.customer_id AND own.category = u.category
WHERE ($everyone OR list_contains($rep_ids, a.owner_rep_id))
ORDER BY a.owner_rep_id, a.customer_id, u.category
