-- Market sales per month and brand: share, share change, price index, the effect split and the
--   share over time (the page and the CLI sum the months of a period in pandas).
-- Grain: one row per month x brand (is_own copied in); additive columns. Each branch reads the
--   rollup of one filter level; the filters a branch does not fit make it empty before any read.
-- Parameters: $first_month DATE, $last_month DATE (first days of months),
--   $region VARCHAR (NULL: all), $category VARCHAR (NULL: all)
SELECT month, brand, is_own, units, sales_value, priced_value, reference_value
FROM (
    SELECT * FROM market_brand_monthly
    WHERE $region IS NULL AND $category IS NULL
    UNION ALL BY NAME
    SELECT * EXCLUDE (region) FROM market_brand_region_monthly
    WHERE region = $region AND $category IS NULL
    UNION ALL BY NAME
    SELECT * EXCLUDE (category) FROM market_brand_category_monthly
    WHERE $region IS NULL AND category = $category
    UNION ALL BY NAME
    SELECT * EXCLUDE (region, category) FROM market_positioning
    WHERE region = $region AND category = $category
)
WHERE month BETWEEN $first_month AND $last_month
ORDER BY month, brand
