-- Regions and teams of the sales organisation, for the filters shared by every page.
-- Grain: one row per (region, team) that has at least one rep.
-- Parameters: none.
SELECT DISTINCT region, team
FROM reps
WHERE region IS NOT NULL AND team IS NOT NULL
ORDER BY region, team
