"""Planner statistics are fresh right after a load: a new table, or ~10 % of one changed."""

from __future__ import annotations

import json


def records(ids: range, version: int | None = None, stream: str = "s") -> str:
    schema = {"type": "SCHEMA", "stream": stream, "key_properties": ["id"],
              "schema": {"properties": {"id": {"type": "integer"}, "kind": {"type": "string"}}}}
    lines = [schema] + [{"type": "RECORD", "stream": stream, "record": {"id": i, "kind": f"k{i % 3}"},
                         **({"version": version} if version is not None else {})} for i in ids]
    return "".join(json.dumps(line) + "\n" for line in lines)


def estimate(warehouse, table: str = "s") -> float:
    return warehouse.query("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", (f"raw.{table}",))[0][0]


def analyzed(warehouse, column: str, table: str = "s") -> list[tuple]:
    """What ANALYZE wrote about ``column`` (nothing until the table is analyzed)."""
    return warehouse.query("SELECT null_frac, n_distinct FROM pg_stats WHERE schemaname = 'raw' "
                           "AND tablename = %s AND attname = %s", (table, column))


def test_a_new_table_is_analyzed_once_loaded(load, warehouse):
    run = load(records(range(1, 201)), batch_size_rows=50)
    assert run.error is None, run.log
    assert estimate(warehouse) == 200  # analyzed after the last batch
    assert analyzed(warehouse, "kind") == [(0.0, 3.0)]


def test_small_changes_leave_the_statistics_to_autovacuum(load, warehouse):
    assert load(records(range(1, 201))).error is None
    assert load(records(range(201, 211))).error is None  # 10 new rows: 5 % of the table
    assert estimate(warehouse) == 200  # not analyzed again
    assert load(records(range(190, 231))).error is None  # 21 updated + 20 new: 20 %
    assert estimate(warehouse) == 230


def test_activate_version_retiring_most_rows_refreshes_deleted_at(load, warehouse):
    assert load(records(range(1, 101), version=1)).error is None
    assert analyzed(warehouse, "_sdc_deleted_at") == [(1.0, 0.0)]  # nothing deleted yet
    retire = records(range(1, 11), version=2) + '{"type": "ACTIVATE_VERSION", "stream": "s", "version": 2}\n'
    run = load(retire)
    assert run.error is None, run.log
    assert analyzed(warehouse, "_sdc_deleted_at")[0][0] == 0.1  # 90 of 100 rows soft-deleted
