-- Market sales per brand over a period: the inputs of share, share change and price index.
-- Grain: one row per brand (is_own copied in); additive columns, see salescockpit/competition.py.
-- Parameters: $first_month DATE, $last_month DATE (first days of months),
--   $region VARCHAR (NULL: all), $category VARCHAR (NULL: all)
SELECT
    brand,
    bool_or(is_own) AS is_own,
    sum(units) AS units,
    sum(sales_value) AS sales_value,
    sum(priced_value) AS priced_value,
    sum(reference_value) AS reference_value
FROM market_positioning
WHERE month BETWEEN $first_month AND $last_month
    AND ($region IS NULL OR region = $region)
    AND ($category IS NULL OR category = $category)
GROUP BY brand
ORDER BY brand
