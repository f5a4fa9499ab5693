"""A PostgreSQL cluster that only speaks TLS, with a test CA made by the ``openssl`` CLI.

``pg_hba.conf`` rejects every non-TLS TCP connection, so a load that succeeds went over TLS.
The role ``loader`` needs its password (scram-sha-256); the superuser ``warehouse`` is
trusted (over TLS too) for setting up.  A second, unrelated CA lets ``verify-full`` be
shown to refuse a server it cannot verify.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tests.harness.pgcheck import OwnCluster, query


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True, timeout=120)


def make_ca(directory: Path, name: str) -> tuple[Path, Path]:
    key, cert = directory / f"{name}.key", directory / f"{name}.crt"
    _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", f"/CN={name}",
             "-keyout", str(key), "-out", str(cert), cwd=directory)
    return key, cert


def make_server_cert(directory: Path, ca_key: Path, ca_cert: Path) -> tuple[Path, Path]:
    key, csr, cert = directory / "server.key", directory / "server.csr", directory / "server.crt"
    ext = directory / "san.ext"
    ext.write_text("subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n"
                   "keyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n")
    _openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout", str(key),
             "-out", str(csr), cwd=directory)
    _openssl("x509", "-req", "-in", str(csr), "-CA", str(ca_cert), "-CAkey", str(ca_key), "-CAcreateserial",
             "-days", "2", "-extfile", str(ext), "-out", str(cert), cwd=directory)
    os.chmod(key, 0o600)
    return key, cert


@dataclass
class TLSWarehouse:
    own: OwnCluster
    port: int
    ca: Path  # the CA that signed the server certificate
    wrong_ca: Path  # a CA that did not
    password: str  # of the role ``loader``
    database: str = "tls_warehouse"

    def dsn(self, *, host: str = "localhost", password: str | None = None, **params: str) -> str:
        query_string = "&".join(f"{k}={v}" for k, v in params.items())
        auth = f"loader:{password if password is not None else self.password}"
        return f"postgresql://{auth}@{host}:{self.port}/{self.database}" + (f"?{query_string}" if query_string else "")

    def admin_dsn(self) -> str:
        return f"postgresql://warehouse@127.0.0.1:{self.port}/{self.database}?sslmode=require"

    def destroy(self) -> None:
        self.own.destroy()


def start_tls_warehouse() -> TLSWarehouse:
    path = Path(tempfile.mkdtemp(prefix="reliability-tls-pg-"))
    certs = path / "certs"
    certs.mkdir()
    ca_key, ca_cert = make_ca(certs, "reliability-test-ca")
    _, wrong_ca = make_ca(certs, "some-other-ca")
    own = OwnCluster(path, conf={"ssl": "on", "ssl_cert_file": "'server.crt'", "ssl_key_file": "'server.key'",
                                 "password_encryption": "'scram-sha-256'"},
                     hba=["local all all trust",
                          "hostssl all warehouse 127.0.0.1/32 trust",
                          "hostssl all loader 127.0.0.1/32 scram-sha-256",
                          "hostnossl all all 0.0.0.0/0 reject"])
    own.cluster.init()
    key, cert = make_server_cert(certs, ca_key, ca_cert)
    for source in (key, cert):
        target = own.cluster.data / source.name
        target.write_bytes(source.read_bytes())
        os.chmod(target, 0o600)
    own.start()
    port = own.cluster.port
    password = "Pg-TLS-" + secrets.token_hex(12)
    base = f"postgresql://warehouse@127.0.0.1:{port}/postgres?sslmode=require"
    query(base, f"CREATE ROLE loader LOGIN PASSWORD '{password}'")
    query(base, "CREATE DATABASE tls_warehouse OWNER loader")
    return TLSWarehouse(own, port, ca_cert, wrong_ca, password)
