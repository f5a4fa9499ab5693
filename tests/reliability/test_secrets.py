"""Secrets: every tap and the target run with distinctive secret values, which must appear
nowhere — not in any process's stdout or stderr, not in Meltano's output (at debug level) or
the files it writes (system database, run directory), not in the warehouse.

The warehouse is the TLS-only cluster (``tls_cluster.py``) whose role really needs its
password; the Genius source is a MariaDB user with a password of its own; the REST taps use
the credentials the sandbox accepts.  Wrong secrets must not be echoed in the errors either.
"""

from __future__ import annotations

import json
import secrets
import subprocess

import pytest
import sqlalchemy as sa

from tests.harness.chaos import full_mode, run_chaos, tap_command
from tests.harness.pgcheck import query
from tests.reliability.genius_source import GeniusSource
from tests.reliability.meltano_project import (
    IsolatedMeltano,
    defined_plugins,
    ensure_installed,
)
from tests.reliability.rest_taps import (
    FAST_RETRIES,
    rest_taps,
    sandbox_config,
    secret_settings,
)

GENIUS_STREAMS = ("quotes", "job_statuses", "appointment_types")
TAPS = ["tap-genius", *rest_taps()]
MELTANO_TAPS = defined_plugins() if full_mode() else [p for p in defined_plugins() if p == "tap-genius"]


@pytest.fixture(scope="module")
def genius(genius_db, mysql_server_url, tmp_path_factory):
    """The shared Genius database, read by a user whose password is a distinctive secret."""
    url, raw_catalog = genius_db
    database = sa.make_url(url).database
    user, password = f"rel_{secrets.token_hex(4)}", "Genius-Pw-" + secrets.token_hex(10)
    admin = sa.create_engine(mysql_server_url)
    with admin.begin() as conn:
        conn.exec_driver_sql(f"CREATE USER '{user}'@'%%' IDENTIFIED BY '{password}'")
        conn.exec_driver_sql(f"GRANT SELECT ON `{database}`.* TO '{user}'@'%%'")
    source = GeniusSource(url, streams=GENIUS_STREAMS)
    source.discover(tmp_path_factory.mktemp("secrets"), raw_catalog)
    host = sa.make_url(mysql_server_url)
    source.secret_config = {"host": host.host or "127.0.0.1", "port": host.port or 3306, "user": user,
                            "password": password, "database": database}
    source.secret_url = f"mysql+pymysql://{user}:{password}@{host.host or '127.0.0.1'}:{host.port or 3306}/{database}"
    source.password = password
    yield source
    source.engine.dispose()
    with admin.begin() as conn:
        conn.exec_driver_sql(f"DROP USER IF EXISTS '{user}'@'%%'")
    admin.dispose()


def _tap_setup(tap: str, genius, sandbox) -> tuple[dict, dict | None, list[str]]:
    """(config, catalog, secret values) of one tap."""
    if tap == "tap-genius":
        return {**genius.secret_config, "page_size": 500}, genius.catalog, [genius.password]
    config = sandbox_config(tap, sandbox)
    values = [str(config[name]) for name in secret_settings(tap) if config.get(name)]
    assert values, f"{tap} declares no secret setting"
    return config, None, values


def _target(tls, schema: str) -> dict:
    return {"host": "localhost", "port": tls.port, "user": "loader", "password": tls.password,
            "database": tls.database, "sslmode": "verify-full", "sslrootcert": str(tls.ca),
            "default_target_schema": schema}


def _leaks(where: str, text: str, values: list[str]) -> list[str]:
    return [f"{where} contains a secret ({value[:4]}…)" for value in values if value and value in text]


def _warehouse_leaks(tls, values: list[str]) -> list[str]:
    found = []
    tables = query(tls.admin_dsn(), "SELECT table_schema, table_name FROM information_schema.tables WHERE "
                                    "table_schema NOT IN ('pg_catalog', 'information_schema')")
    for schema, table in tables:
        for value in values:
            hits = query(tls.admin_dsn(), f'SELECT count(*) FROM "{schema}"."{table}" t WHERE t::text LIKE %s',
                         (f"%{value}%",))[0][0]
            if hits:
                found.append(f"warehouse table {schema}.{table} holds a secret in {hits} rows")
    return found


