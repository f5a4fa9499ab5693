"""Helpers for target-warehouse tests: replay .singer files into a real PostgreSQL.

The ``warehouse_dsn`` fixture (a fresh database per test) comes from the repository's root
conftest (tests/harness/services.py).
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import psycopg2
import pytest

from target_warehouse.target import TargetWarehouse

DATA = Path(__file__).parent / "data"


@dataclass
class Run:
    states: list[dict] = field(default_factory=list)
    error: BaseException | None = None
    log: str = ""


def singer_text(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def run_target(config: dict, text: str) -> Run:
    """Run the target in-process on ``text`` (Singer lines); never raises."""
    out, log = io.StringIO(), io.StringIO()
    handler = logging.StreamHandler(log)
    logger = logging.getLogger("target-warehouse")
    logger.addHandler(handler)
    run = Run()
    try:
        target = TargetWarehouse(config=config, parse_env_config=False)
        with contextlib.redirect_stdout(out):
            try:
                target.process_lines(io.StringIO(text))
                target.process_endofpipe()
            except Exception as exc:  # noqa: BLE001 - the tests inspect it
                run.error = exc
    finally:
        logger.removeHandler(handler)
    run.states = [json.loads(line) for line in out.getvalue().splitlines() if line.strip()]
    run.log = log.getvalue()
    return run


def run_cli(config: dict, text: str | bytes, tmp_path: Path, *extra: str,
            timeout: float = 120) -> subprocess.CompletedProcess:
    """Run the ``target-warehouse`` command as Meltano would: config file, stdin, stdout."""
    config_path = tmp_path / "config.json"
    config_path.write_text(json.dumps(config))
    data = text.encode() if isinstance(text, str) else text
    return subprocess.run(
        [sys.executable, "-m", "target_warehouse.target", "--config", str(config_path), *extra],
        input=data, capture_output=True, timeout=timeout, check=False,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )


def states_of(stdout: bytes) -> list[dict]:
    return [json.loads(line) for line in stdout.decode().splitlines() if line.strip()]


class Warehouse:
    """Queries against the test database."""

    def __init__(self, dsn: str):
        self.dsn = dsn

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        with contextlib.closing(psycopg2.connect(self.dsn)) as conn, conn.cursor() as cur:
            cur.execute("SET TIME ZONE 'UTC'")
            cur.execute(sql, params or None)
            rows = cur.fetchall() if cur.description else []
            conn.commit()
            return rows

    def columns(self, schema: str, table: str) -> dict[str, str]:
        rows = self.query(
            "SELECT column_name, CASE WHEN data_type = 'USER-DEFINED' THEN udt_name "
            "ELSE data_type END FROM information_schema.columns "
            "WHERE table_schema = %s AND table_name = %s ORDER BY ordinal_position",
            (schema, table),
        )
        return dict(rows)

    def primary_key(self, schema: str, table: str) -> list[str]:
        rows = self.query(
            "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
            "AND a.attnum = ANY(i.indkey) WHERE i.indrelid = %s::regclass AND i.indisprimary "
            "ORDER BY array_position(i.indkey::int2[], a.attnum)",
            (f'"{schema}"."{table}"',),
        )
        return [r[0] for r in rows]

    def tables(self, schema: str) -> list[str]:
        rows = self.query("SELECT table_name FROM information_schema.tables "
                          "WHERE table_schema = %s ORDER BY 1", (schema,))
        return [r[0] for r in rows]


@pytest.fixture
def warehouse(warehouse_dsn) -> Warehouse:
    return Warehouse(warehouse_dsn)


@pytest.fixture
def config(warehouse_dsn) -> dict:
    return {"sqlalchemy_url": warehouse_dsn, "default_target_schema": "raw"}


@pytest.fixture
def singer():
    """``singer(name)``: the text of ``tests/data/<name>``."""
    return singer_text


@pytest.fixture
def load(config):
    """``load(text, **settings)``: run the target in-process, return a :class:`Run`."""
    return lambda text, **settings: run_target({**config, **settings}, text)


@pytest.fixture
def cli(config, tmp_path):
    """``cli(text, **settings)``: run the command in a subprocess."""
    return lambda text, **settings: run_cli({**config, **settings}, text, tmp_path)
