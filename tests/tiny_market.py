"""A tiny market on top of the tiny company: every competition figure in the tests is worked out
by hand from these rows.

Oct 2026, North x Pumps: us 12 units for 1200 (price 100), Apex 20 for 1600 (80),
  Bor 12 for 1440 (120): value 4240, units 44.
Oct 2026, South x Valves: us 100 units for 1000 (10), Apex 100 for 800 (8),
  Crest value 200 with no units and no price: value 2000, units 200.
Oct 2025, North x Pumps: us 10 for 1000 (100), Apex 10 for 1000 (100), Bor 20 for 2000 (100).
Deals closed Oct 2026 (with fill_tiny's O1-O4): Apex won 1 (O7, 700), lost 2 (O4 300,
  O8 200 product fit); Bor lost 1 (O2 500, price); no competitor named: won 2 (O1, O3).
"""

from __future__ import annotations

import duckdb

from tests.conftest import fill_tiny

OWN = "Meridian"


def fill_tiny_market(con: duckdb.DuckDBPyConnection) -> None:
    fill_tiny(con)
    con.execute(
        """
        INSERT INTO market VALUES
            ('2026-10-01', 'North', 'Pumps', 'Meridian', TRUE, 1200, 12, 100),
            ('2026-10-01', 'North', 'Pumps', 'Apex', FALSE, 1600, 20, 80),
            ('2026-10-01', 'North', 'Pumps', 'Bor', FALSE, 1440, 12, 120),
            ('2026-10-01', 'South', 'Valves', 'Meridian', TRUE, 1000, 100, 10),
            ('2026-10-01', 'South', 'Valves', 'Apex', FALSE, 800, 100, 8),
            ('2026-10-01', 'South', 'Valves', 'Crest', FALSE, 200, NULL, NULL),
            ('2025-10-01', 'North', 'Pumps', 'Meridian', TRUE, 1000, 10, 100),
            ('2025-10-01', 'North', 'Pumps', 'Apex', FALSE, 1000, 10, 100),
            ('2025-10-01', 'North', 'Pumps', 'Bor', FALSE, 2000, 20, 100);
        INSERT INTO opportunities VALUES
            ('O7', 'R1', 'C1', 'Pumps', '2026-08-01', '2026-10-10', 'won', 700, 'Apex', NULL),
            ('O8', 'R3', 'C3', 'Valves', '2026-08-01', '2026-10-12', 'lost', 200, 'Apex',
             'product fit');
        """
    )
