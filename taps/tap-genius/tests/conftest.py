"""tap-genius tests run the real ``tap-genius`` executable against a seeded MariaDB (or SQLite).

``genius_mysql_url`` (a fresh, uniquely named MariaDB database per test) comes from the root
conftest (``tests.harness.services``).  ``seeded_mysql`` fills it with the demo generator at a
small scale; ``run_tap`` runs the executable and parses what it wrote.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import sqlalchemy as sa

from crm_sandbox.genius.seed import seed

TAP = str(Path(sys.executable).parent / "tap-genius")
SCALE = 0.1  # ~200 prospects, ~2,000 rows over 32 tables: every code path, seeded in < 1 s
SEED = 42


@dataclass
class TapRun:
    """What one tap run wrote to stdout, split by message type."""

    messages: list[dict]
    stderr: str
    records: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))
    schemas: dict[str, dict] = field(default_factory=dict)
    activations: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    state: dict | None = None

    def __post_init__(self) -> None:
        for message in self.messages:
            kind = message["type"]
            if kind == "RECORD":
                self.records[message["stream"]].append(message["record"])
            elif kind == "SCHEMA":
                self.schemas[message["stream"]] = message
            elif kind == "ACTIVATE_VERSION":
                self.activations[message["stream"]].append(message["version"])
            elif kind == "STATE":
                self.state = message["value"]

    def bookmark(self, stream: str) -> str | None:
        return (self.state or {}).get("bookmarks", {}).get(stream, {}).get("replication_key_value")


def _files(tmp: Path, **documents: dict | None) -> list[str]:
    args = []
    for flag, document in documents.items():
        if document is not None:
            path = tmp / f"{flag}.json"
            path.write_text(json.dumps(document))
            args += [f"--{flag}", str(path)]
    return args


def run_tap(config: dict, *, state: dict | None = None, catalog: dict | None = None) -> TapRun:
    with tempfile.TemporaryDirectory(prefix="tap-genius-") as tmp:
        args = [TAP, *_files(Path(tmp), config=config, state=state, catalog=catalog)]
        done = subprocess.run(args, capture_output=True, timeout=300, check=False)
    if done.returncode:
        raise AssertionError(f"tap-genius exited {done.returncode}:\n{done.stderr.decode()[-4000:]}")
    return TapRun([json.loads(line) for line in done.stdout.splitlines() if line.strip()], done.stderr.decode())


def discover(config: dict) -> dict:
    with tempfile.TemporaryDirectory(prefix="tap-genius-") as tmp:
        args = [TAP, *_files(Path(tmp), config=config), "--discover"]
        done = subprocess.run(args, capture_output=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr.decode()[-4000:]
    return json.loads(done.stdout)


def select(catalog: dict, *streams: str) -> dict:
    """The catalog with only ``streams`` selected (what `meltano select` writes)."""
    for entry in catalog["streams"]:
        for item in entry["metadata"]:
            if item["breadcrumb"] == []:
                item["metadata"]["selected"] = entry["tap_stream_id"] in streams
    return catalog


@pytest.fixture(scope="module")
def shared_mysql(mysql_server_url: str) -> Iterator[str]:
    """One seeded database for a whole module of read-only tests (seeding costs seconds)."""
    name = f"genius_test_{uuid.uuid4().hex[:12]}"
    engine = sa.create_engine(mysql_server_url)
    with engine.begin() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
    url = sa.make_url(mysql_server_url).set(database=name).render_as_string(hide_password=False)
    seed(url, scale=SCALE, seed=SEED)
    yield url
    with engine.begin() as conn:
        conn.exec_driver_sql(f"DROP DATABASE IF EXISTS `{name}`")
    engine.dispose()


@pytest.fixture
def seeded_mysql(genius_mysql_url: str) -> str:
    seed(genius_mysql_url, scale=SCALE, seed=SEED)
    return genius_mysql_url


@pytest.fixture
def mysql_config(seeded_mysql: str) -> dict:
    return {"sqlalchemy_url": seeded_mysql, "page_size": 500}


def source_rows(url: str, sql: str, **params: object) -> list[dict]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(sa.text(sql), params)]
    finally:
        engine.dispose()


def execute(url: str, sql: str, **params: object) -> None:
    engine = sa.create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(sa.text(sql), params)
    finally:
        engine.dispose()
