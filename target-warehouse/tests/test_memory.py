"""Memory is bounded by the batch, never by the stream: peak RSS of the target process."""

from __future__ import annotations

import json
import subprocess
import sys
import threading

from tests.harness import peak_rss

SCHEMA = json.dumps({"type": "SCHEMA", "stream": "big", "key_properties": ["id"], "schema": {
    "properties": {"id": {"type": "integer"}, "at": {"type": "string", "format": "date-time"},
                   "name": {"type": "string"}, "note": {"type": ["string", "null"]},
                   "amount": {"type": "number"}, "flag": {"type": "boolean"},
                   "attrs": {"type": "object"}}}})
RECORD = ('{"type": "RECORD", "stream": "big", "record": {"id": %d, "at": "2024-01-01T00:00:00Z", '
          '"name": "customer %d", "note": "%s", "amount": %d.25, "flag": true, '
          '"attrs": {"k": %d, "tags": ["a", "b"]}}, "time_extracted": "2024-01-02T00:00:00Z"}\n')
PADDING = "x" * 120


def _peak_rss_mb(config: dict, tmp_path, records: int) -> float:
    path = tmp_path / "config.json"
    path.write_text(json.dumps(config))
    peak = tmp_path / "peak_rss"
    proc = subprocess.Popen([sys.executable, peak_rss.LAUNCHER, str(peak),
                             sys.executable, "-m", "target_warehouse.target", "--config", str(path)],
                            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)

    def feed() -> None:
        proc.stdin.write((SCHEMA + "\n").encode())
        for start in range(0, records, 10_000):
            chunk = "".join(RECORD % (i, i, PADDING, i, i)
                            for i in range(start, min(start + 10_000, records)))
            proc.stdin.write(chunk.encode())
        proc.stdin.write(b'{"type": "STATE", "value": {"done": true}}\n')
        proc.stdin.close()

    writer = threading.Thread(target=feed)
    writer.start()
    proc.wait()
    writer.join()
    assert proc.returncode == 0
    return float(peak.read_text())


def test_peak_memory_does_not_grow_with_the_stream(config, warehouse, tmp_path):
    small = _peak_rss_mb(config, tmp_path, 20_000)
    large = _peak_rss_mb({**config, "default_target_schema": "raw2"}, tmp_path, 300_000)
    assert warehouse.query("SELECT count(*) FROM raw2.big") == [(300_000,)]
    print(f"peak RSS: {small:.0f} MB for 20k records, {large:.0f} MB for 300k")
    assert large < 150, f"peak RSS {large:.0f} MB"
    assert large - small < 25, f"peak RSS grew from {small:.0f} MB to {large:.0f} MB"


def test_small_batches_keep_memory_flat(config, warehouse, tmp_path):
    peak = _peak_rss_mb({**config, "batch_size_rows": 5_000}, tmp_path, 100_000)
    assert warehouse.query("SELECT count(*), count(DISTINCT _sdc_batched_at) FROM raw.big") == [
        (100_000, 20)]
    assert peak < 150, f"peak RSS {peak:.0f} MB"
