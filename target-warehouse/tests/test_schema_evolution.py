"""New properties add columns, widened types alter in place, nothing is lost."""

from __future__ import annotations

from decimal import Decimal

import pytest


def test_widening_keeps_every_value(load, singer, warehouse):
    run = load(singer("schema_evolution.singer"))
    assert run.error is None
    assert warehouse.columns("raw", "evolving") == {
        "id": "bigint",
        "amount": "text",  # integer -> number -> string
        "seen_at": "text",  # date-time -> string
        "code": "jsonb",  # integer -> object|integer
        "flag": "text",  # boolean -> string|boolean
        "dropped": "text",  # property gone from the schema: column kept
        "_sdc_extracted_at": "timestamp with time zone",
        "_sdc_received_at": "timestamp with time zone",
        "_sdc_batched_at": "timestamp with time zone",
        "_sdc_deleted_at": "timestamp with time zone",
        "_sdc_sequence": "bigint",
        "_sdc_table_version": "bigint",
        "added": "text",
    }
    rows = warehouse.query(
        "SELECT id, amount, seen_at, code, flag, dropped, added FROM raw.evolving ORDER BY id")
    assert rows == [
        (1, "5", "2024-01-01 11:00:00+00", 7, "true", "bye", None),
        (2, "5.25 again", None, 9, "true", None, "updated"),  # dropped: NULL from then on
        (3, "lots", "sometime last week", {"a": [1]}, "maybe", None, "x"),
    ]
    assert [s["step"] for s in run.states] == [1, 2, 3]


def test_integer_to_number_step(load, singer, warehouse):
    first_two_schemas = "".join(singer("schema_evolution.singer").splitlines(keepends=True)[:6])
    assert load(first_two_schemas).error is None
    assert warehouse.columns("raw", "evolving")["amount"] == "numeric"
    assert warehouse.query("SELECT id, amount FROM raw.evolving ORDER BY id") == [
        (1, Decimal("5")), (2, Decimal("5.25"))]


def test_narrower_schema_keeps_wider_column(load, warehouse):
    wide = ('{"type": "SCHEMA", "stream": "s", "key_properties": [], "schema": {"properties": '
            '{"v": {"type": ["string", "null"]}}}}\n'
            '{"type": "RECORD", "stream": "s", "record": {"v": "text"}}\n')
    narrow = ('{"type": "SCHEMA", "stream": "s", "key_properties": [], "schema": {"properties": '
              '{"v": {"type": ["integer", "null"]}}}}\n'
              '{"type": "RECORD", "stream": "s", "record": {"v": 12}}\n')
    assert load(wide).error is None
    assert load(narrow).error is None
    assert warehouse.columns("raw", "s")["v"] == "text"
    assert sorted(warehouse.query("SELECT v FROM raw.s")) == [("12",), ("text",)]


@pytest.mark.parametrize(("old", "new", "value", "expected"), [
    ('{"type": "boolean"}', '{"type": "object"}', "true", True),
    ('{"type": "string", "format": "date"}', '{"type": "array"}', '"2024-02-29"', "2024-02-29"),
    ('{"type": "number"}', '{}', "1.5", 1.5),
])
def test_scalar_to_jsonb(load, warehouse, old, new, value, expected):
    def schema(prop: str) -> str:
        return ('{"type": "SCHEMA", "stream": "s", "key_properties": [], "schema": '
                f'{{"properties": {{"v": {prop}}}}}}}\n')

    assert load(schema(old) + f'{{"type": "RECORD", "stream": "s", "record": {{"v": {value}}}}}\n'
                ).error is None
    assert load(schema(new)).error is None
    assert warehouse.columns("raw", "s")["v"] == "jsonb"
    assert warehouse.query("SELECT v FROM raw.s") == [(expected,)]


def test_changed_key_properties_move_the_primary_key(load, warehouse):
    def schema(keys: str) -> str:
        return ('{"type": "SCHEMA", "stream": "k", "key_properties": ' + keys + ', "schema": '
                '{"properties": {"a": {"type": "integer"}, "b": {"type": "integer"}}}}\n')

    assert load(schema('["a"]') + '{"type": "RECORD", "stream": "k", "record": {"a": 1, "b": 1}}\n'
                ).error is None
    assert load(schema('["a", "b"]') + '{"type": "RECORD", "stream": "k", "record": {"a": 1, "b": 2}}\n'
                ).error is None
    assert warehouse.primary_key("raw", "k") == ["a", "b"]
    assert warehouse.query("SELECT a, b FROM raw.k ORDER BY b") == [(1, 1), (1, 2)]
