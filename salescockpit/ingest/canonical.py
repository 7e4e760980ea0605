"""The canonical columns an import can fill: types, keys, references and the names exports use.

This is the allow-list of identifiers for the import SQL: table and column names in generated
SQL come only from here (or are positional staging names like c3), never from a file.
"""

from __future__ import annotations

from dataclasses import dataclass, field

MODES = ("replace", "append", "upsert")
# Columns holding money: a unit multiplier ("in thousands") applies to them; negatives warn.
# Numbers are stored as DECIMAL(18, 4): at most 14 digits before the point. Whole numbers
# (line numbers, years) fit a 32-bit INTEGER.
NUMBER_LIMIT = 10**14
INTEGER_MAX = 2_147_483_647
MONEY_COLUMNS = {"net_amount", "cost_amount", "target_value", "amount", "sales_value", "unit_price"}
# Number columns stored exactly as DECIMAL(18, 4) (tables.sql): money and prices. A value
# written with more than 4 decimals is stored rounded half to even, with a warning.
EXACT_COLUMNS = {
    "list_price",
    "unit_cost",
    "net_amount",
    "cost_amount",
    "target_value",
    "amount",
    "sales_value",
    "avg_price",
}
STORED_DECIMAL = "DECIMAL(18, 4)"
# A number as read from a file, before it is stored: exact to 10 decimal places.
READ_DECIMAL = "DECIMAL(38, 10)"


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # text, number, integer, date, boolean
    required: bool = False
    help: str = ""
    synonyms: tuple[str, ...] = ()
    references: str | None = None  # table whose key this column must match
    default: str | None = None  # used when the column is not mapped
    words: str | None = None  # vocabulary of canonical values (see values.py)
    minimum: int | None = None  # smallest whole number allowed (integer columns)
    stored: bool = True  # False: read from the file but kept elsewhere (the reps' aliases)
    warn_when_missing: str = ""  # an empty value is allowed but warned about, in these words


@dataclass(frozen=True)
class Derivation:
    """How a column is filled when no file column is mapped to it; the rule belongs to the
    table. `rule` names an SQL builder in plan.py; `inputs` must all be mapped (the first of
    `optional` inputs joins when mapped too)."""

    column: str
    rule: str  # amount, first_of_month, line_in_order, generated_key
    inputs: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Table:
    name: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    date_column: str | None = None
    help: str = ""
    extra_sources: tuple[Column, ...] = field(default=())  # inputs that derive a column
    derivations: tuple[Derivation, ...] = ()
    shapes: tuple[str, ...] = ("long",)  # long, wide_months, quarterly (see mapping.SHAPES)
    alias_table: str | None = None  # where a second key of a row lives (column `alias`)
    # References to this table are checked only once it has rows (customers and products are
    # often loaded after the sales); references to reps are always checked.
    checked_when_empty: bool = False
    future_dates_warn: bool = True  # a date after today is a warning (not for targets)

    def derivation(self, column: str) -> Derivation | None:
        return next((d for d in self.derivations if d.column == column), None)

    @property
    def stored_columns(self) -> list[str]:
        return [c.name for c in self.columns if c.stored]

    def column(self, name: str) -> Column:
        for column in (*self.columns, *self.extra_sources):
            if column.name == name:
                return column
        raise KeyError(f"{self.name} has no column {name}")

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


REP_ID = (
    "salespersonid",
    "salesperson",
    "employeekey",
    "employeeid",
    "employee",
    "repid",
    "rep",
    "salesrep",
    "owner",
    "ownerid",
    "userid",
    "accountmanager",
)

