-- Every person in the warehouse with what decides who sees them: e-mail (sign-in), manager
-- (a manager's reports), region and team (region and team scopes).
-- Grain: one row per person.
-- Parameters: none. The one person-level query without the viewer scope: the scope is
-- computed from it (salescockpit/access.py), and no page shows it.
SELECT rep_id, name, email, manager_id, region, team, role, active
FROM reps
ORDER BY rep_id
