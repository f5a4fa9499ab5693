"""The warehouse connection over TLS: ``sslmode=require`` and ``verify-full`` with a test CA.

The cluster rejects every non-TLS connection (``hostnossl … reject``) and checks the
loader's password (scram), so a load that succeeds was encrypted and authenticated.
"""

from __future__ import annotations

import json
import re
import subprocess

import pytest

from tests.harness.chaos import BIN, CLEAR_FAILURE, TRACEBACK, full_mode
from tests.harness.pgcheck import query

RECORDS = 50
LINES = [{"type": "SCHEMA", "stream": "tls_probe", "key_properties": ["id"],
          "schema": {"type": "object", "properties": {"id": {"type": "integer"}, "v": {"type": "string"}}}},
         *({"type": "RECORD", "stream": "tls_probe", "record": {"id": i, "v": f"row {i}"}} for i in range(RECORDS)),
         {"type": "STATE", "value": {"tls": "done"}}]


def _load(config: dict, tmp_path) -> subprocess.CompletedProcess:
    path = tmp_path / "target.json"
    path.write_text(json.dumps(config))
    data = "".join(json.dumps(m) + "\n" for m in LINES).encode()
    return subprocess.run([str(BIN / "target-warehouse"), "--config", str(path)], input=data,
                          capture_output=True, check=False, timeout=120)


def _rows(tls, schema: str) -> int:
    found = query(tls.admin_dsn(), "SELECT count(*) FROM information_schema.tables WHERE table_schema = %s", (schema,))
    return query(tls.admin_dsn(), f'SELECT count(*) FROM "{schema}".tls_probe')[0][0] if found[0][0] else 0


def _config(tls, schema: str, form: str, **ssl) -> dict:
    if form == "url":
        params = "&".join(f"{k}={v}" for k, v in ssl.items())
        return {"sqlalchemy_url": tls.dsn() + (f"?{params}" if params else ""), "default_target_schema": schema}
    return {"host": "localhost", "port": tls.port, "user": "loader", "password": tls.password,
            "database": tls.database, "default_target_schema": schema, **ssl}


CASES = {
    "require (settings)": ("fields", {"sslmode": "require"}, True),
    "require (URL)": ("url", {"sslmode": "require"}, True),
    "verify-full, test CA (settings)": ("fields", {"sslmode": "verify-full", "sslrootcert": "CA"}, True),
    "verify-full, test CA (URL)": ("url", {"sslmode": "verify-full", "sslrootcert": "CA"}, True),
    "verify-full, wrong CA": ("fields", {"sslmode": "verify-full", "sslrootcert": "WRONG"}, False),
    "disable (server refuses)": ("fields", {"sslmode": "disable"}, False),
}


REDUCED = ("require (URL)", "verify-full, test CA (settings)", "verify-full, wrong CA", "disable (server refuses)")


@pytest.mark.parametrize("case", list(CASES) if full_mode() else REDUCED)
def test_tls_connection(case, tls_warehouse, ledger, tmp_path):
    form, ssl, succeeds = CASES[case]
    ssl = {k: str(tls_warehouse.ca if v == "CA" else tls_warehouse.wrong_ca if v == "WRONG" else v)
           for k, v in ssl.items()}
    schema = "tls_" + re.sub(r"[^a-z0-9]+", "_", case.lower()).strip("_")[:40]
    with ledger.scenario("TLS to the warehouse", case) as record:
        done = _load(_config(tls_warehouse, schema, form, **ssl), tmp_path)
        stderr = done.stderr.decode(errors="replace")
        assert TRACEBACK not in stderr, stderr[-3000:]
        assert tls_warehouse.password not in stderr + done.stdout.decode()
        loaded = _rows(tls_warehouse, schema)
        if succeeds:
            assert done.returncode == 0, stderr[-3000:]
            record.lost = RECORDS - loaded
            assert loaded == RECORDS
            assert json.loads(done.stdout.decode().splitlines()[-1]) == {"tls": "done"}
        else:
            assert done.returncode != 0 and CLEAR_FAILURE in stderr, stderr[-3000:]
            assert loaded == 0 and not done.stdout.strip()


def test_wrong_password_fails_cleanly_without_echoing_it(tls_warehouse, ledger, tmp_path):
    wrong = "Wrong-Pw-" + "7f3a9c" * 3
    with ledger.scenario("TLS to the warehouse", "wrong password"):
        config = {**_config(tls_warehouse, "tls_wrong_pw", "fields", sslmode="require"), "password": wrong}
        done = _load(config, tmp_path)
        stderr = done.stderr.decode(errors="replace")
        assert done.returncode != 0 and CLEAR_FAILURE in stderr and TRACEBACK not in stderr, stderr[-3000:]
        assert "password authentication failed" in stderr
        assert wrong not in stderr and tls_warehouse.password not in stderr
