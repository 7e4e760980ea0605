-- Our brands' price inputs per month and category: the trend of our price index.
-- Grain: one row per month x category with our sales; additive columns, read from the rollup
--   of every region together, or of the one region chosen.
-- Parameters: $first_month DATE, $last_month DATE (first days of months),
--   $region VARCHAR (NULL: all), $category VARCHAR (NULL: all)
SELECT month, category, is_own, units, sales_value, priced_value, reference_value
FROM (
    SELECT * FROM market_category_monthly
    WHERE $region IS NULL
    UNION ALL BY NAME
    SELECT * EXCLUDE (region) FROM market_cell_monthly
    WHERE region = $region
)
WHERE is_own
    AND ($category IS NULL OR category = $category)
    AND month BETWEEN $first_month AND $last_month
ORDER BY month, category
