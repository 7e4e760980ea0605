-- Run on every snapshot built from a copy of an older one (warehouse.building with a base):
-- changes to existing tables that CREATE TABLE IF NOT EXISTS in tables.sql cannot make.
-- Every statement must be harmless when run again.

-- schema 5: opportunities may have no created date yet
ALTER TABLE opportunities ALTER COLUMN created_date DROP NOT NULL;
