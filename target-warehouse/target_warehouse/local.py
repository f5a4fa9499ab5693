"""The project-local warehouse: a PostgreSQL cluster that lives inside the project.

When no warehouse connection is configured, the target (and ``make run``, dbt and the
tests) use a cluster whose data directory is ``<project>/.warehouse`` (git-ignored, so the
data survives between runs).  It is built from the machine's own PostgreSQL server binaries,
listens on 127.0.0.1 on a free port with trust auth, and is run by the unprivileged
``postgres`` user when we are root (PostgreSQL refuses to run as root).

``warehouse start|stop|status|dsn|env|psql`` manages it from the command line.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import glob
import hashlib
import os
import pwd
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

DATABASE = "warehouse"
SUPERUSER = "warehouse"
_SOCKET_PATH_MAX = 100  # sun_path is 108 bytes; leave room for "/.s.PGSQL.NNNNN"


MOVED_TO = "moved-to"  # in the project's .warehouse: where the cluster lives instead
WHAT_TO_DO = ("point WAREHOUSE_HOST (and _PORT, _USER, _PASSWORD, _DATABASE) at a PostgreSQL server, "
              "or WAREHOUSE_LOCAL_DIR at a directory the server user can write")


class LocalWarehouseError(RuntimeError):
    """The local cluster cannot be found, created or started; the message says why."""


def project_root() -> Path:
    """Meltano tells plugins where the project is; otherwise look upward for meltano.yml."""
    if env := os.environ.get("MELTANO_PROJECT_ROOT"):
        return Path(env)
    here = Path.cwd().resolve()
    for candidate in (here, *here.parents):
        if (candidate / "meltano.yml").exists():
            return candidate
    return here


def default_path() -> Path:
    return Path(os.environ.get("WAREHOUSE_LOCAL_DIR") or project_root() / ".warehouse")


def find_pg_bin() -> Path:
    """The directory holding initdb/pg_ctl: PATH first, then Debian/Ubuntu/RHEL layouts."""
    if found := shutil.which("pg_ctl"):
        return Path(os.path.realpath(found)).parent
    patterns = ("/usr/lib/postgresql/*/bin", "/usr/pgsql-*/bin", "/usr/local/pgsql/bin",
                "/opt/homebrew/opt/postgresql*/bin", "/usr/local/opt/postgresql*/bin")
    candidates = [Path(p) for pat in patterns for p in glob.glob(pat) if Path(p, "pg_ctl").exists()]
    if not candidates:
        raise LocalWarehouseError(
            "No PostgreSQL server binaries found (looked for pg_ctl on PATH and in "
            "/usr/lib/postgresql/<version>/bin). Install the server package "
            "(e.g. `apt-get install postgresql`) or configure a warehouse connection.")
    # Highest major version wins: /usr/lib/postgresql/16 sorts after /15.
    return max(candidates, key=lambda p: [int(s) if s.isdigit() else 0 for s in p.parts[-2].split(".")])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_is_free(port: int) -> bool:
    """Whether PostgreSQL could listen on ``port``.

    It binds with SO_REUSEADDR, so we must too: sessions the server closed at shutdown
    linger in TIME_WAIT and would otherwise make its own port look taken.
    """
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


class LocalCluster:
    """One PostgreSQL cluster under ``path`` (``data/``, ``port``, ``server.log``)."""

    def __init__(self, path: Path | str | None = None) -> None:
        #: Where the cluster was asked for; it holds the lock, and a pointer if the cluster
        #: had to live elsewhere (see ``_reachable_home``).
        self.origin = Path(path or default_path()).resolve()
        pointer = self.origin / MOVED_TO
        self._place(Path(pointer.read_text().strip()) if pointer.exists() else self.origin)

    def _place(self, path: Path) -> None:
        self.path = path
        self.data = self.path / "data"
        self.log = self.path / "server.log"
        self._port_file = self.path / "port"

    # -- running commands as the right user -------------------------------------------
    @property
    def _run_as(self) -> list[str]:
        if os.geteuid() != 0:
            return []
        try:
            pwd.getpwnam("postgres")
        except KeyError as exc:
            raise LocalWarehouseError(
                "Running as root, and there is no 'postgres' user to run PostgreSQL as "
                "(PostgreSQL refuses to run as root). Create one or run as a normal user.") from exc
        return ["runuser", "-u", "postgres", "--"]

    def _pg(self, tool: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        cmd = [*self._run_as, str(find_pg_bin() / tool), *args]
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd="/")
        if check and proc.returncode != 0:
            output = (proc.stderr.strip() or proc.stdout.strip() or f"exit status {proc.returncode}").splitlines()
            raise LocalWarehouseError(
                f"{tool} failed: {output[0]} (details: {self.log}); {WHAT_TO_DO}")
        return proc

    # -- lifecycle ---------------------------------------------------------------------
    @property
    def port(self) -> int | None:
        try:
            return int(self._port_file.read_text())
        except (FileNotFoundError, ValueError):
            return None

    @property
    def dsn(self) -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{DATABASE}"

    def is_initialised(self) -> bool:
        return (self.data / "PG_VERSION").exists()

    def is_running(self) -> bool:
        return self.is_initialised() and self._pg("pg_ctl", "status", "-D", str(self.data),
                                                  check=False).returncode == 0

    @contextlib.contextmanager
    def _lock(self):
        # Two processes (say the target and dbt) may ask for the cluster at once.
        self.origin.mkdir(parents=True, exist_ok=True)
        with open(self.origin / ".lock", "w") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            yield

    def _give_to_server_user(self) -> None:
        if self._run_as:
            pw = pwd.getpwnam("postgres")
            for p in (self.path, *self.path.rglob("*")):
                os.chown(p, pw.pw_uid, pw.pw_gid, follow_symlinks=False)

    def _server_can_write(self) -> bool:
        return not self._run_as or subprocess.run([*self._run_as, "test", "-w", str(self.data)]).returncode == 0

    def _reachable_home(self) -> None:
        """Run as root, the server runs as ``postgres``, which cannot reach a data directory
        below a private (0700) parent — a checkout in ``mktemp -d``, say.  Then the cluster
        lives in a directory of its own under /var/tmp (kept across reboots, unlike /tmp),
        and a pointer in the project's ``.warehouse`` leads every later start there."""
        self.data.mkdir(parents=True, exist_ok=True)
        self._give_to_server_user()
        if self._server_can_write():
            return
        self.data.rmdir()
        home = Path("/var/tmp" if Path("/var/tmp").is_dir() else tempfile.gettempdir())
        elsewhere = home / f"crm-warehouse-{hashlib.sha256(str(self.origin).encode()).hexdigest()[:12]}"
        print(f"warehouse: the postgres user cannot reach {self.origin} (a parent directory is private); "
              f"keeping the cluster in {elsewhere}", file=sys.stderr)
        self._place(elsewhere)
        self.data.mkdir(parents=True, exist_ok=True)
        self._give_to_server_user()
        if not self._server_can_write():
            raise LocalWarehouseError(f"the postgres user can write neither {self.origin} nor {elsewhere}; {WHAT_TO_DO}")
        (self.origin / MOVED_TO).write_text(f"{elsewhere}\n")

    def init(self) -> None:
        if self.is_initialised():
            return
        self._reachable_home()
        print(f"warehouse: creating a PostgreSQL cluster in {self.data}", file=sys.stderr)
        self._pg("initdb", "-D", str(self.data), "-U", SUPERUSER, "--auth=trust",
                 "--encoding=UTF8", "--locale=C.UTF-8" if _has_c_utf8() else "--locale=C")

    def start(self) -> str:
        """Start the cluster if needed; return its DSN."""
        with self._lock():
            self.init()
            if self.is_running():
                return self.dsn
            port = self.port if self.port and port_is_free(self.port) else free_port()
            self._port_file.write_text(str(port))
            sockets = str(self.path) if len(str(self.path)) < _SOCKET_PATH_MAX else "/tmp"
            self._give_to_server_user()
            print(f"warehouse: starting PostgreSQL on 127.0.0.1:{port}", file=sys.stderr)
            self._pg("pg_ctl", "start", "-w", "-t", "60", "-D", str(self.data), "-l", str(self.log),
                     "-o", f"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={sockets}")
            self._ensure_database()
            return self.dsn

    def _ensure_database(self) -> None:
        import psycopg2  # local import: `warehouse status` must work without a driver

        with contextlib.closing(psycopg2.connect(self.dsn.rsplit("/", 1)[0] + "/postgres")) as conn:
            conn.autocommit = True
            with conn.cursor() as cur:
                cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DATABASE,))
                if cur.fetchone() is None:
                    cur.execute(f'CREATE DATABASE "{DATABASE}"')

    def stop(self) -> None:
        with self._lock():
            if self.is_running():
                self._pg("pg_ctl", "stop", "-w", "-m", "fast", "-D", str(self.data))

    def destroy(self) -> None:
        self.stop()
        shutil.rmtree(self.path, ignore_errors=True)
        shutil.rmtree(self.origin, ignore_errors=True)


