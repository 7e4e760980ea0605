-- Every competitor the data names: market brands that are not ours and competitors on deals.
-- Grain: one row per competitor name.
-- Parameters: none
SELECT DISTINCT competitor
FROM (
    SELECT brand AS competitor FROM market_brand_monthly WHERE NOT is_own
    UNION
    SELECT nullif(trim(competitor), '') FROM opportunities
)
WHERE competitor IS NOT NULL
ORDER BY competitor
