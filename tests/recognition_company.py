"""A tiny company for recognition: seven reps and a manager, June 2026 the month asked about.

Revenue (own sales) and revenue targets per month, by hand (target in brackets; none: no target):
- R_A: Jun 2025 50 (100); Jul-Dec 2025 80; Jan 2026 120 (100), Feb 90 (100), Mar 110 (100),
  Apr 100 (100), May 130 (100), Jun 105 (100): at target Mar-Jun, broken by Feb -> streak 4.
- R_B: Jun 2025 60 (100); Jul 2025-May 2026 90 (targets 100 from Jan); Jun 150 (100): first
  month at target, 6 earlier months with a target; best month yet (150 > 90, 12 months before).
- R_C: hired 2026: Jan-Jun 50, 60, 70, 80, 100, 110 (100 each): streak 2; only 5 earlier
  months, so Jun (its best) is no personal best; no last year, so not "most improved".
- R_D: Jun 2025 70 (100); Mar 2026 100 (100); Jun 100 (100): rise 30 points; no target in Apr
  and May, so no streak.
- R_E: Jun 2025 40 (50); Jan 2026 100 (100); Jun 110 (100): rise 30 points (tie with R_D).
- R_F: Jun 2025 100 (100); Jun 2026 80 (100): fell, not listed.
- R_G: Jun 2025 50 (100); Jun 2026 60 (100): rise 10 points, 5th place, not listed.
- M_1 (manager): Jun 2026 own sales 200 against an overlay target of 100.
Deals won in Jun 2026: R_A 500, R_D 500, R_B 300 (R_E lost 2,000; R_C won 900 in May).
Activity targets: R_A calls 10 and visits 5 Mar-Jun, Mar 4 visits (missed), Apr-Jun met ->
activity streak 3; R_B calls 10 in May (9 made) and Jun (12); R_C calls 5 in Mar, May, Jun (5
made each month, also 5 in Apr without a target) -> activity streak 2.
"""

from __future__ import annotations

import datetime as dt

import duckdb

MONTH = dt.date(2026, 6, 1)


def _m(text: str) -> dt.date:
    year, month = text.split("-")
    return dt.date(int(year), int(month), 1)


def _span(first: str, last: str) -> list[str]:
    out, day = [], _m(first)
    while day <= _m(last):
        out.append(f"{day:%Y-%m}")
        day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return out


REVENUE: dict[str, dict[str, float]] = {
    "R_A": {
        "2025-06": 50,
        **dict.fromkeys(_span("2025-07", "2025-12"), 80),
        "2026-01": 120,
        "2026-02": 90,
        "2026-03": 110,
        "2026-04": 100,
        "2026-05": 130,
        "2026-06": 105,
    },
    "R_B": {"2025-06": 60, **dict.fromkeys(_span("2025-07", "2026-05"), 90), "2026-06": 150},
    "R_C": dict(zip(_span("2026-01", "2026-06"), [50, 60, 70, 80, 100, 110], strict=True)),
    "R_D": {"2025-06": 70, "2026-03": 100, "2026-06": 100},
    "R_E": {"2025-06": 40, "2026-01": 100, "2026-06": 110},
    "R_F": {"2025-06": 100, "2026-06": 80},
    "R_G": {"2025-06": 50, "2026-06": 60},
    "M_1": {"2026-06": 200},
}
REVENUE_TARGETS: dict[str, dict[str, float]] = {
    "R_A": {"2025-06": 100, **dict.fromkeys(_span("2026-01", "2026-06"), 100)},
    "R_B": {"2025-06": 100, **dict.fromkeys(_span("2026-01", "2026-06"), 100)},
    "R_C": dict.fromkeys(_span("2026-01", "2026-06"), 100),
    "R_D": {"2025-06": 100, "2026-03": 100, "2026-06": 100},
    "R_E": {"2025-06": 50, "2026-01": 100, "2026-06": 100},
    "R_F": {"2025-06": 100, "2026-06": 100},
    "R_G": {"2025-06": 100, "2026-06": 100},
    "M_1": {"2026-06": 100},
}
# rep -> month -> activity type -> (made, target or None)
ACTIVITY: dict[str, dict[str, dict[str, tuple[int, int | None]]]] = {
    "R_A": {
        "2026-03": {"call": (10, 10), "visit": (4, 5)},
        "2026-04": {"call": (10, 10), "visit": (5, 5)},
        "2026-05": {"call": (11, 10), "visit": (5, 5)},
        "2026-06": {"call": (10, 10), "visit": (6, 5)},
    },
    "R_B": {"2026-05": {"call": (9, 10)}, "2026-06": {"call": (12, 10)}},
    "R_C": {
        "2026-03": {"call": (5, 5)},
        "2026-04": {"call": (5, None)},
        "2026-05": {"call": (5, 5)},
        "2026-06": {"call": (5, 5)},
    },
}
DEALS = [  # opportunity_id, rep_id, close_date, stage, amount
    ("O1", "R_A", "2026-06-10", "won", 500),
    ("O2", "R_D", "2026-06-20", "won", 500),
    ("O3", "R_B", "2026-06-05", "won", 300),
    ("O4", "R_E", "2026-06-12", "lost", 2000),
    ("O5", "R_C", "2026-05-30", "won", 900),
]
NAMES = {
    "R_A": "Ada",
    "R_B": "Ben",
    "R_C": "Cem",
    "R_D": "Dee",
    "R_E": "Eve",
    "R_F": "Fay",
    "R_G": "Gus",
    "M_1": "Mia Manager",
}


def fill_recognition_company(con: duckdb.DuckDBPyConnection) -> None:
    con.executemany(
        "INSERT INTO reps (rep_id, name, team, region, manager_id, role, hire_date, active) "
        "VALUES (?, ?, 'Team 1', 'North', ?, ?, '2020-01-01', TRUE)",
        [
            (rep, name, None if rep == "M_1" else "M_1", "manager" if rep == "M_1" else "rep")
            for rep, name in NAMES.items()
        ],
    )
    con.execute(
        "INSERT INTO customers VALUES ('C1', 'Acme', 'Enterprise', 'Mining', 'North', 'NO', NULL)"
    )
    con.execute("INSERT INTO products VALUES ('P1', 'Pump', 'Pumps', 'Pumps 1', 10, 5)")
    sales = [
        (f"S-{rep}-{month}", 1, f"{month}-10", rep, "C1", "P1", 1, amount, 0)
        for rep, months in REVENUE.items()
        for month, amount in months.items()
    ]
    con.executemany("INSERT INTO sales VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", sales)
    targets = [
        (rep, f"{month}-01", "revenue", value, "top_down")
        for rep, months in REVENUE_TARGETS.items()
        for month, value in months.items()
    ]
    activities = []
    for rep, months in ACTIVITY.items():
        for month, kinds in months.items():
            for kind, (made, target) in kinds.items():
                if target is not None:
                    targets.append((rep, f"{month}-01", f"{kind}s", target, "top_down"))
                activities += [
                    (f"A-{rep}-{month}-{kind}-{i}", rep, f"{month}-{i + 1:02d}", kind)
                    for i in range(made)
                ]
    con.executemany("INSERT INTO targets VALUES (?, ?, ?, ?, ?)", targets)
    con.executemany("INSERT INTO activities VALUES (?, ?, ?, ?, 'C1', NULL, NULL)", activities)
    con.executemany(
        "INSERT INTO opportunities VALUES (?, ?, 'C1', 'Pumps', '2026-01-01', ?, ?, ?, NULL, NULL)",
        DEALS,
    )
