"""JSON Schema types land in the right PostgreSQL types, values exact (types.singer)."""

from __future__ import annotations

from datetime import date, datetime, time, timezone
from decimal import Decimal

UTC = timezone.utc


def test_column_types_and_primary_key(load, singer, warehouse):
    run = load(singer("types.singer"))
    assert run.error is None
    assert warehouse.columns("raw", "typed_things") == {
        "id": "bigint",
        "big": "bigint",
        "amount": "numeric",
        "label": "text",
        "happened_at": "timestamp with time zone",
        "day": "date",
        "clock": "time without time zone",
        "flag": "boolean",
        "attrs": "jsonb",
        "tags": "jsonb",
        "maybe_ts": "timestamp with time zone",
        "mixed": "text",
        "free": "jsonb",
        "_sdc_extracted_at": "timestamp with time zone",
        "_sdc_received_at": "timestamp with time zone",
        "_sdc_batched_at": "timestamp with time zone",
        "_sdc_deleted_at": "timestamp with time zone",
        "_sdc_sequence": "bigint",
        "_sdc_table_version": "bigint",
    }
    assert warehouse.primary_key("raw", "typed_things") == ["id"]
    (nullable,) = warehouse.query(
        "SELECT is_nullable FROM information_schema.columns "
        "WHERE table_schema = 'raw' AND table_name = 'typed_things' AND column_name = 'id'")
    assert nullable == ("NO",)
    assert run.states == [{"bookmarks": {"typed_things": {"replication_key_value": 4}}}]


def test_values_are_exact(load, singer, warehouse):
    assert load(singer("types.singer")).error is None
    rows = {r[0]: r for r in warehouse.query(
        "SELECT id, big, amount, label, happened_at, day, clock, flag, attrs, tags, maybe_ts, "
        "mixed, free, attrs->>'n' FROM raw.typed_things ORDER BY id")}
    one = rows[1]
    assert one[1] == 9223372036854775807
    assert one[2] == Decimal("12345678901234567890.123456789")  # no float rounding
    assert one[3] == "tab\there\nnewline \\ backslash \r\n ünïcødé 名前 🎉 \\N"
    # the offset is kept as the instant: 15:30 at +05:30 is 10:00 UTC
    assert one[4] == datetime(2024, 3, 10, 10, 0, 0, 123456, tzinfo=UTC)
    assert one[5] == date(2024, 2, 29)
    assert one[6] == time(23, 59, 58, 500000)
    assert one[7] is True
    assert one[8] == {"k": "v", "n": 1.5, "nested": {"deep": [1, "two", None]}}
    assert one[13] == "1.50"  # jsonb keeps the digits sent
    assert one[9] == ["a", "b\\c"]
    assert one[10] == datetime(2024, 1, 1, tzinfo=UTC)
    assert one[11] == "text"
    assert one[12] == {"x": [1, 2]}

    two = rows[2]
    assert two[1] == -9223372036854775808
    assert two[2] == Decimal("-0.000001")
    assert two[3] == ""  # empty string is not NULL
    assert two[4] == datetime(2024, 3, 10, 12, 0, tzinfo=UTC)
    assert two[5:7] == (None, None)
    assert two[7] is False
    assert two[8] is None
    assert two[9] == []
    assert two[11] == "42"
    assert two[12] == "just a string"

    assert rows[3][1:13] == (None,) * 12
    assert rows[4][2] == Decimal("1E-7")
    assert rows[4][4] == datetime(2024, 6, 30, 23, 59, 59, 999999, tzinfo=UTC)
    assert rows[4][12] == 3.25


def test_metadata_columns(load, singer, warehouse):
    assert load(singer("types.singer")).error is None
    rows = warehouse.query(
        "SELECT id, _sdc_extracted_at, _sdc_table_version, _sdc_received_at IS NOT NULL, "
        "_sdc_batched_at IS NOT NULL, _sdc_sequence > 0, _sdc_deleted_at "
        "FROM raw.typed_things ORDER BY id")
    assert rows[0] == (1, datetime(2024, 3, 10, 16, tzinfo=UTC), 7, True, True, True, None)
    assert rows[1] == (2, None, None, True, True, True, None)


def test_metadata_can_be_turned_off(load, singer, warehouse):
    assert load(singer("types.singer"), add_record_metadata=False).error is None
    assert not [c for c in warehouse.columns("raw", "typed_things") if c.startswith("_sdc")]
    assert warehouse.query("SELECT count(*) FROM raw.typed_things") == [(4,)]


def test_append_without_keys_keeps_every_record(load, singer, warehouse):
    text = singer("append_without_keys.singer")
    assert load(text).error is None
    assert load(text).error is None
    assert warehouse.primary_key("raw", "events") == []
    assert warehouse.query("SELECT id, kind, count(*) FROM raw.events GROUP BY 1, 2 ORDER BY 1") \
        == [(1, "click", 4), (2, "view", 2)]
