"""STATE is passed on only after every record received before it is committed."""

from __future__ import annotations

import contextlib
import io
import json
import os
import queue
import subprocess
import sys
import threading
import time

import psycopg2

from target_warehouse.target import TargetWarehouse

SCHEMA = ('{"type": "SCHEMA", "stream": "%s", "key_properties": ["id"], "schema": '
          '{"properties": {"id": {"type": "integer"}}}}\n')


def record(stream: str, i: int) -> str:
    return f'{{"type": "RECORD", "stream": "{stream}", "record": {{"id": {i}}}}}\n'


def state(n: int) -> str:
    return f'{{"type": "STATE", "value": {{"n": {n}}}}}\n'


class _Probe(io.StringIO):
    """stdout that notes, for every STATE written, what was committed at that moment."""

    def __init__(self, dsn: str):
        super().__init__()
        self.dsn = dsn
        self.seen: list[tuple[dict, dict]] = []

    def write(self, text: str) -> int:
        for line in text.splitlines():
            if line.strip():
                with contextlib.closing(psycopg2.connect(self.dsn)) as conn, conn.cursor() as cur:
                    cur.execute("SELECT (SELECT count(*) FROM raw.a), (SELECT count(*) FROM raw.b)")
                    a, b = cur.fetchone()
                self.seen.append((json.loads(line), {"a": a, "b": b}))
        return len(text)


def test_each_state_follows_the_commit_of_everything_before_it(config, warehouse_dsn):
    lines, expected = [SCHEMA % "a", SCHEMA % "b"], {}
    counts = {"a": 0, "b": 0}
    for n in range(1, 40):
        stream = "a" if n % 3 else "b"
        lines.append(record(stream, n))
        counts[stream] += 1
        if n % 4 == 0:
            lines.append(state(n))
            expected[n] = dict(counts)
    probe = _Probe(warehouse_dsn)
    target = TargetWarehouse(config={**config, "batch_size_rows": 5}, parse_env_config=False)
    with contextlib.redirect_stdout(probe):
        target.process_lines(io.StringIO("".join(lines)))
        target.process_endofpipe()
    emitted = [s["n"] for s, _ in probe.seen]
    assert emitted == sorted(emitted) and emitted[-1] == 36  # in order, the last one last
    assert len(emitted) >= 5  # passed on along the way, not only at the end
    for value, committed in probe.seen:
        assert committed["a"] >= expected[value["n"]]["a"]
        assert committed["b"] >= expected[value["n"]]["b"]


def test_state_waits_for_a_blocked_commit(config, warehouse, warehouse_dsn, tmp_path):
    """A lock makes the merge wait: its STATE must not appear until the lock is gone."""
    config_path = tmp_path / "config.json"
    config_path.write_text(json.dumps({**config, "batch_size_rows": 2}))
    proc = subprocess.Popen(
        [sys.executable, "-m", "target_warehouse.target", "--config", str(config_path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    out: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [out.put(line.decode()) for line in proc.stdout],
                     daemon=True).start()

    def send(text: str) -> None:
        proc.stdin.write(text.encode())
        proc.stdin.flush()

    try:
        send(SCHEMA % "locked")
        deadline = time.time() + 60
        while "locked" not in warehouse.tables("raw"):
            assert time.time() < deadline, "table was never created"
            time.sleep(0.1)
        blocker = psycopg2.connect(warehouse_dsn)
        blocker.cursor().execute("LOCK TABLE raw.locked IN SHARE ROW EXCLUSIVE MODE")
        send(record("locked", 1) + record("locked", 2) + state(2) + record("locked", 3))
        time.sleep(2)
        assert out.empty(), "STATE passed on before its rows were committed"
        assert warehouse.query("SELECT count(*) FROM raw.locked") == [(0,)]
        blocker.commit()  # release the lock: the merge commits
        blocker.close()
        time.sleep(1)
        send(state(3))  # any message lets the target pass on what became safe
        first = json.loads(out.get(timeout=30))
        assert first == {"n": 2}
        assert warehouse.query("SELECT id FROM raw.locked ORDER BY id") == [(1,), (2,)]
        proc.stdin.close()
        assert proc.wait(timeout=60) == 0
        assert json.loads(out.get(timeout=10)) == {"n": 3}
    finally:
        if proc.poll() is None:
            proc.kill()


def test_identical_states_are_passed_on_once(load):
    text = SCHEMA % "a" + record("a", 1) + state(1) + state(1) + record("a", 2) + state(1)
    assert [s["n"] for s in load(text).states] == [1]


def test_state_without_pending_records_is_passed_on_at_once(load):
    assert load(state(7)).states == [{"n": 7}]


def test_sigterm_rolls_back_the_open_batch(config, warehouse, tmp_path):
    """Stopped mid-stream (e.g. a cancelled job): committed batches and their STATE stay,
    the batch being staged is rolled back, the exit status says it was stopped."""
    import signal  # noqa: PLC0415

    config_path = tmp_path / "config.json"
    config_path.write_text(json.dumps({**config, "batch_size_rows": 2}))
    proc = subprocess.Popen(
        [sys.executable, "-m", "target_warehouse.target", "--config", str(config_path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    proc.stdin.write((SCHEMA % "stopped" + record("stopped", 1) + record("stopped", 2) + state(2)
                      + record("stopped", 3)).encode())
    proc.stdin.flush()
    deadline = time.time() + 60
    while True:  # wait until the first batch is committed
        if "stopped" in warehouse.tables("raw") and \
                warehouse.query("SELECT count(*) FROM raw.stopped") == [(2,)]:
            break
        assert time.time() < deadline
        time.sleep(0.1)
    time.sleep(0.5)
    proc.send_signal(signal.SIGTERM)
    out, _ = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signal.SIGTERM
    assert [json.loads(line) for line in out.decode().splitlines()] == [{"n": 2}]
    assert warehouse.query("SELECT id FROM raw.stopped ORDER BY id") == [(1,), (2,)]
