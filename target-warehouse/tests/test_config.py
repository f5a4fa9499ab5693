"""Settings: connection forms, SSL mode, secrets, stream maps, --about, the Meltano file."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from target_warehouse import connection
from target_warehouse.target import TargetWarehouse

SIMPLE = ('{"type": "SCHEMA", "stream": "s", "key_properties": [], "schema": {"properties": '
          '{"a": {"type": "integer"}}}}\n{"type": "RECORD", "stream": "s", "record": {"a": 1}}\n')


def _parts(dsn: str) -> dict:
    url = urlsplit(dsn)
    return {"host": url.hostname, "port": url.port, "user": url.username,
            "database": url.path.lstrip("/")}


def test_host_port_user_database_without_password(load, warehouse_dsn, warehouse):
    run = load(SIMPLE, sqlalchemy_url=None, **_parts(warehouse_dsn))
    assert run.error is None
    assert warehouse.query("SELECT a FROM raw.s") == [(1,)]


@pytest.mark.parametrize("scheme", ["postgresql+psycopg2", "postgres", "postgresql+psycopg"])
def test_url_with_driver_prefix(load, warehouse, warehouse_dsn, scheme):
    url = scheme + "://" + warehouse_dsn.split("://", 1)[1]
    assert load(SIMPLE, sqlalchemy_url=None, dsn=url).error is None
    assert warehouse.query("SELECT a FROM raw.s") == [(1,)]


def test_sslmode_is_honoured(load, warehouse_dsn):
    # The test server has no SSL: "require" must make the connection fail (so it was used),
    # "disable" must work.
    assert load(SIMPLE, sslmode="disable").error is None
    run = load(SIMPLE, sslmode="require")
    assert run.error is not None
    assert "SSL" in str(run.error)


def test_password_never_reaches_the_log(cli, warehouse_dsn):
    parts = _parts(warehouse_dsn)
    secret = "s3cr3t-Pa55word"
    result = cli(SIMPLE, sqlalchemy_url=None, host=parts["host"], port=9,  # nothing listens
                 user=parts["user"], database=parts["database"], password=secret)
    stderr = result.stderr.decode()
    assert result.returncode == 1
    assert "target-warehouse failed" in stderr
    assert secret not in stderr and secret not in result.stdout.decode()


def test_unconfigured_connection_uses_the_local_warehouse(monkeypatch):
    import target_warehouse.local as local  # noqa: PLC0415

    monkeypatch.setattr(local, "local_dsn", lambda: "postgresql://w@127.0.0.1:1/warehouse")
    for name in ("WAREHOUSE_DSN", "WAREHOUSE_HOST", "WAREHOUSE_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    assert connection.connect_args({"host": "", "sslmode": "prefer"}) == (
        "postgresql://w@127.0.0.1:1/warehouse",
        {"application_name": "target-warehouse", "sslmode": "prefer"},
    )
    monkeypatch.setenv("WAREHOUSE_HOST", "wh.example")
    monkeypatch.setenv("WAREHOUSE_PASSWORD", "from-env")
    dsn, kwargs = connection.connect_args({})
    assert dsn.startswith("postgresql://") and "wh.example" in dsn
    assert kwargs["password"] == "from-env"
    dsn, kwargs = connection.connect_args({"host": "db", "port": 5433, "user": "u",
                                           "password": "p", "database": "d"})
    assert dsn == "" and kwargs == {"application_name": "target-warehouse", "host": "db",
                                    "port": "5433", "user": "u", "dbname": "d", "password": "p"}


def test_stream_maps_and_flattening(load, singer, warehouse):
    run = load(singer("stream_maps.singer"),
               stream_maps={"customers": {"email": "email.lower()"}, "secrets": None},
               flattening_enabled=True, flattening_max_depth=1)
    assert run.error is None
    assert "secrets" not in warehouse.tables("raw")
    assert warehouse.query("SELECT id, email, address__city, address__zip FROM raw.customers "
                           "ORDER BY id") == [(1, "ada@example.com", "Paris", "75001"),
                                              (2, "bob@example.com", "Rome", "00100")]


def test_about_lists_settings_and_capabilities():
    about = subprocess.run([sys.executable, "-m", "target_warehouse.target", "--about",
                            "--format", "json"], capture_output=True, check=True)
    info = json.loads(about.stdout)
    settings = info["settings"]["properties"]
    for name in ("sqlalchemy_url", "dsn", "host", "port", "user", "password", "database",
                 "sslmode", "default_target_schema", "batch_size_rows", "hard_delete",
                 "add_record_metadata", "process_activate_version_messages", "stream_maps"):
        assert name in settings, name
    assert settings["password"].get("secret") is True
    assert "load_method" not in settings  # not offered: keyed streams always upsert
    for capability in ("about", "stream-maps", "schema-flattening", "activate-version",
                       "soft-delete", "hard-delete"):
        assert capability in info["capabilities"]


def test_meltano_definition_matches_the_settings():
    path = Path(__file__).parents[1] / "target-warehouse.meltano.yml"
    (plugin,) = yaml.safe_load(path.read_text())["plugins"]["loaders"]
    assert plugin["name"] == "target-warehouse"
    assert plugin["namespace"] == "target_warehouse"
    assert plugin["pip_url"] == "-e ${MELTANO_PROJECT_ROOT}/taps/common -e ${MELTANO_PROJECT_ROOT}/target-warehouse"
    assert plugin["executable"] == "target-warehouse"
    assert plugin["config"]["default_target_schema"] == "$MELTANO_EXTRACT__LOAD_SCHEMA"
    declared = {s["name"]: s for s in plugin["settings"]}
    schema = TargetWarehouse.config_jsonschema["properties"]
    assert set(schema) <= set(declared)
    for name, setting in declared.items():
        assert setting.get("description"), name
        assert setting.get("kind"), name
        assert bool(setting.get("sensitive")) == bool(schema.get(name, {}).get("secret")), name
    assert {"about", "stream-maps", "activate-version", "hard-delete"} <= set(plugin["capabilities"])