def _has_c_utf8() -> bool:
    out = subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout.lower()
    return "c.utf8" in out or "c.utf-8" in out


def configured_dsn() -> str | None:
    """An explicitly configured warehouse (``WAREHOUSE_DSN`` or ``WAREHOUSE_HOST`` …), if any."""
    env = os.environ
    if env.get("WAREHOUSE_DSN"):
        return env["WAREHOUSE_DSN"]
    if not env.get("WAREHOUSE_HOST"):
        return None
    auth = env.get("WAREHOUSE_USER", "postgres")
    query = f"?sslmode={env['WAREHOUSE_SSLMODE']}" if env.get("WAREHOUSE_SSLMODE") else ""
    return (f"postgresql://{auth}@{env['WAREHOUSE_HOST']}:{env.get('WAREHOUSE_PORT', '5432')}"
            f"/{env.get('WAREHOUSE_DATABASE', 'warehouse')}{query}")  # password stays in PGPASSWORD/env


def local_dsn() -> str:
    """The project-local warehouse's DSN, starting the cluster if it is not running."""
    if os.environ.get("MELTANO_ENVIRONMENT") == "prod":
        # Never a throwaway cluster in prod: loading into it would look like success.
        raise LocalWarehouseError("prod needs the warehouse connection: set WAREHOUSE_HOST (and WAREHOUSE_PORT, "
                                  "_USER, _PASSWORD, _DATABASE, _SSLMODE) or WAREHOUSE_DSN")
    return LocalCluster().start()


