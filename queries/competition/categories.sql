-- The categories the category filter offers: those of the market and of the deals.
-- Grain: one row per category name.
-- Parameters: none
SELECT DISTINCT category
FROM (
    SELECT category FROM market_positioning
    UNION
    SELECT product_category AS category FROM opportunities WHERE product_category IS NOT NULL
)
ORDER BY category
