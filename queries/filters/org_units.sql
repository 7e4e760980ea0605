-- Regions and teams of the sales organisation that the viewer may see, for the shared filters.
-- Grain: one row per (region, team) that has at least one rep in the viewer's scope.
-- Parameters: $rep_ids (the viewer's scope).
--   $everyone BOOLEAN (true: the scope is everyone, no person filter; set by run_query)
SELECT DISTINCT region, team
FROM reps
WHERE region IS NOT NULL AND team IS NOT NULL
  AND ($everyone OR list_contains($rep_ids, rep_id))
ORDER BY region, team
