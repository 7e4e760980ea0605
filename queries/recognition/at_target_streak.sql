-- People whose revenue target was met in each of at least two consecutive months ending at $month.
-- Grain: one row per person in $rep_ids whose role carries a quota ($quota_roles, the overlay
--   rule) with months_in_a_row >= 2: the number of consecutive calendar months ending at $month
--   with a revenue target > 0 and actual >= target. A month below target, or without a target,
--   ends the run.
-- Parameters: $month DATE (first day), $rep_ids VARCHAR[] (viewer scope),
--   $quota_roles VARCHAR[] (roles whose targets are their own quotas)
--   $everyone BOOLEAN (true: the scope is everyone, no person filter; set by run_query)
WITH hits AS (
    SELECT
        m.rep_id,
        m.month,
        -- consecutive months share one island number (month index minus rank)
        datediff('month', DATE '2000-01-01', m.month)
        - row_number() OVER (PARTITION BY m.rep_id ORDER BY m.month) AS island
    FROM metric_monthly AS m
    INNER JOIN reps AS r USING (rep_id)
    WHERE m.metric = 'revenue'
        AND m.target > 0
        AND m.actual >= m.target
        AND m.month <= $month
        AND ($everyone OR list_contains($rep_ids, m.rep_id))
        AND list_contains($quota_roles, r.role)
)

SELECT
    h.rep_id,
    coalesce(r.name, h.rep_id) AS rep_name,
    count(*) AS months_in_a_row
FROM hits AS h
INNER JOIN hits AS now ON now.rep_id = h.rep_id AND now.month = $month AND now.island = h.island
INNER JOIN reps AS r ON r.rep_id = h.rep_id
GROUP BY h.rep_id, r.name
HAVING count(*) >= 2
ORDER BY h.rep_id
