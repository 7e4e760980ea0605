-- The viewer's position in their team on one metric's attainment for a month, without the
-- peers' names or figures (a rep sees "4th of 12", QuotaPath-style).
-- Grain: one row (none when the person is not in $rep_ids or has no team).
-- Ranking: attainment (actual / target) among the team's active reps with a target > 0; without
--   a target the person has no position (position NULL) but the team size is still given.
-- Parameters: $rep_id VARCHAR (the viewer's person), $rep_ids VARCHAR[] (the viewer's scope:
--   the person must be in it), $metric VARCHAR, $month DATE (first day of the month)
--   $everyone BOOLEAN (true: the scope is everyone, no person filter; set by run_query)
WITH me AS (
    SELECT rep_id, team
    FROM reps
    WHERE rep_id = $rep_id AND ($everyone OR list_contains($rep_ids, rep_id)) AND team IS NOT NULL
),

team AS (
    SELECT r.rep_id
    FROM reps AS r
    JOIN me ON r.team = me.team
    WHERE r.role = 'rep' AND (r.active OR r.rep_id = $rep_id)
),

scored AS (
    SELECT
        t.rep_id,
        CASE WHEN m.target > 0 THEN m.actual / m.target END AS attainment
    FROM team AS t
    LEFT JOIN metric_monthly AS m
        ON m.rep_id = t.rep_id AND m.metric = $metric AND m.month = $month
),

ranked AS (
    SELECT
        rep_id,
        attainment,
        CASE WHEN attainment IS NOT NULL
            THEN rank() OVER (ORDER BY attainment DESC NULLS LAST) END AS position
    FROM scored
)

SELECT
    r.position,
    (SELECT count(*) FROM scored WHERE attainment IS NOT NULL) AS ranked_people,
    (SELECT count(*) FROM team) AS team_size,
    (SELECT team FROM me) AS team
FROM ranked AS r
WHERE r.rep_id = $rep_id
