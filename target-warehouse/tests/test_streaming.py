"""The streamed-COPY path: tiny chunks force every batch through the background COPY.

Other tests mostly load batches small enough to be sent in one piece at drain time; here
``CHUNK_CHARS`` is shrunk so that COPY runs while records are still being read, and the
same guarantees must hold (last wins, nothing of a failing batch, STATE after commit).
"""

from __future__ import annotations

import pytest

from target_warehouse import messages, sinks

BAD_CASES = ["bad_integer", "bad_datetime", "bad_missing_key", "bad_numeric_overflow",
             "bad_record_before_schema", "bad_invalid_json"]


@pytest.fixture(autouse=True)
def tiny_chunks(monkeypatch):
    monkeypatch.setattr(sinks, "CHUNK_CHARS", 1)  # every record is its own COPY chunk


@pytest.mark.parametrize("batch_size_rows", [2, 100_000])
def test_upserts_through_streamed_copy(load, singer, warehouse, batch_size_rows):
    run = load(singer("upsert_last_wins.singer"), batch_size_rows=batch_size_rows)
    assert run.error is None
    assert warehouse.query("SELECT id, name, score FROM raw.people ORDER BY id") == [
        (1, "Ada v3", 3), (2, None, 3), (3, "Cy", 1)]
    assert run.states[-1] == {"bookmarks": {"people": 2, "orders": 2}}


@pytest.mark.parametrize("case", BAD_CASES)
def test_bad_input_while_copy_is_streaming(load, singer, warehouse, case):
    run = load(singer(f"{case}.singer"), batch_size_rows=2)
    assert run.error is not None
    assert "input line 6" in str(run.error)
    assert run.states == [{"bookmark": 2}]
    assert warehouse.query("SELECT id FROM raw.accounts ORDER BY id") == [(1,), (2,)]
    # nothing is left behind on the server: no connection idle in a transaction
    assert warehouse.query("SELECT count(*) FROM pg_stat_activity WHERE datname = "
                           "current_database() AND state LIKE 'idle in transaction%'") == [(0,)]


def test_too_many_open_copies_drain_everything(load, warehouse, monkeypatch):
    monkeypatch.setattr(messages, "MAX_OPEN_COPIES", 2)
    streams = ["s1", "s2", "s3", "s4"]
    text = "".join(
        f'{{"type": "SCHEMA", "stream": "{s}", "key_properties": ["id"], "schema": '
        f'{{"properties": {{"id": {{"type": "integer"}}}}}}}}\n' for s in streams)
    for i in range(30):
        text += "".join(f'{{"type": "RECORD", "stream": "{s}", "record": {{"id": {i}}}}}\n'
                        for s in streams)
        if i % 10 == 9:
            text += f'{{"type": "STATE", "value": {{"i": {i}}}}}\n'
    run = load(text)
    assert run.error is None
    for stream in streams:
        assert warehouse.query(f"SELECT count(*) FROM raw.{stream}") == [(30,)]
    assert [s["i"] for s in run.states] == [9, 19, 29]
