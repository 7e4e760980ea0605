-- Run on every snapshot built from a copy of an older one (warehouse.building with a base):
-- changes to existing tables that CREATE TABLE IF NOT EXISTS in tables.sql cannot make.
-- Every statement must be harmless when run again.

-- schema 5: opportunities may have no created date yet
ALTER TABLE opportunities ALTER COLUMN created_date DROP NOT NULL;

-- schema 6: money stored exactly, with 4 decimal places (older snapshots held DOUBLE)
ALTER TABLE products ALTER COLUMN list_price TYPE DECIMAL(18, 4);
ALTER TABLE products ALTER COLUMN unit_cost TYPE DECIMAL(18, 4);
ALTER TABLE sales ALTER COLUMN net_amount TYPE DECIMAL(18, 4);
ALTER TABLE sales ALTER COLUMN cost_amount TYPE DECIMAL(18, 4);
ALTER TABLE targets ALTER COLUMN target_value TYPE DECIMAL(18, 4);
ALTER TABLE opportunities ALTER COLUMN amount TYPE DECIMAL(18, 4);
ALTER TABLE market ALTER COLUMN sales_value TYPE DECIMAL(18, 4);
ALTER TABLE market ALTER COLUMN avg_price TYPE DECIMAL(18, 4);
