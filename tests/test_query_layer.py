"""The query layer: headers, bound parameters, loud failures."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from salescockpit.queries import QueryError, all_query_names, load_query, parse_query, run_query


@pytest.mark.parametrize("name", all_query_names())
def test_every_query_file_states_purpose_grain_and_parameters(name: str):
    query = load_query(name)  # raises when the header and the body disagree
    assert len(query.purpose) > 20


def test_header_that_omits_a_used_parameter_is_refused():
    sql = "-- Revenue.\n-- Grain: one row.\n-- Parameters: $month\nSELECT $month, $region"
    with pytest.raises(QueryError, match="region"):
        parse_query("bad", sql)


def test_dollar_signs_in_strings_and_comments_are_not_parameters():
    sql = "-- Prices.\n-- Grain: one row.\n-- Parameters: none.\nSELECT '$5' -- costs $5\n"
    assert parse_query("ok", sql).parameters == frozenset()


def test_missing_or_unexpected_parameters_fail_loudly(tiny: duckdb.DuckDBPyConnection):
    with pytest.raises(QueryError, match=r"missing parameters \['team'\], unexpected \['teams'\]"):
        run_query(
            tiny,
            "overview/rep_change_vs_last_year",
            {"month": None, "region": None, "teams": None, "rep_ids": []},
        )


@pytest.mark.parametrize("name", ["../secrets", "overview/../../x", "Overview/KPIs", "nope/none"])
def test_only_query_files_under_queries_can_be_named(name: str):
    with pytest.raises(QueryError):
        load_query(name)


def test_values_are_bound_not_pasted(tiny: duckdb.DuckDBPyConnection):
    hostile = "North' OR '1'='1"
    rows = run_query(
        tiny,
        "overview/by_region_team",
        {
            "month": dt.date(2026, 10, 1),
            "region": hostile,
            "team": None,
            "rep_ids": ["R1"],
            "overlay_roles": ["manager", "director"],
        },
    )
    assert rows.empty
