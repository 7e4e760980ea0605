-- People who met every activity target in each of at least two consecutive months ending at $month.
-- Grain: one row per person in $rep_ids with months_in_a_row >= 2: the number of consecutive
--   calendar months ending at $month in which the person had at least one activity target
--   (calls, visits or proposals, target > 0) and met each of them (actual >= target). A month
--   with a target missed, or with no activity target, ends the run.
-- Parameters: $month DATE (first day), $rep_ids VARCHAR[] (viewer scope)
--   $everyone BOOLEAN (true: the scope is everyone, no person filter; set by run_query)
WITH months AS (
    SELECT rep_id, month, bool_and(actual >= target) AS all_met
    FROM metric_monthly
    WHERE metric IN ('calls', 'visits', 'proposals')
        AND target > 0
        AND month <= $month
        AND ($everyone OR list_contains($rep_ids, rep_id))
    GROUP BY rep_id, month
),

met AS (
    SELECT
        rep_id,
        month,
        -- consecutive months share one island number (month index minus rank)
        datediff('month', DATE '2000-01-01', month)
        - row_number() OVER (PARTITION BY rep_id ORDER BY month) AS island
    FROM months
    WHERE all_met
)

SELECT
    m.rep_id,
    coalesce(r.name, m.rep_id) AS rep_name,
    count(*) AS months_in_a_row
FROM met AS m
INNER JOIN met AS now ON now.rep_id = m.rep_id AND now.month = $month AND now.island = m.island
LEFT JOIN reps AS r ON r.rep_id = m.rep_id
GROUP BY m.rep_id, r.name
HAVING count(*) >= 2
ORDER BY m.rep_id