def warehouse_env() -> dict[str, str]:
    """The ``WAREHOUSE_*`` variables of the warehouse in use: the configured one, else the
    project-local cluster (started on demand).  dbt's profile reads exactly these, so dbt
    and the loader always reach the same server with the same SSL mode."""
    return _variables(configured_dsn() or local_dsn())


def _variables(dsn: str) -> dict[str, str]:
    from psycopg2.extensions import parse_dsn  # noqa: PLC0415 - URI or key=value, as libpq reads it

    parts = parse_dsn(dsn)
    env = {"WAREHOUSE_HOST": parts.get("host") or "127.0.0.1", "WAREHOUSE_PORT": parts.get("port") or "5432",
           "WAREHOUSE_USER": parts.get("user") or "postgres", "WAREHOUSE_DATABASE": parts.get("dbname") or DATABASE}
    for key, name in (("password", "WAREHOUSE_PASSWORD"), ("sslmode", "WAREHOUSE_SSLMODE")):
        if parts.get(key):
            env[name] = parts[key]
    return env


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="warehouse", description="Manage the project-local warehouse.")
    parser.add_argument("command", choices=["start", "stop", "status", "dsn", "env", "psql", "destroy"])
    parser.add_argument("args", nargs=argparse.REMAINDER, help="extra psql arguments")
    args = parser.parse_args(argv)
    if (dsn := configured_dsn()) and args.command in ("start", "dsn", "env", "psql", "status"):
        # A configured warehouse wins: nothing is started.
        if args.command == "status":
            print("configured warehouse in use (WAREHOUSE_DSN); local cluster not used")
            return 0
        return _emit(args, dsn)
    cluster = LocalCluster()
    try:
        if args.command == "stop":
            cluster.stop()
            print("warehouse: stopped")
        elif args.command == "destroy":
            cluster.destroy()
            print(f"warehouse: removed {cluster.path}")
        elif args.command == "status":
            state = "running" if cluster.is_running() else ("stopped" if cluster.is_initialised() else "not created")
            print(f"{state}: {cluster.path}" + (f" ({cluster.dsn})" if state == "running" else ""))
            return 0 if state == "running" else 3
        else:
            return _emit(args, local_dsn())
    except LocalWarehouseError as exc:
        print(f"warehouse: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # e.g. the data directory cannot be created
        print(f"warehouse: {exc}; {WHAT_TO_DO}", file=sys.stderr)
        return 1
    return 0


def _emit(args: argparse.Namespace, dsn: str) -> int:
    if args.command == "psql":
        os.execvp("psql", ["psql", dsn, *args.args])
    if args.command == "env":
        # The separate variables are what dbt's profile and the Meltano settings read; a
        # password stays where it was configured (never printed).
        for name, value in _variables(dsn).items():
            if name != "WAREHOUSE_PASSWORD":
                print(f"export {name}={shlex.quote(value)}")
    else:
        print(dsn)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
