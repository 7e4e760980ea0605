-- Each rep's revenue and cost over the days a partial month has data, against the same business
-- days of the same month a year earlier (like for like), read from the order lines.
-- Grain: one row per rep with revenue in either window.
-- Parameters: $month DATE and $through_day DATE (this year's window),
--   $last_year_month DATE and $last_year_through_day DATE (last year's window),
--   $region VARCHAR (NULL: all), $team VARCHAR (NULL: all), $rep_ids VARCHAR[] (viewer's scope)
--   $everyone BOOLEAN (true: the scope is everyone, no person filter; set by run_query)
WITH windowed AS (
    SELECT
        s.rep_id,
        s.net_amount,
        s.cost_amount,
        s.order_date >= $month AS is_this_year
    FROM sales AS s
    WHERE (
        s.order_date BETWEEN $month AND $through_day
        OR s.order_date BETWEEN $last_year_month AND $last_year_through_day
    )
        AND ($everyone OR list_contains($rep_ids, s.rep_id))
)

SELECT
    w.rep_id,
    coalesce(p.name, w.rep_id) AS rep_name,
    coalesce(p.region, '(no region)') AS region,
    coalesce(p.team, '(no team)') AS team,
    coalesce(sum(w.net_amount) FILTER (WHERE w.is_this_year), 0) AS revenue_amount,
    coalesce(sum(w.net_amount) FILTER (WHERE NOT w.is_this_year), 0) AS revenue_last_year_amount,
    sum(w.cost_amount) FILTER (WHERE w.is_this_year) AS cost_amount,
    sum(w.cost_amount) FILTER (WHERE NOT w.is_this_year) AS cost_last_year_amount,
    coalesce(sum(w.net_amount) FILTER (WHERE w.is_this_year), 0)
    - coalesce(sum(w.net_amount) FILTER (WHERE NOT w.is_this_year), 0) AS change_amount
FROM windowed AS w
LEFT JOIN reps AS p USING (rep_id)
WHERE ($region IS NULL OR p.region = $region)
    AND ($team IS NULL OR p.team = $team)
GROUP BY ALL
ORDER BY change_amount DESC, w.rep_id
