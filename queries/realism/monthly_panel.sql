-- One metric's actual and target per person and month with the person's team: the realism model's input.
-- Grain: one row per person in scope with one of $roles x month that has an actual or a target.
-- The group is the person's team, else their region, else the whole company ('(company)'): the
--   pattern a short history is shrunk toward.
-- Parameters: $metric VARCHAR (revenue, margin, calls, visits, proposals or new_customers),
--   $roles VARCHAR[] (the roles that carry their own quota, e.g. ['rep']),
--   $rep_ids VARCHAR[] (viewer scope)
--   $everyone BOOLEAN (true: the scope is everyone, no person filter; set by run_query)
SELECT
    m.rep_id,
    coalesce(r.name, m.rep_id) AS rep_name,
    coalesce(r.team, r.region, '(company)') AS group_name,
    r.hire_date,
    m.month,
    m.actual,
    m.target
FROM metric_monthly AS m
INNER JOIN reps AS r USING (rep_id)
WHERE m.metric = $metric
    AND list_contains($roles, r.role)
    AND ($everyone OR list_contains($rep_ids, m.rep_id))
ORDER BY m.rep_id, m.month
