-- What the competition figures can use: the market's months and size, and the last close date.
-- Grain: one row.
-- Parameters: none
SELECT
    (SELECT min(month) FROM market_positioning) AS first_market_month,
    (SELECT max(month) FROM market_positioning) AS last_market_month,
    (SELECT count(*) FROM market_positioning) AS market_rows,
    (SELECT date_trunc('month', max(close_date))::DATE FROM opportunities
        WHERE stage IN ('won', 'lost')) AS last_close_month
