"""Real services for the tests: a PostgreSQL warehouse and a MySQL/MariaDB Genius source.

PostgreSQL comes from ``WAREHOUSE_TEST_DSN`` when set, otherwise from a throwaway cluster
built the same way as the project-local warehouse.  MySQL comes from
``GENIUS_TEST_MYSQL_URL`` (default: the machine's MariaDB as root).  Every test gets its
own uniquely named database, dropped afterwards.  A service that cannot be reached skips
the test with the reason locally, and fails it when ``CI=true``.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from contextlib import closing

import psycopg2
import pytest
import sqlalchemy as sa

from target_warehouse.local import LocalCluster, LocalWarehouseError

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
DEFAULT_MYSQL_URL = "mysql+pymysql://root@127.0.0.1:3306/"


def unavailable(reason: str):
    """Skip locally, fail in CI: a green CI run must mean every test really ran."""
    if IN_CI:
        pytest.fail(f"required service unavailable under CI=true: {reason}", pytrace=False)
    pytest.skip(reason)


def _with_database(dsn: str, dbname: str) -> str:
    base, _, _ = dsn.rpartition("/")
    query = dsn.split("?", 1)[1] if "?" in dsn.rsplit("/", 1)[1] else ""
    return f"{base}/{dbname}" + (f"?{query}" if query else "")


@pytest.fixture(scope="session")
def pg_server_dsn():
    """DSN of a PostgreSQL server (its maintenance database) for the whole test session."""
    if dsn := os.environ.get("WAREHOUSE_TEST_DSN"):
        try:
            psycopg2.connect(dsn, connect_timeout=5).close()
        except psycopg2.OperationalError as exc:
            unavailable(f"WAREHOUSE_TEST_DSN={dsn!r} unreachable: {exc}")
        yield dsn
        return
    cluster = LocalCluster(tempfile.mkdtemp(prefix="warehouse-test-"))
    try:
        yield cluster.start()
    except LocalWarehouseError as exc:
        unavailable(f"cannot start a throwaway PostgreSQL cluster: {exc}")
    finally:
        cluster.destroy()


@pytest.fixture
def warehouse_dsn(pg_server_dsn):
    """A fresh, uniquely named PostgreSQL database (libpq URI), dropped after the test."""
    name = f"test_{uuid.uuid4().hex[:12]}"
    with closing(psycopg2.connect(pg_server_dsn)) as conn:
        conn.autocommit = True
        conn.cursor().execute(f'CREATE DATABASE "{name}"')
    yield _with_database(pg_server_dsn, name)
    with closing(psycopg2.connect(pg_server_dsn)) as conn:
        conn.autocommit = True
        conn.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def mysql_server_url():
    url = os.environ.get("GENIUS_TEST_MYSQL_URL", DEFAULT_MYSQL_URL)
    engine = sa.create_engine(url, connect_args={"connect_timeout": 5})
    try:
        with engine.connect():
            pass
    except sa.exc.OperationalError as exc:
        unavailable(f"MySQL/MariaDB at {url!r} unreachable: {exc.orig}")
    finally:
        engine.dispose()
    return url


@pytest.fixture
def genius_mysql_url(mysql_server_url):
    """A fresh, uniquely named MySQL/MariaDB database (SQLAlchemy URL), dropped after."""
    name = f"genius_test_{uuid.uuid4().hex[:12]}"
    engine = sa.create_engine(mysql_server_url)
    with engine.begin() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
    yield sa.engine.make_url(mysql_server_url).set(database=name).render_as_string(hide_password=False)
    with engine.begin() as conn:
        conn.exec_driver_sql(f"DROP DATABASE IF EXISTS `{name}`")
    engine.dispose()
