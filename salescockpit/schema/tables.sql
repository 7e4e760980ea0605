-- Canonical warehouse tables (DESIGN.md). Names are the contract between ingest and queries.
-- Money is in one currency, excluding tax, stored exactly as DECIMAL(18, 4) (14 digits before
-- the point, 4 after). Months are the first day of the month.

CREATE TABLE IF NOT EXISTS snapshot_info (
    key VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS reps (
    rep_id VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    email VARCHAR,
    team VARCHAR,
    region VARCHAR,
    manager_id VARCHAR,
    role VARCHAR NOT NULL CHECK (role IN ('rep', 'manager', 'director')),
    hire_date DATE,
    active BOOLEAN NOT NULL DEFAULT TRUE
);

CREATE TABLE IF NOT EXISTS customers (
    customer_id VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    segment VARCHAR,
    industry VARCHAR,
    region VARCHAR,
    country VARCHAR,
    owner_rep_id VARCHAR
);

CREATE TABLE IF NOT EXISTS products (
    product_id VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    category VARCHAR NOT NULL,
    subcategory VARCHAR,
    list_price DECIMAL(18, 4),
    unit_cost DECIMAL(18, 4)
);

-- Key (order_id, line_no). No PRIMARY KEY constraint on purpose: an index over tens of
-- millions of lines costs more memory and load time than it saves; ingest checks uniqueness.
CREATE TABLE IF NOT EXISTS sales (
    order_id VARCHAR NOT NULL,
    line_no INTEGER NOT NULL,
    order_date DATE NOT NULL,
    rep_id VARCHAR NOT NULL,
    customer_id VARCHAR NOT NULL,
    product_id VARCHAR NOT NULL,
    quantity DOUBLE NOT NULL,
    net_amount DECIMAL(18, 4) NOT NULL,
    cost_amount DECIMAL(18, 4)
);

CREATE TABLE IF NOT EXISTS targets (
    rep_id VARCHAR NOT NULL,
    month DATE NOT NULL,
    metric VARCHAR NOT NULL CHECK (
        metric IN ('revenue', 'margin', 'calls', 'visits', 'proposals', 'new_customers')
    ),
    target_value DECIMAL(18, 4) NOT NULL,
    source VARCHAR NOT NULL CHECK (source IN ('top_down', 'bottom_up', 'imported')),
    PRIMARY KEY (rep_id, month, metric)
);

CREATE TABLE IF NOT EXISTS activities (
    activity_id VARCHAR PRIMARY KEY,
    rep_id VARCHAR NOT NULL,
    activity_date DATE NOT NULL,
    activity_type VARCHAR NOT NULL,
    customer_id VARCHAR,
    opportunity_id VARCHAR,
    outcome VARCHAR
);

CREATE TABLE IF NOT EXISTS opportunities (
    opportunity_id VARCHAR PRIMARY KEY,
    rep_id VARCHAR NOT NULL,
    customer_id VARCHAR,
    product_category VARCHAR,
    created_date DATE,  -- early-stage deals may have none yet
    close_date DATE,
    stage VARCHAR NOT NULL CHECK (stage IN ('open', 'won', 'lost')),
    amount DECIMAL(18, 4),
    competitor VARCHAR,
    loss_reason VARCHAR
);

CREATE TABLE IF NOT EXISTS market (
    month DATE NOT NULL,
    region VARCHAR NOT NULL,
    category VARCHAR NOT NULL,
    brand VARCHAR NOT NULL,
    is_own BOOLEAN NOT NULL,
    sales_value DECIMAL(18, 4),
    units DOUBLE,
    avg_price DECIMAL(18, 4),
    PRIMARY KEY (month, region, category, brand)
);

-- A second key for the same person (e.g. EmployeeID in targets, EmployeeKey in sales):
-- imports resolve an alias to its rep_id wherever a rep is referenced.
CREATE TABLE IF NOT EXISTS rep_aliases (
    alias VARCHAR PRIMARY KEY,
    rep_id VARCHAR NOT NULL
);
