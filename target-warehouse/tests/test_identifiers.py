"""Stream and property names become safe, stable identifiers (identifiers.singer)."""

from __future__ import annotations

import hashlib

from hypothesis import given
from hypothesis import strategies as st

from target_warehouse.identifiers import conform_name, conform_names, quote_ident, table_name


def h(name: str) -> str:
    return hashlib.sha1(name.encode()).hexdigest()[:8]


WEIRD_TABLE = "weird_stream_name_drop_table_raw_canary"
LONG_STREAM = "Stream" + "VeryLong" * 24 + "Name"


def test_hostile_names_load_safely(load, singer, warehouse):
    warehouse.query("CREATE SCHEMA raw; CREATE TABLE raw.canary (x int); "
                    "INSERT INTO raw.canary VALUES (1)")
    run = load(singer("identifiers.singer"))
    assert run.error is None
    assert warehouse.query("SELECT x FROM raw.canary") == [(1,)]  # nothing injected
    long_table = "stream" + "_very_long" * 4 + "_very_lo_" + h(LONG_STREAM)
    assert warehouse.tables("raw") == sorted(
        ["canary", "select", WEIRD_TABLE, long_table, "customer_accounts"])

    assert list(warehouse.columns("raw", "select"))[:4] == ["from", "user", "order", "group"]
    assert warehouse.query('SELECT "from", "user", "order", "group" FROM raw.select') == [
        (1, "u", "o", "g")]

    columns = [c for c in warehouse.columns("raw", WEIRD_TABLE) if not c.startswith("_sdc")]
    assert columns == [
        "quote_d", "dot_ted", "semi_colon", "dash_dash", "column_with_spaces", "naïve_café",
        "名前",
        f"user_id_{h('userId')}",  # collides with user_id, which is spelled that way
        "user_id",
        "x" * 54 + "_" + h("x" * 200 + "a"),
        "x" * 54 + "_" + h("x" * 200 + "b"),
        "äöü" * 9 + "_" + h("ÄÖÜ" * 30),
        f"_{h('')}",
        f"id_{h('Id')}",
        "id",
    ]
    assert all(len(c.encode()) <= 63 for c in columns)
    row = warehouse.query(f'SELECT "quote_d", "名前", "user_id_{h("userId")}", "id" '
                          f'FROM raw."{WEIRD_TABLE}"')
    assert row == [('value of quote"d', "value of 名前", "value of userId", 1)]
    assert warehouse.primary_key("raw", WEIRD_TABLE) == ["id"]


def test_schema_prefix_of_stream_name_without_default_schema(load, singer, warehouse):
    assert load(singer("identifiers.singer"), default_target_schema=None).error is None
    assert warehouse.query("SELECT v FROM source_db.customer_accounts") == [(2,)]
    assert warehouse.query('SELECT count(*) FROM public."select"') == [(1,)]


def test_conform_name_examples():
    assert conform_name("CustomerID") == "customer_id"
    assert conform_name("HTTPServerError") == "http_server_error"
    assert conform_name("camelCase2Value") == "camel_case2_value"
    assert conform_name("_id") == "_id"
    assert conform_name("_sdc_deleted_at") == "_sdc_deleted_at"
    assert conform_name("agent:os:version") == "agent_os_version"
    assert conform_name("properties__hs_object_id") == "properties__hs_object_id"
    assert table_name("public-Users") == "users"
    assert table_name("a--b") == "a_b"


@given(st.lists(st.text(max_size=120), max_size=12, unique=True))
def test_conformed_names_are_distinct_short_and_clean(names):
    mapping = conform_names(names)
    columns = list(mapping.values())
    assert len(set(columns)) == len(columns)
    for column in columns:
        assert 0 < len(column.encode()) <= 63
        assert "\x00" not in column
        assert column == column.lower() or not column.isascii()
    assert conform_names(list(reversed(names))) == mapping  # order does not matter


@given(st.text(min_size=1).filter(lambda s: "\x00" not in s))
def test_quote_ident_round_trips(name):
    quoted = quote_ident(name)
    assert quoted.startswith('"') and quoted.endswith('"')
    assert quoted[1:-1].replace('""', '"') == name