@pytest.mark.parametrize("tap", TAPS)
def test_direct_run_keeps_secrets(tap, genius, sandbox, tls_warehouse, ledger, tmp_path):
    sandbox.reset()
    config, catalog, values = _tap_setup(tap, genius, sandbox)
    values = [*values, tls_warehouse.password]
    with ledger.scenario("secrets", f"{tap} | target-warehouse (TLS, password)"):
        discovered = subprocess.CompletedProcess([], 0, b"", b"")
        if full_mode():  # discovery logs its own way; the reduced mode spares the extra run
            discovered = subprocess.run(tap_command(tap, config, tmp_path) + ["--discover"], capture_output=True, check=False,
                                        timeout=300)
            assert discovered.returncode == 0, discovered.stderr.decode()[-2000:]
        schema = f"secret_{tap.removeprefix('tap-').replace('-', '_')}"  # the loader's schema names have no hyphen
        run = run_chaos(tap_command(tap, config, tmp_path, catalog=catalog), _target(tls_warehouse, schema),
                        tee=tmp_path / "tap.out")
        assert run.ok, run.describe()
        rows = query(tls_warehouse.admin_dsn(), "SELECT count(*) FROM information_schema.tables "
                                                "WHERE table_schema = %s", (schema,))[0][0]
        assert rows > 0, "nothing was loaded"
        problems = [*_leaks("--discover stdout", discovered.stdout.decode(errors="replace"), values),
                    *_leaks("--discover stderr", discovered.stderr.decode(errors="replace"), values),
                    *_leaks("tap stdout", (tmp_path / "tap.out").read_text(errors="replace"), values),
                    *_leaks("tap stderr", run.tap_stderr, values),
                    *_leaks("target stdout", json.dumps(run.states), values),
                    *_leaks("target stderr", run.target_stderr, values),
                    *_warehouse_leaks(tls_warehouse, values)]
        assert not problems, problems


@pytest.mark.parametrize("tap", TAPS)
def test_wrong_secret_is_not_echoed(tap, genius, sandbox, ledger, tmp_path):
    config, catalog, values = _tap_setup(tap, genius, sandbox)
    wrong = "Wrong-Secret-" + secrets.token_hex(8)
    names = ["password"] if tap == "tap-genius" else [n for n in secret_settings(tap) if config.get(n)]
    config = {**config, **{name: wrong for name in names}}
    with ledger.scenario("secrets", f"{tap}: wrong credential not echoed"):
        done = subprocess.run(tap_command(tap, config, tmp_path, catalog=catalog), capture_output=True, check=False, timeout=300)
        output = done.stdout.decode(errors="replace") + done.stderr.decode(errors="replace")
        assert done.returncode != 0, "the tap ran with a wrong credential"
        assert not _leaks("output of the failed run", output, [wrong, *values])


@pytest.mark.parametrize("tap", MELTANO_TAPS)
def test_meltano_run_keeps_secrets(tap, genius, sandbox, tls_warehouse, ledger, tmp_path):
    ensure_installed([tap, "target-warehouse"])
    sandbox.reset()
    config, _, values = _tap_setup(tap, genius, sandbox)
    prefix = tap.upper().replace("-", "_")
    # Retry tuning stays at the plugin's defaults here (see test_fault_matrix's environment test).
    env = {f"{prefix}_{k.upper()}": str(v) for k, v in config.items() if k not in FAST_RETRIES}
    if tap == "tap-genius":
        env = {f"{prefix}_SQLALCHEMY_URL": genius.secret_url,
               f"{prefix}__SELECT_FILTER": json.dumps(list(GENIUS_STREAMS))}
    target = _target(tls_warehouse, "unused")
    env |= {f"TARGET_WAREHOUSE_{k.upper()}": str(v) for k, v in target.items() if k != "default_target_schema"}
    env["CRM_SANDBOX_URL"] = sandbox.url
    values = [*values, tls_warehouse.password]
    meltano = IsolatedMeltano(tmp_path / "meltano-sys", env)
    with ledger.scenario("secrets", f"meltano --log-level=debug run {tap} target-warehouse"):
        run = meltano.run("--log-level=debug", "run", tap, "target-warehouse")
        assert run.returncode == 0, run.stderr[-4000:]
        problems = [*_leaks("meltano stdout", run.stdout, values), *_leaks("meltano stderr", run.stderr, values)]
        for path in meltano.written_files():
            problems += _leaks(f"Meltano file {path.relative_to(meltano.sys_dir)}",
                               path.read_bytes().decode("utf-8", "replace"), values)
        problems += _warehouse_leaks(tls_warehouse, values)
        assert not problems, problems
