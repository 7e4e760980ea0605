-- Market sales per region and category, our brands together and competitors together.
-- Grain: one row per region x category x is_own; additive columns, so the page and the CLI can
--   sum them again to a region or a category. Reads the market_cell_monthly rollup.
-- Parameters: $first_month DATE, $last_month DATE (first days of months),
--   $region VARCHAR (NULL: all), $category VARCHAR (NULL: all)
SELECT
    region,
    category,
    is_own,
    sum(units) AS units,
    sum(sales_value) AS sales_value,
    sum(priced_value) AS priced_value,
    sum(reference_value) AS reference_value
FROM market_cell_monthly
WHERE month BETWEEN $first_month AND $last_month
    AND ($region IS NULL OR region = $region)
    AND ($category IS NULL OR category = $category)
GROUP BY region, category, is_own
ORDER BY region, category, is_own DESC
