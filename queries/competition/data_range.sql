-- What the competition figures can use: the market's months and size, and the last close date.
-- Grain: one row.
-- Parameters: none
SELECT
    (SELECT min(month) FROM market_category_monthly) AS first_market_month,
    (SELECT max(month) FROM market_category_monthly) AS last_market_month,
    (SELECT count(*) FROM market) AS market_rows,
    (SELECT max(month) FROM deals_decided_monthly) AS last_close_month
