-- The largest deal won in $month among the people in $rep_ids, and who won it.
-- Grain: one row per person in $rep_ids who won an opportunity closing in $month whose amount is
--   the largest of all won opportunities closing in $month in scope (a tie gives each winner a
--   row). No row when nothing was won.
-- Parameters: $month DATE (first day), $rep_ids VARCHAR[] (viewer scope)
--   $everyone BOOLEAN (true: the scope is everyone, no person filter; set by run_query)
WITH won AS (
    SELECT rep_id, amount
    FROM opportunities
    WHERE stage = 'won'
        AND amount > 0
        AND close_date >= $month
        AND close_date < ($month + INTERVAL 1 MONTH)::DATE
        AND ($everyone OR list_contains($rep_ids, rep_id))
)

SELECT
    w.rep_id,
    coalesce(r.name, w.rep_id) AS rep_name,
    max(w.amount) AS amount
FROM won AS w
LEFT JOIN reps AS r USING (rep_id)
WHERE w.amount = (SELECT max(amount) FROM won)
GROUP BY w.rep_id, r.name
ORDER BY w.rep_id
