"""Integers declared beyond bigint (unsigned BIGINT up to 2**64 - 1) load into numeric."""

from __future__ import annotations

from decimal import Decimal

import pytest

U64_MAX = 2**64 - 1


def test_bounds_past_bigint_make_numeric_and_widen_bigint_in_place(load, singer, warehouse):
    run = load(singer("wide_integers.singer"))
    assert run.error is None, run.log
    columns = warehouse.columns("raw", "counters")
    # id declared unsigned 64-bit from the start; hits widened bigint -> numeric by the second
    # SCHEMA; signed declares exactly bigint's bounds and stays bigint.
    assert (columns["id"], columns["hits"], columns["signed"]) == ("numeric", "numeric", "bigint")
    assert warehouse.primary_key("raw", "counters") == ["id"]
    assert warehouse.query("SELECT id, hits, signed FROM raw.counters ORDER BY id") == [
        (Decimal(1), Decimal(5), None),
        (Decimal(2**63), Decimal(U64_MAX), None),  # repeated key: one row
        (Decimal(U64_MAX), Decimal(U64_MAX - 1), 7),  # upserted on a numeric key
    ]
    assert [s["step"] for s in run.states] == [1, 2]


@pytest.mark.parametrize(("value", "message"), [
    ("1.5", "field 'n': expected integer, got Decimal"),
    ('"7"', "field 'n': expected integer, got str"),
    ("true", "field 'n': expected integer, got bool"),
])
def test_numeric_integer_columns_still_take_only_integers(load, warehouse, value, message):
    text = ('{"type": "SCHEMA", "stream": "w", "key_properties": [], "schema": {"properties": '
            '{"n": {"type": "integer", "minimum": 0, "maximum": 18446744073709551615}}}}\n'
            f'{{"type": "RECORD", "stream": "w", "record": {{"n": {value}}}}}\n')
    run = load(text)
    assert run.error is not None and message in str(run.error)
    assert warehouse.query("SELECT count(*) FROM raw.w") == [(0,)]
