-- The categories the category filter offers: those of the market and of the deals.
-- Grain: one row per category name.
-- Parameters: none
SELECT category FROM market_category_monthly
UNION
SELECT product_category FROM opportunities WHERE product_category IS NOT NULL
ORDER BY category
