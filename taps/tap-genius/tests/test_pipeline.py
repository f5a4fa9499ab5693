"""Full sync → mutations in Genius → delta sync: the warehouse equals the source, table by table.

Runs the real executables (``tap-genius | target-warehouse``) into a fresh PostgreSQL
database and compares every column of every row with MariaDB.  Rows deleted from
incremental tables stay in the warehouse (Genius has no deletion log, as the catalog says);
the lookup row deleted from a FULL_TABLE table is marked deleted through ACTIVATE_VERSION.
"""

from __future__ import annotations

import datetime as dt
import json
from contextlib import closing
from decimal import Decimal

import psycopg2
import pytest
import sqlalchemy as sa

from crm_sandbox.genius import schema as g
from crm_sandbox.genius.mutate import LOOKUP_DELETE, mutate
from crm_sandbox.genius.seed import seed
from tap_genius.streams import STREAMS
from tests.harness.pipeline import run_pipeline

from .conftest import SCALE, SEED

SCHEMA = "genius"


def _canon(value: object, column: sa.Column) -> object:
    """One comparable form for a MySQL value (pymysql) and a PostgreSQL value (psycopg2)."""
    if value is None or (isinstance(value, str) and value.startswith("0000-00-00")):
        return None
    if isinstance(column.type, sa.Boolean):
        return bool(value)
    if isinstance(column.type, sa.JSON):
        return json.loads(value) if isinstance(value, str) else value
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
    if isinstance(value, dt.timedelta):
        return (dt.datetime.min + value).time()
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, Decimal):
        return value.normalize()
    return value


def _source(url: str, table: sa.Table) -> dict[tuple, dict]:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(sa.select(table))]
    engine.dispose()
    keys = [c.name for c in table.primary_key.columns]
    return {tuple(r[k] for k in keys): {c.name: _canon(r[c.name], c) for c in table.columns} for r in rows}


def _warehouse(dsn: str, stream: str, table: sa.Table) -> tuple[dict[tuple, dict], set[tuple]]:
    keys = [c.name for c in table.primary_key.columns]
    with closing(psycopg2.connect(dsn)) as conn, conn.cursor() as cur:
        cur.execute(f'SELECT *, _sdc_deleted_at IS NOT NULL AS "__deleted" FROM "{SCHEMA}"."{stream}"')
        names = [d.name for d in cur.description]
        rows = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
    live = {tuple(r[k] for k in keys): {c.name: _canon(r[c.name], c) for c in table.columns}
            for r in rows if not r["__deleted"]}
    return live, {tuple(r[k] for k in keys) for r in rows if r["__deleted"]}


def _assert_equal(url: str, dsn: str, deleted: dict[str, set[tuple]]) -> None:
    for stream in STREAMS:
        table = g.metadata.tables[stream.table]
        source = _source(url, table)
        live, marked = _warehouse(dsn, stream.name, table)
        gone = deleted.get(stream.table, set())
        if stream.replication_column is None:  # FULL_TABLE: deletions arrive as soft deletes
            assert marked == gone, stream.name
        assert set(live) - set(source) == (gone if stream.replication_column else set()), stream.name
        assert set(source) <= set(live), stream.name
        for key, row in source.items():
            assert live[key] == row, (stream.name, key)


def _pipeline(config: dict, dsn: str, state: dict | None = None) -> dict | None:
    return run_pipeline(["tap-genius"], config, dsn, SCHEMA, state=state)


def _keys_of(url: str, table: sa.Table) -> set[tuple]:
    return set(_source(url, table))


@pytest.fixture(params=["mariadb", "sqlite"])
def source_url(request, tmp_path) -> str:
    if request.param == "sqlite":  # the dev environment's embedded demo source
        url = f"sqlite:///{tmp_path}/genius.sqlite"
        seed(url, scale=SCALE, seed=SEED)
        return url
    return request.getfixturevalue("seeded_mysql")


def test_full_then_delta_sync_leaves_the_warehouse_equal_to_the_source(source_url, warehouse_dsn):
    config = {"sqlalchemy_url": source_url, "page_size": 300}
    state = _pipeline(config, warehouse_dsn)
    _assert_equal(source_url, warehouse_dsn, {})

    before = {t.name: _keys_of(source_url, t) for t in g.TABLES}
    mutate(source_url, fraction=0.05, seed=11)
    deleted = {name: keys - _keys_of(source_url, g.metadata.tables[name]) for name, keys in before.items()}
    assert len(deleted[LOOKUP_DELETE.name]) == 1

    _pipeline(config, warehouse_dsn, state=state)
    _assert_equal(source_url, warehouse_dsn, deleted)
