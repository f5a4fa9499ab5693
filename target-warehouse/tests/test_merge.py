"""Upserts: the last record per key wins, within a batch and across batches."""

from __future__ import annotations

from decimal import Decimal

import pytest

EXPECTED_PEOPLE = [(1, "Ada v3", 3), (2, None, 3), (3, "Cy", 1)]
EXPECTED_ORDERS = [("eu", 1, Decimal("11.5")), ("eu", 2, None), ("us", 1, Decimal("20"))]


@pytest.mark.parametrize("batch_size_rows", [2, 3, 100_000])
def test_last_record_per_key_wins(load, singer, warehouse, batch_size_rows):
    run = load(singer("upsert_last_wins.singer"), batch_size_rows=batch_size_rows)
    assert run.error is None
    assert warehouse.query("SELECT id, name, score FROM raw.people ORDER BY id") == EXPECTED_PEOPLE
    assert warehouse.query("SELECT region, number, total FROM raw.orders ORDER BY 1, 2") \
        == EXPECTED_ORDERS
    assert warehouse.primary_key("raw", "orders") == ["region", "number"]
    assert run.states[-1] == {"bookmarks": {"people": 2, "orders": 2}}


def test_reloading_updates_in_place(load, singer, warehouse):
    text = singer("upsert_last_wins.singer")
    assert load(text).error is None
    first = dict(warehouse.query("SELECT id, _sdc_batched_at FROM raw.people"))
    assert load(text).error is None
    assert warehouse.query("SELECT id, name, score FROM raw.people ORDER BY id") == EXPECTED_PEOPLE
    second = dict(warehouse.query("SELECT id, _sdc_batched_at FROM raw.people"))
    assert all(second[k] > first[k] for k in first)  # rows were rewritten, not duplicated


def test_duplicate_keys_in_one_batch_with_a_prefilled_table(load, warehouse):
    schema = ('{"type": "SCHEMA", "stream": "kv", "key_properties": ["k"], "schema": '
              '{"properties": {"k": {"type": "string"}, "v": {"type": "integer"}}}}\n')
    assert load(schema + '{"type": "RECORD", "stream": "kv", "record": {"k": "a", "v": 0}}\n'
                ).error is None
    records = "".join(f'{{"type": "RECORD", "stream": "kv", "record": {{"k": "{k}", "v": {v}}}}}\n'
                      for v, k in enumerate(["a", "b", "a", "c", "b", "a"], 1))
    assert load(schema + records).error is None
    assert warehouse.query("SELECT k, v FROM raw.kv ORDER BY k") == [("a", 6), ("b", 5), ("c", 4)]


def test_two_loaders_at_once_into_the_same_tables(config, singer, warehouse, tmp_path):
    """Two runs of the same job started together: both finish, nothing lost or doubled."""
    import json  # noqa: PLC0415
    import subprocess  # noqa: PLC0415
    import sys  # noqa: PLC0415

    path = tmp_path / "config.json"
    path.write_text(json.dumps({**config, "batch_size_rows": 2}))
    data = singer("upsert_last_wins.singer").encode()
    procs = [subprocess.Popen([sys.executable, "-m", "target_warehouse.target", "--config",
                               str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE) for _ in range(2)]
    results = [p.communicate(data, timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [err.decode()[-800:] for _, err in results]
    assert warehouse.query("SELECT id, name, score FROM raw.people ORDER BY id") == EXPECTED_PEOPLE
    assert warehouse.query("SELECT region, number, total FROM raw.orders ORDER BY 1, 2") \
        == EXPECTED_ORDERS
