"""Account analysis on tiny companies whose white space and risks are worked out by hand."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from salescockpit import accounts, warehouse
from salescockpit.queries import RepIds, run_query
from tests.conftest import make_settings

AS_OF = dt.date(2026, 10, 31)
WINDOWS = accounts.Windows(AS_OF)


def fill_peers(con: duckdb.DuckDBPyConnection) -> None:
    """24 mining customers K01..K24; Kn buys pumps for n x 100 in June 2026.

    Size bands (quartiles of revenue): K01-K06, K07-K12, K13-K18, K19-K24 (with the extras below
    every Kn of the top band still outranks K18). In the top band K20-K23 also buy valves for
    200, 300, 400, 500; K20 and K21 buy seals for 50. So K19 (R1) and K24 (R2) miss valves that
    4 of their 5 peers buy (median 350); seals are bought by 2 of 5 peers: below half, no white
    space.
    """
    con.execute(
        """
        INSERT INTO reps (rep_id, name, team, region, manager_id, role, hire_date, active) VALUES
            ('R1', 'Ann', 'T', 'North', NULL, 'rep', '2020-01-01', TRUE),
            ('R2', 'Bob', 'T', 'North', NULL, 'rep', '2020-01-01', TRUE);
        INSERT INTO products VALUES
            ('P', 'Pump', 'Pumps', 'x', 1, 1), ('V', 'Valve', 'Valves', 'x', 1, 1),
            ('S', 'Seal', 'Seals', 'x', 1, 1);
        """
    )
    for n in range(1, 25):
        owner = "R2" if n == 24 else "R1"
        con.execute(
            "INSERT INTO customers VALUES (?, ?, 'Enterprise', 'Mining', 'North', 'NO', ?)",
            [f"K{n:02d}", f"Kunde {n}", owner],
        )
        con.execute(
            "INSERT INTO sales VALUES (?, 1, '2026-06-10', ?, ?, 'P', 1, ?, 0)",
            [f"SO{n}", owner, f"K{n:02d}", n * 100],
        )
    for n, amount in ((20, 200), (21, 300), (22, 400), (23, 500)):
        con.execute(
            "INSERT INTO sales VALUES (?, 2, '2026-06-10', 'R1', ?, 'V', 1, ?, 0)",
            [f"SO{n}", f"K{n:02d}", amount],
        )
    for n in (20, 21):
        con.execute(
            "INSERT INTO sales VALUES (?, 3, '2026-06-10', 'R1', ?, 'S', 1, 50, 0)",
            [f"SO{n}", f"K{n:02d}"],
        )


def fill_risks(con: duckdb.DuckDBPyConnection) -> None:
    """Five accounts as of 31 Oct 2026 (last 3 months: 1 Aug - 31 Oct 2026).

    A1 (R1): 600 in Sep 2026 against 1,000 in Aug 2025: 40% down -> at risk.
    A2 (R1): ordered every 30 days (1 May, 31 May, 30 Jun, 30 Jul 2026), then 93 days nothing:
             93 > 1.5 x 30 -> at risk.
    A3 (R1): lost 500 to Apex (15 Sep) and 300 to Bor (1 Oct); a loss on 1 Jul is older than
             90 days (since 2 Aug) -> at risk, 2 deals, EUR 800.
    A4 (R2): 100 in Sep 2025 and 100 in Sep 2026 -> fine.
    A5 (R2): 700 against 1,000 a year ago: exactly 30% down, not more -> fine.

    Rep R3, the lost-deal minimum (25% of the last 12 months' revenue) and the lapsed horizon
    (more than 365 days without an order):
    A6: 10,000 in Sep 2026, lost 2,400 on 1 Oct: 24% < 25% -> fine.
    A7: 10,000 in Sep 2026, lost 2,500 on 1 Oct: exactly 25% -> at risk.
    A8: never ordered, lost 500 on 1 Oct: no revenue at stake -> fine.
    A9: 1,000 on 1 Jun 2025 and 2,000 on 30 Oct 2025, nothing since: 366 days -> lapsed, worth
        3,000 in its last 12 months of ordering (not "at risk" although its revenue fell 100%).
    A10: 400 on 31 Oct 2025, nothing since: 365 days, not more -> at risk (revenue -100%).
    """
    con.execute(
        """
        INSERT INTO reps (rep_id, name, team, region, manager_id, role, hire_date, active) VALUES
            ('R1', 'Ann', 'T', 'North', NULL, 'rep', '2020-01-01', TRUE),
            ('R2', 'Bob', 'T', 'North', NULL, 'rep', '2020-01-01', TRUE),
            ('R3', 'Cid', 'T', 'North', NULL, 'rep', '2020-01-01', TRUE);
        INSERT INTO products VALUES ('P', 'Pump', 'Pumps', 'x', 1, 1);
        INSERT INTO customers VALUES
            ('A1', 'Alfa', 'Enterprise', 'Mining', 'North', 'NO', 'R1'),
            ('A2', 'Beta', 'Enterprise', 'Mining', 'North', 'NO', 'R1'),
            ('A3', 'Gamma', 'Enterprise', 'Mining', 'North', 'NO', 'R1'),
            ('A4', 'Delta', 'Enterprise', 'Mining', 'North', 'NO', 'R2'),
            ('A5', 'Eps', 'Enterprise', 'Mining', 'North', 'NO', 'R2'),
            ('A6', 'Zeta', 'Enterprise', 'Mining', 'North', 'NO', 'R3'),
            ('A7', 'Eta', 'Enterprise', 'Mining', 'North', 'NO', 'R3'),
            ('A8', 'Theta', 'Enterprise', 'Mining', 'North', 'NO', 'R3'),
            ('A9', 'Iota', 'Enterprise', 'Mining', 'North', 'NO', 'R3'),
            ('A10', 'Kappa', 'Enterprise', 'Mining', 'North', 'NO', 'R3');
        INSERT INTO sales VALUES
            ('S1', 1, '2025-08-15', 'R1', 'A1', 'P', 1, 1000, 0),
            ('S2', 1, '2026-09-15', 'R1', 'A1', 'P', 1, 600, 0),
            ('S3', 1, '2026-05-01', 'R1', 'A2', 'P', 1, 100, 0),
            ('S4', 1, '2026-05-31', 'R1', 'A2', 'P', 1, 100, 0),
            ('S5', 1, '2026-06-30', 'R1', 'A2', 'P', 1, 100, 0),
            ('S6', 1, '2026-07-30', 'R1', 'A2', 'P', 1, 100, 0),
            ('S7', 1, '2026-10-31', 'R1', 'A3', 'P', 1, 50, 0),
            ('S8', 1, '2025-09-01', 'R2', 'A4', 'P', 1, 100, 0),
            ('S9', 1, '2026-09-01', 'R2', 'A4', 'P', 1, 100, 0),
            ('S10', 1, '2025-09-10', 'R2', 'A5', 'P', 1, 1000, 0),
            ('S11', 1, '2026-09-10', 'R2', 'A5', 'P', 1, 700, 0),
            ('S12', 1, '2026-09-05', 'R3', 'A6', 'P', 1, 10000, 0),
            ('S13', 1, '2026-09-05', 'R3', 'A7', 'P', 1, 10000, 0),
            ('S14', 1, '2025-06-01', 'R3', 'A9', 'P', 1, 1000, 0),
            ('S15', 1, '2025-10-30', 'R3', 'A9', 'P', 1, 2000, 0),
            ('S16', 1, '2025-10-31', 'R3', 'A10', 'P', 1, 400, 0);
        INSERT INTO opportunities VALUES
            ('O1', 'R1', 'A3', 'Pumps', '2026-06-01', '2026-09-15', 'lost', 500, 'Apex', 'price'),
            ('O2', 'R1', 'A3', 'Pumps', '2026-06-01', '2026-10-01', 'lost', 300, 'Bor', 'price'),
            ('O3', 'R1', 'A3', 'Pumps', '2026-05-01', '2026-07-01', 'lost', 900, 'Apex', 'price'),
            ('O4', 'R1', 'A3', 'Pumps', '2026-09-01', '2026-12-01', 'open', 250, NULL, NULL),
            ('O5', 'R3', 'A6', 'Pumps', '2026-06-01', '2026-10-01', 'lost', 2400, 'Apex', 'price'),
            ('O6', 'R3', 'A7', 'Pumps', '2026-06-01', '2026-10-01', 'lost', 2500, 'Apex', 'price'),
            ('O7', 'R3', 'A8', 'Pumps', '2026-06-01', '2026-10-01', 'lost', 500, 'Apex', 'price');
        INSERT INTO activities VALUES
            ('X1', 'R1', '2026-10-20', 'visit', 'A3', 'O4', 'done'),
            ('X2', 'R1', '2026-10-02', 'call', 'A3', NULL, 'done');
        """
    )


def fill_owners(con: duckdb.DuckDBPyConnection) -> None:
    """Accounts without a declared owner, as real exports have them; as of 31 Oct 2026.

    The revenue window is the 24 months Nov 2024 - Oct 2026.
    B1 declared R2; R1 sold 900 there, R2 100 -> R2 (declared wins).
    B2 no owner; R2 sold 500 in Mar 2023 (outside) and 100 in Feb 2026, R1 300 in Mar 2026
       -> R1 (300 > 100 inside the window; R2's 600 over all time does not count).
    B3 no owner; R1 and R2 sold 200 each in Apr 2026 -> a tie -> R1 (the lower rep id).
    B4 no owner; R2 sold 400 in May 2023, R1 100 in Jun 2023, nothing in the window
       -> R2 (most over the whole history); lapsed.
    B5 no owner and no sales -> no owner: in nobody's list.
    B6 is only named by the sales (no customers row): R2 sold 250 on 31 Oct 2026 -> R2.
    """
    con.execute(
        """
        INSERT INTO reps (rep_id, name, team, region, manager_id, role, hire_date, active) VALUES
            ('R1', 'Ann', 'T', 'North', NULL, 'rep', '2020-01-01', TRUE),
            ('R2', 'Bob', 'T', 'North', NULL, 'rep', '2020-01-01', TRUE);
        INSERT INTO products VALUES ('P', 'Pump', 'Pumps', 'x', 1, 1);
        INSERT INTO customers VALUES
            ('B1', 'Bolt', 'Retail', 'Bikes', 'North', 'NO', 'R2'),
            ('B2', 'Crane', 'Retail', 'Bikes', 'North', 'NO', NULL),
            ('B3', 'Dyna', 'Retail', 'Bikes', 'North', 'NO', NULL),
            ('B4', 'Elm', 'Retail', 'Bikes', 'North', 'NO', NULL),
            ('B5', 'Fir', 'Retail', 'Bikes', 'North', 'NO', NULL);
        INSERT INTO sales VALUES
            ('S1', 1, '2026-05-10', 'R1', 'B1', 'P', 1, 900, 0),
            ('S2', 1, '2026-05-10', 'R2', 'B1', 'P', 1, 100, 0),
            ('S3', 1, '2023-03-01', 'R2', 'B2', 'P', 1, 500, 0),
            ('S4', 1, '2026-02-01', 'R2', 'B2', 'P', 1, 100, 0),
            ('S5', 1, '2026-03-01', 'R1', 'B2', 'P', 1, 300, 0),
            ('S6', 1, '2026-04-01', 'R1', 'B3', 'P', 1, 200, 0),
            ('S7', 1, '2026-04-02', 'R2', 'B3', 'P', 1, 200, 0),
            ('S8', 1, '2023-05-01', 'R2', 'B4', 'P', 1, 400, 0),
            ('S9', 1, '2023-06-01', 'R1', 'B4', 'P', 1, 100, 0),
            ('S10', 1, '2026-10-31', 'R2', 'B6', 'P', 1, 250, 0);
        """
    )


def _company(tmp: Path, fill: object) -> Path:
    return warehouse.build_snapshot(make_settings(tmp), fill, {"source": "test"})  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def peers_con(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    with warehouse.reading(_company(tmp_path_factory.mktemp("peers"), fill_peers)) as con:
        yield con


@pytest.fixture(scope="module")
def risks_con(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    with warehouse.reading(_company(tmp_path_factory.mktemp("risks"), fill_risks)) as con:
        yield con


@pytest.fixture(scope="module")
def owners_con(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    with warehouse.reading(_company(tmp_path_factory.mktemp("owners"), fill_owners)) as con:
        yield con


def test_an_account_without_a_declared_owner_belongs_to_the_rep_who_sold_most_in_24_months(
    owners_con: duckdb.DuckDBPyConnection,
) -> None:
    rows = owners_con.execute(
        "SELECT customer_id, owner_rep_id, owner_source FROM account_owners ORDER BY customer_id"
    ).fetchall()
    assert rows == [
        ("B1", "R2", "declared"),
        ("B2", "R1", "revenue"),
        ("B3", "R1", "revenue"),
        ("B4", "R2", "revenue"),
        ("B5", None, None),
        ("B6", "R2", "revenue"),
    ]


def test_a_reps_lists_hold_the_accounts_they_own_in_effect(
    owners_con: duckdb.DuckDBPyConnection,
) -> None:
    ann = accounts.analyse_from(owners_con, ["R1"], WINDOWS)
    assert sorted(ann.accounts["customer_id"]) == ["B2", "B3"]
    bob = accounts.analyse_from(owners_con, ["R2"], WINDOWS)
    assert sorted(bob.accounts["customer_id"]) == ["B1", "B4", "B6"]
    # B4 lapsed in 2023; no risk or white space: by 12 months' revenue, B1 1,000, B6 250
    assert bob.active_accounts["customer_id"].tolist() == ["B1", "B6"]
    assert bob.lapsed["customer_id"].tolist() == ["B4"]
    names = dict(zip(bob.accounts["customer_id"], bob.accounts["customer_name"], strict=True))
    assert names["B6"] == "B6"  # no customers row: the id stands in for the name
    brief = accounts.brief_from(owners_con, "B2", ["R1"], WINDOWS)
    assert (brief.owner_name, brief.header["owner_source"]) == ("Ann", "revenue")
    assert brief.monthly["revenue_amount"].tolist() == [100.0, 300.0]  # Feb, Mar 2026
    assert accounts.brief_from(owners_con, "B2", ["R2"], WINDOWS).header == {}


def test_the_command_line_finds_a_reps_accounts_without_declared_owners(
    owners_con: duckdb.DuckDBPyConnection,
) -> None:
    from salescockpit import cli_accounts

    text = cli_accounts.report(owners_con, "R1", "accounts", "csv")
    assert [line.split(",")[0] for line in text.splitlines()[1:]] == ["B2", "B3"]


def test_white_space_is_a_category_most_same_size_peers_buy_and_the_account_does_not(
    peers_con: duckdb.DuckDBPyConnection,
) -> None:
    analysis = accounts.analyse_from(peers_con, ["R1", "R2"], WINDOWS)
    space = analysis.white_space
    assert list(zip(space["customer_id"], space["category"], strict=True)) == [
        ("K19", "Valves"),
        ("K24", "Valves"),
    ]
    assert space["peer_median_spend_amount"].tolist() == [350.0, 350.0]
    assert space["buying_peer_count"].tolist() == [4, 4]
    assert space["peer_count"].tolist() == [5, 5]
    assert space["reason"][0] == (
        "4 of 5 similar customers (Mining, size band 4 of 4) buy Valves; this one does not"
    )


def test_white_space_follows_the_viewer_scope(peers_con: duckdb.DuckDBPyConnection) -> None:
    only_bob = accounts.analyse_from(peers_con, ["R2"], WINDOWS)
    assert only_bob.white_space["customer_id"].tolist() == ["K24"]
    assert accounts.analyse_from(peers_con, [], WINDOWS).white_space.empty


def test_a_peer_group_smaller_than_the_minimum_gives_no_white_space() -> None:
    rows = pd.DataFrame(
        {
            "customer_id": ["K1", "K2"],
            "customer_name": ["a", "b"],
            "owner_rep_id": ["R1", "R1"],
            "peer_group": ["Food", "Food"],
            "size_band": [1, 1],
            "peer_count": [accounts.MIN_PEERS - 1, accounts.MIN_PEERS],
            "category": ["Valves", "Valves"],
            "own_spend_amount": [0.0, 0.0],
            "buying_peer_count": [accounts.MIN_PEERS - 1, 3],
            "peer_median_spend_amount": [900.0, 100.0],
        }
    )
    # K1: all 4 peers buy, but 4 peers are too few. K2: 3 of 5 = 60% >= 50%.
    assert accounts.white_space(rows)["customer_id"].tolist() == ["K2"]


def test_at_risk_names_each_rule_in_words(risks_con: duckdb.DuckDBPyConnection) -> None:
    risk = accounts.analyse_from(risks_con, ["R1", "R2"], WINDOWS).at_risk
    assert risk["customer_id"].tolist() == ["A1", "A2", "A3"]
    assert risk["reasons"].tolist() == [
        "last 3 months EUR 600, 40% below the same months last year (EUR 1.0k)",
        "no order for 93 days; usually orders every 30 days",
        "2 deals lost in the last 90 days (EUR 800, to Apex, Bor; 1600% of the last 12 months' "
        "revenue)",
    ]


def test_a_drop_of_exactly_the_threshold_is_not_at_risk(
    risks_con: duckdb.DuckDBPyConnection,
) -> None:
    signals = run_query(
        risks_con,
        "accounts/risk_signals",
        {"rep_ids": ["R2"], "as_of_date": AS_OF, "lost_since": WINDOWS.lost_since},
    ).set_index("customer_id")
    assert signals.loc["A5", "last_3_months_amount"] == 700
    assert signals.loc["A5", "same_months_last_year_amount"] == 1000
    assert accounts.at_risk(signals.reset_index()).empty


def test_lost_deals_count_from_a_quarter_of_the_accounts_yearly_revenue(
    risks_con: duckdb.DuckDBPyConnection,
) -> None:
    risk = accounts.analyse_from(risks_con, ["R3"], WINDOWS).at_risk
    # A6 lost 2,400 of 10,000 (24%), A8 lost 500 but never bought: neither is at risk
    assert risk["customer_id"].tolist() == ["A7", "A10"]
    assert risk["reasons"][0] == (
        "1 deal lost in the last 90 days (EUR 2.5k, to Apex; 25% of the last 12 months' revenue)"
    )


def test_an_account_without_an_order_for_more_than_a_year_is_lapsed_not_at_risk(
    risks_con: duckdb.DuckDBPyConnection,
) -> None:
    analysis = accounts.analyse_from(risks_con, ["R3"], WINDOWS)
    # A10: 365 days, not more -> still at risk, for its revenue drop
    assert analysis.at_risk["reasons"][1] == (
        "last 3 months EUR 0, 100% below the same months last year (EUR 400)"
    )
    gone = analysis.lapsed
    assert gone["customer_id"].tolist() == ["A9"]
    assert gone["days_since_last_order"].tolist() == [366]
    assert gone["final_year_amount"].tolist() == [3000.0]
    assert gone["reason"][0] == (
        "no order since 30 Oct 2025 (366 days); EUR 3.0k in its last 12 months of ordering"
    )
    assert "A9" in analysis.accounts["customer_id"].tolist()
    assert "A9" not in analysis.active_accounts["customer_id"].tolist()


def test_the_command_line_lists_lapsed_accounts_apart(
    risks_con: duckdb.DuckDBPyConnection,
) -> None:
    from salescockpit import cli_accounts

    table = cli_accounts.report(risks_con, "R3", "accounts", "table")
    assert "A9" not in table
    assert table.splitlines()[-1] == (
        "(1 lapsed accounts, no order for more than 365 days, are left out: --list lapsed)"
    )
    lapsed = cli_accounts.report(risks_con, "R3", "lapsed", "csv")
    assert lapsed.splitlines()[1].startswith("A9,Iota,2025-10-30,3000.0,")


def test_the_usual_interval_is_the_median_gap_between_order_days(
    risks_con: duckdb.DuckDBPyConnection,
) -> None:
    signals = accounts.analyse_from(risks_con, ["R1"], WINDOWS).signals.set_index("customer_id")
    assert signals.loc["A2", "usual_interval_days"] == 30
    assert signals.loc["A2", "interval_count"] == 3
    assert signals.loc["A2", "days_since_last_order"] == 93
    assert signals.loc["A1", "last_12_months_amount"] == 600


def test_the_analysis_is_measured_from_the_last_order_date(
    risks_con: duckdb.DuckDBPyConnection,
) -> None:
    assert accounts.as_of_date(risks_con) == AS_OF


def test_a_reps_list_puts_risk_and_opportunity_first(
    risks_con: duckdb.DuckDBPyConnection, peers_con: duckdb.DuckDBPyConnection
) -> None:
    risky = accounts.analyse_from(risks_con, ["R1"], WINDOWS).accounts
    # at stake = the last 12 months' revenue of each account at risk: 600, 400, 50
    assert risky["customer_id"].tolist() == ["A1", "A2", "A3"]
    assert risky["priority_amount"].tolist() == [600.0, 400.0, 50.0]
    spacey = accounts.analyse_from(peers_con, ["R2"], WINDOWS).accounts
    assert spacey.iloc[0]["customer_id"] == "K24"
    assert spacey.iloc[0]["opportunity_amount"] == 350.0
    assert spacey.iloc[0]["white_space"] == "Valves"


def test_the_brief_reads_one_account_in_scope_only(
    risks_con: duckdb.DuckDBPyConnection,
) -> None:
    brief = accounts.brief_from(risks_con, "A3", ["R1"], WINDOWS)
    assert brief.deals["opportunity_id"].tolist() == ["O4", "O2", "O1"]
    assert brief.activities["activity_type"].tolist() == ["visit", "call"]
    assert brief.orders["order_amount"].tolist() == [50.0]
    assert brief.owner_name == "Ann"
    outside = accounts.brief_from(risks_con, "A3", ["R2"], WINDOWS)
    assert outside.header == {}
    assert outside.monthly.empty
    assert outside.deals.empty
    assert outside.orders.empty


def test_the_brief_prints_as_a_pdf_with_names_as_text(
    risks_con: duckdb.DuckDBPyConnection,
) -> None:
    import io

    from pypdf import PdfReader

    analysis = accounts.analyse_from(risks_con, ["R1"], WINDOWS)
    brief = accounts.brief_from(risks_con, "A3", ["R1"], WINDOWS)
    text = "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(accounts.brief_pdf(brief, analysis))).pages
    )
    assert "Account brief: Gamma" in text
    assert "2 deals lost in the last 90 days" in text
    assert "O4" in text


def test_the_command_line_lists_a_reps_accounts_at_risk_as_csv(
    risks_con: duckdb.DuckDBPyConnection,
) -> None:
    from salescockpit import cli_accounts

    text = cli_accounts.report(risks_con, "R1", "at-risk", "csv")
    assert text.splitlines()[0] == "customer_id,name,revenue_12m,reasons"
    assert text.splitlines()[1].startswith("A1,Alfa,600.0,")
    table = cli_accounts.report(risks_con, "R2", "white-space", "table")
    assert table.splitlines()[-1] == "(none)"
    with pytest.raises(LookupError):
        cli_accounts.report(risks_con, "R9", "at-risk", "table")


def test_python_m_salescockpit_accounts_prints_the_reps_list(
    tiny_app: object, capsys: pytest.CaptureFixture[str]
) -> None:
    from salescockpit.__main__ import main

    assert main(["accounts", "--rep", "R2", "--list", "at-risk"]) == 0
    out = capsys.readouterr().out
    # fill_tiny: Brix (R2) lost O2, 500 to Bor, on 4 Oct 2026; as of 30 Oct 2026
    assert out.splitlines()[0] == "At risk of R2, as of 2026-10-30"
    assert "1 deal lost in the last 90 days (EUR 500, to Bor; 250% of the last 12 months' " in out
    assert main(["accounts", "--rep", "nobody"]) == 2


def test_the_command_line_shows_plain_amounts_for_a_warehouse_without_a_currency(
    risks_con: duckdb.DuckDBPyConnection, monkeypatch: pytest.MonkeyPatch
) -> None:
    from salescockpit import cli_accounts

    monkeypatch.delenv("SALESCOCKPIT_CURRENCY")  # the test warehouse records none either
    text = cli_accounts.report(risks_con, "R1", "at-risk", "csv")
    assert "last 3 months 600, 40% below the same months last year (1.0k)" in text


def test_a_colleagues_order_on_an_account_names_them_only_to_a_viewer_who_sees_them(
    owners_con: duckdb.DuckDBPyConnection,
) -> None:
    # B2 is Ann's (R1: 300 in Mar 2026); Bob (R2) sold 100 there in Feb 2026 and 500 in 2023.
    def names(rep_ids: Sequence[str]) -> list[tuple[float, str]]:
        orders = accounts.brief_from(owners_con, "B2", rep_ids, WINDOWS).orders
        return list(zip(orders["order_amount"], orders["rep_name"], strict=True))

    outside = "someone outside your scope"
    assert names(["R1"]) == [(300.0, "Ann"), (100.0, outside), (500.0, outside)]
    assert names(["R1", "R2"]) == [(300.0, "Ann"), (100.0, "Bob"), (500.0, "Bob")]
    everyone = RepIds(["R1"], everyone=True)  # an everyone scope: every name
    assert [n for _, n in names(everyone)] == ["Ann", "Bob", "Bob"]
