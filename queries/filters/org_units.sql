-- Regions and teams of the sales organisation that the viewer may see, for the shared filters.
-- Grain: one row per (region, team) that has at least one rep in the viewer's scope.
-- Parameters: $rep_ids (the viewer's scope).
SELECT DISTINCT region, team
FROM reps
WHERE region IS NOT NULL AND team IS NOT NULL
  AND list_contains($rep_ids, rep_id)
ORDER BY region, team