TABLES: dict[str, Table] = {
    t.name: t
    for t in [
        Table(
            "reps",
            ("rep_id",),
            (
                Column(
                    "rep_id",
                    "text",
                    True,
                    "the person's key in the sales data",
                    ("employeekey", "salespersonkey", "repid", "salespersonid", "employee"),
                ),
                Column(
                    "name",
                    "text",
                    True,
                    "full name",
                    ("salesperson", "fullname", "employeename", "repname", "name"),
                ),
                Column("email", "text", False, "e-mail address", ("upn", "email", "mail")),
                Column("team", "text", False, "sales team", ("team", "salesteam")),
                Column("region", "text", False, "sales region", ("region", "territory")),
                Column(
                    "manager_id",
                    "text",
                    False,
                    "the manager's rep_id",
                    ("managerid", "managerkey", "parentemployeekey", "reportsto"),
                    references="reps",
                ),
                Column(
                    "role",
                    "text",
                    False,
                    "rep, manager or director",
                    ("role", "title", "jobtitle", "position"),
                    default="rep",
                    words="role",
                ),
                Column("hire_date", "date", False, "first day at work", ("hiredate", "startdate")),
                Column(
                    "active",
                    "boolean",
                    False,
                    "still employed",
                    ("active", "current"),
                    default="true",
                ),
                Column(
                    "alias",
                    "text",
                    False,
                    "a second key for the same person used by other files (e.g. EmployeeID)",
                    ("employeeid", "alias", "personnelnumber"),
                    stored=False,
                ),
            ),
            help="one row per person: reps, managers and directors",
            alias_table="rep_aliases",
            checked_when_empty=True,
        ),
        Table(
            "customers",
            ("customer_id",),
            (
                Column(
                    "customer_id",
                    "text",
                    True,
                    "the account key",
                    ("customerkey", "customerid", "resellerkey", "accountid", "account"),
                ),
                Column(
                    "name",
                    "text",
                    True,
                    "account name",
                    ("customername", "reseller", "accountname", "company", "name"),
                ),
                Column("segment", "text", False, "segment", ("segment", "businesstype")),
                Column("industry", "text", False, "industry", ("industry", "sector")),
                Column("region", "text", False, "region", ("region", "stateprovince", "state")),
                Column("country", "text", False, "country", ("country", "countryregion")),
                Column(
                    "owner_rep_id",
                    "text",
                    False,
                    "the rep who owns the account",
                    ("ownerrepid", *REP_ID),
                    references="reps",
                ),
            ),
            help="one row per account",
        ),
        Table(
            "products",
            ("product_id",),
            (
                Column(
                    "product_id",
                    "text",
                    True,
                    "the product key",
                    ("productkey", "productid", "sku", "itemid", "articlenumber"),
                ),
                Column("name", "text", True, "product name", ("product", "productname", "name")),
                Column(
                    "category",
                    "text",
                    True,
                    "product category",
                    ("category", "productcategory", "productgroup"),
                ),
                Column("subcategory", "text", False, "subcategory", ("subcategory",)),
                Column(
                    "list_price", "number", False, "list price", ("listprice", "price", "unitprice")
                ),
                Column(
                    "unit_cost",
                    "number",
                    False,
                    "cost per unit",
                    ("standardcost", "unitcost", "cost"),
                ),
            ),
            help="one row per product",
        ),
        Table(
            "sales",
            ("order_id", "line_no"),
            (
                Column(
                    "order_id",
                    "text",
                    True,
                    "order number",
                    ("salesordernumber", "orderid", "ordernumber", "invoicenumber", "orderno"),
                ),
                Column(
                    "line_no",
                    "integer",
                    False,
                    "line within the order (generated in file order when absent)",
                    ("salesorderlinenumber", "linenumber", "lineno", "line"),
                    minimum=1,
                ),
                Column(
                    "order_date",
                    "date",
                    True,
                    "order date (or a year and a month column, see year/month)",
                    ("orderdate", "invoicedate", "date", "salesdate", "transactiondate"),
                ),
                Column("rep_id", "text", True, "the rep credited", REP_ID, references="reps"),
                Column(
                    "customer_id",
                    "text",
                    True,
                    "the account",
                    ("resellerkey", "customerkey", "customerid", "accountid", "customer"),
                    references="customers",
                ),
                Column(
                    "product_id",
                    "text",
                    True,
                    "the product",
                    ("productkey", "productid", "sku", "itemid", "product"),
                    references="products",
                ),
                Column(
                    "quantity",
                    "number",
                    False,
                    "units",
                    ("quantity", "orderquantity", "qty", "units"),
                    default="1",
                ),
                Column(
                    "net_amount",
                    "number",
                    True,
                    "net sales excluding tax (or derived: quantity x unit_price x (1 - discount))",
                    (
                        "sales",
                        "salesamount",
                        "linetotal",
                        "netamount",
                        "amount",
                        "revenue",
                        "netsales",
                    ),
                ),
                Column(
                    "cost_amount",
                    "number",
                    False,
                    "cost of goods of the line",
                    ("cost", "totalproductcost", "costamount", "cogs"),
                ),
            ),
            date_column="order_date",
            help="one row per order line",
            derivations=(
                Derivation(
                    "net_amount",
                    "amount",
                    ("quantity", "unit_price"),
                    ("discount",),
                    "net_amount derived as quantity x unit price x (1 - discount)",
                ),
                Derivation("order_date", "first_of_month", ("year", "month_number")),
                Derivation(
                    "line_no",
                    "line_in_order",
                    ("order_id",),
                    note="line numbers generated in file order within each order",
                ),
            ),
            extra_sources=(
                Column(
                    "unit_price",
                    "number",
                    False,
                    "price per unit (to derive net_amount)",
                    ("unitprice", "price"),
                ),
                Column(
                    "discount",
                    "number",
                    False,
                    "discount as a fraction or percent (to derive net_amount)",
                    ("discount", "discountpct", "unitpricediscountpct"),
                ),
                Column(
                    "year",
                    "integer",
                    False,
                    "year (with month, to build order_date)",
                    ("year", "fiscalyear"),
                ),
                Column(
                    "month_number",
                    "integer",
                    False,
                    "month 1-12 (with year)",
                    ("month", "monthnumber"),
                ),
            ),
        ),
        Table(
            "targets",
            ("rep_id", "month", "metric"),
            (
                Column("rep_id", "text", True, "the rep", REP_ID, references="reps"),
                Column(
                    "month",
                    "date",
                    True,
                    "the month (any day in it)",
                    ("targetmonth", "month", "period", "date"),
                ),
                Column(
                    "metric",
                    "text",
                    True,
                    "revenue, margin, calls, visits, proposals or new_customers",
                    ("metric", "measure", "kpi"),
                    default="revenue",
                    words="metric",
                ),
                Column(
                    "target_value",
                    "number",
                    True,
                    "the target",
                    ("targetamount", "target", "quota", "targetvalue", "amount", "value"),
                ),
                Column(
                    "source",
                    "text",
                    False,
                    "top_down, bottom_up or imported",
                    ("source",),
                    default="imported",
                    words="target_source",
                ),
            ),
            date_column="month",
            help="one row per rep, month and metric (wide and quarterly sheets are converted)",
            shapes=("long", "wide_months", "quarterly"),
            future_dates_warn=False,
            extra_sources=(
                Column(
                    "year",
                    "integer",
                    False,
                    "year of a wide or quarterly sheet",
                    ("year", "fiscalyear"),
                ),
                Column(
                    "quarter",
                    "text",
                    False,
                    "quarter (Q1..Q4 or 1..4) of a quarterly sheet",
                    ("quarter", "qtr"),
                ),
            ),
        ),
        Table(
            "activities",
            ("activity_id",),
            (
                Column(
                    "activity_id",
                    "text",
                    False,
                    "the activity key (generated when absent)",
                    ("activityid", "id", "taskid"),
                ),
                Column("rep_id", "text", True, "the rep", REP_ID, references="reps"),
                Column(
                    "activity_date",
                    "date",
                    True,
                    "when",
                    ("activitydate", "date", "duedate", "createddate"),
                ),
                Column(
                    "activity_type",
                    "text",
                    True,
                    "call, visit, proposal, demo, ...",
                    ("activitytype", "type", "tasktype", "subject"),
                    words="activity_type",
                ),
                Column(
                    "customer_id",
                    "text",
                    False,
                    "the account",
                    ("customerid", "accountid", "account"),
                    references="customers",
                ),
                Column("opportunity_id", "text", False, "the deal", ("opportunityid",)),
                Column("outcome", "text", False, "outcome", ("outcome", "result", "status")),
            ),
            date_column="activity_date",
            help="one row per call, visit, proposal, ...",
            derivations=(Derivation("activity_id", "generated_key"),),
        ),
        Table(
            "opportunities",
            ("opportunity_id",),
            (
                Column(
                    "opportunity_id",
                    "text",
                    True,
                    "the deal key",
                    ("opportunityid", "dealid", "id"),
                ),
                Column("rep_id", "text", True, "the rep", REP_ID, references="reps"),
                Column(
                    "customer_id",
                    "text",
                    False,
                    "the account",
                    ("customerid", "accountid", "account"),
                    references="customers",
                ),
                Column(
                    "product_category",
                    "text",
                    False,
                    "product category",
                    ("productcategory", "category"),
                ),
                Column(
                    "created_date",
                    "date",
                    False,
                    "opened (early-stage deals may have none yet: a warning)",
                    ("createddate", "created", "opendate"),
                    warn_when_missing="no created date yet",
                ),
                Column(
                    "close_date",
                    "date",
                    False,
                    "closed or expected to close",
                    ("closedate", "closed", "expectedclosedate"),
                ),
                Column(
                    "stage",
                    "text",
                    True,
                    "open, won or lost",
                    ("stage", "status", "dealstage", "salesstage"),
                    words="stage",
                ),
                Column("amount", "number", False, "deal value", ("amount", "value", "dealvalue")),
                Column(
                    "competitor", "text", False, "who won when we lost", ("competitor", "lostto")
                ),
                Column("loss_reason", "text", False, "why lost", ("lossreason", "reason")),
            ),
            date_column="created_date",
            help="one row per deal",
        ),
        Table(
            "market",
            ("month", "region", "category", "brand"),
            (
                Column("month", "date", True, "the month", ("month", "period", "date")),
                Column(
                    "region",
                    "text",
                    True,
                    "region (a panel without regions is one region)",
                    ("region", "market", "area"),
                    default="All regions",
                ),
                Column("category", "text", True, "product category", ("category",)),
                Column(
                    "brand",
                    "text",
                    True,
                    "brand or competitor",
                    ("brand", "competitor", "manufacturer"),
                ),
                Column(
                    "is_own",
                    "boolean",
                    True,
                    "our own brand? (or name them: own_brands / --own-brand)",
                    ("isown", "own", "ours"),
                ),
                Column(
                    "sales_value", "number", False, "sales value", ("salesvalue", "value", "sales")
                ),
                Column("units", "number", False, "units sold", ("units", "volume")),
                Column("avg_price", "number", False, "average price", ("avgprice", "price")),
            ),
            date_column="month",
            extra_sources=(
                Column(
                    "year", "integer", False, "year (with month_number, to build month)", ("year",)
                ),
                Column(
                    "month_number",
                    "integer",
                    False,
                    "month 1-12 (with year)",
                    ("monthnumber", "monthno"),
                ),
            ),
            derivations=(
                Derivation(
                    "month",
                    "first_of_month",
                    ("year", "month_number"),
                    note="month built from the year and month columns",
                ),
                Derivation(
                    "is_own",
                    "own_brand",
                    ("brand",),
                    note="is_own set from the brands named as ours (own_brands)",
                ),
            ),
            help="market panel: one row per month, region, category and brand",
        ),
    ]
}


def table(name: str) -> Table:
    try:
        return TABLES[name]
    except KeyError:
        raise ValueError(f"unknown table {name!r}; choose one of {', '.join(TABLES)}") from None


def describe_tables() -> str:
    """Text for `--help`: every canonical column of every table."""
    lines = []
    for t in TABLES.values():
        lines.append(f"{t.name} ({t.help}; key: {', '.join(t.key)})")
        for c in (*t.columns, *t.extra_sources):
            flags = " [required]" if c.required else ""
            flags += f" [default {c.default}]" if c.default is not None else ""
            lines.append(f"  {c.name:<16} {c.kind:<8} {c.help}{flags}")
    return "\n".join(lines)
