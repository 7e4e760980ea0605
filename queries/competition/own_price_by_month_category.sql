-- Our brands' price inputs per month and category: the trend of our price index.
-- Grain: one row per month x category with our sales; additive columns.
-- Parameters: $first_month DATE, $last_month DATE (first days of months),
--   $region VARCHAR (NULL: all), $category VARCHAR (NULL: all)
SELECT
    month,
    category,
    TRUE AS is_own,
    sum(units) AS units,
    sum(sales_value) AS sales_value,
    sum(priced_value) AS priced_value,
    sum(reference_value) AS reference_value
FROM market_positioning
WHERE is_own
    AND month BETWEEN $first_month AND $last_month
    AND ($region IS NULL OR region = $region)
    AND ($category IS NULL OR category = $category)
GROUP BY month, category
ORDER BY month, category
