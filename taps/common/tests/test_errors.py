"""Expected failures end a plugin with one line naming the setting or the command to run, and
the traceback only at debug level (tap_common.errors).  Each case runs the real executable
against a real failure: a MariaDB login refused, a port nobody listens on, the sandbox's
HubSpot and CallRail rejecting a key, a PostgreSQL role that does not exist."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nothing listens once the socket is closed


@pytest.fixture
def run(tmp_path):
    """Run a plugin executable with ``config``; returns (exit status, stderr lines)."""

    def _run(executable: str, config: dict, *args: str, stdin: str = "", debug: bool = False,
             env: dict[str, str] | None = None) -> tuple[int, list[str]]:
        config_file = tmp_path / f"{executable}.json"
        config_file.write_text(json.dumps(config))
        environment = {**os.environ, "CRM_SANDBOX_URL": "http://127.0.0.1:8765", **(env or {})}
        environment.pop("LOGLEVEL", None)
        if debug:
            environment["LOGLEVEL"] = "DEBUG"
        proc = subprocess.run([BIN / executable, "--config", config_file, *args], input=stdin,
                              capture_output=True, text=True, env=environment, timeout=120)
        return proc.returncode, proc.stderr.splitlines()

    return _run


def assert_one_line(returncode: int, lines: list[str], expected: str, *, discovery: bool = True) -> None:
    """The run ends on ``expected``, and nothing like a traceback came before it.  Discovery
    prints just the version notes first; a sync also logs its streams, the SDK's "unhandled
    error while syncing '<stream>'" and, after retries, its "Giving up" line."""
    assert returncode == 1
    text = "\n".join(lines)
    assert lines and lines[-1].endswith(f"| {expected}"), text
    assert "| ERROR " in lines[-1] and not any("Traceback" in line for line in lines), text
    errors = [line for line in lines if "| ERROR " in line]
    assert len(lines) <= 4 if discovery else len(errors) <= 3, text


GENIUS_LOGIN = ("the database refused the login (Access denied for user 'root'@'127.0.0.1' (using password: YES)): "
                "check TAP_GENIUS_USER and TAP_GENIUS_PASSWORD (or TAP_GENIUS_SQLALCHEMY_URL)")


def test_genius_wrong_password(run, mysql_server_url):
    config = {"sqlalchemy_url": "mysql+pymysql://root:wrong@127.0.0.1:3306/genius"}
    assert_one_line(*run("tap-genius", config, "--discover"), GENIUS_LOGIN)


def test_genius_traceback_at_debug_level(run, mysql_server_url):
    code, lines = run("tap-genius", {"sqlalchemy_url": "mysql+pymysql://root:wrong@127.0.0.1:3306/genius"},
                      "--discover", debug=True)
    assert code == 1 and any(line.endswith(GENIUS_LOGIN) for line in lines)
    assert any("Traceback" in line for line in lines)


def test_genius_nothing_configured(run):
    assert_one_line(*run("tap-genius", {}, "--discover"),
                    "no Genius database configured: set TAP_GENIUS_SQLALCHEMY_URL, or TAP_GENIUS_HOST, "
                    "TAP_GENIUS_USER, TAP_GENIUS_PASSWORD and TAP_GENIUS_DATABASE")


def test_genius_database_unreachable(run):
    port = closed_port()
    assert_one_line(*run("tap-genius", {"sqlalchemy_url": f"mysql+pymysql://root@127.0.0.1:{port}/genius"}, "--discover"),
                    f"cannot reach the database (Can't connect to MySQL server on '127.0.0.1' ([Errno 111] Connection "
                    f"refused)): check TAP_GENIUS_HOST and TAP_GENIUS_PORT (or TAP_GENIUS_SQLALCHEMY_URL)")


def test_hubspot_sandbox_not_running(run):
    port = closed_port()
    config = {"access_token": "demo-hubspot-token", "api_url": f"http://127.0.0.1:{port}/hubspot",
              "backoff_max_tries": 1}
    assert_one_line(*run("tap-hubspot", config, "--discover", env={"CRM_SANDBOX_URL": f"http://127.0.0.1:{port}"}),
                    f"cannot reach http://127.0.0.1:{port} (connection refused): check the api_url setting "
                    "(TAP_HUBSPOT_API_URL); the local sandbox is not running: start it with `make sandbox-start`")


def test_api_unreachable_without_the_sandbox_hint(run):
    port = closed_port()
    config = {"api_key": "k", "api_url": f"http://127.0.0.1:{port}/callrail/v3", "backoff_max_tries": 1}
    assert_one_line(*run("tap-callrail", config), f"cannot reach http://127.0.0.1:{port} (connection refused): "
                    "check the api_url setting (TAP_CALLRAIL_API_URL)", discovery=False)


@pytest.mark.parametrize("tap,config,args", [
    ("tap-hubspot", {"access_token": "wrong"}, ("--discover",)),  # HubSpot discovers properties over the API
    ("tap-callrail", {"api_key": "wrong"}, ()),  # CallRail fails in the sync itself
])
def test_rejected_credential_names_the_setting(run, sandbox, tap, config, args):
    vendor = tap.removeprefix("tap-")
    config = {**config, "api_url": sandbox.vendor_url(vendor) + ("/v3" if vendor == "callrail" else "")}
    code, lines = run(tap, config, *args)
    setting = next(iter(config))
    assert_one_line(code, lines[:-1] + [lines[-1].split(" (HTTP 401")[0]] if lines else lines,
                    f"{tap}: the API rejected the credential in setting '{setting}'", discovery=bool(args))


def test_target_role_that_does_not_exist(run, pg_server_dsn):
    from psycopg2.extensions import parse_dsn

    server = parse_dsn(pg_server_dsn)
    config = {"host": server.get("host", "127.0.0.1"), "port": int(server.get("port", 5432)), "user": "nobody_here",
              "database": "postgres"}
    record = ('{"type":"SCHEMA","stream":"x","schema":{"properties":{"id":{"type":"integer"}}},"key_properties":["id"]}\n'
              '{"type":"RECORD","stream":"x","record":{"id":1}}\n')
    code, lines = run("target-warehouse", config, stdin=record)
    assert code == 1
    errors = [line for line in lines if "| ERROR " in line]
    assert errors[-1].split("| ", 3)[-1].startswith("target-warehouse failed: the database refused the login (")
    assert errors[-1].endswith("): check WAREHOUSE_USER and WAREHOUSE_PASSWORD (or WAREHOUSE_DSN)")
    assert not any("Traceback" in line for line in lines) and len(errors) <= 2, "\n".join(lines)
