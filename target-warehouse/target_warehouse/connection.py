"""Where the warehouse is, and a small pool of psycopg2 connections to it.

Connection settings, first match wins: ``sqlalchemy_url`` / ``dsn`` (``postgresql://``,
``postgres://`` or ``postgresql+<driver>://``); else ``host``/``port``/``user``/``password``
/``database``; else the project's ``WAREHOUSE_DSN``/``WAREHOUSE_HOST``… environment (with
``WAREHOUSE_PASSWORD``); else the project-local warehouse (``target_warehouse.local``).  ``sslmode``,
``sslrootcert``, ``sslcert`` and ``sslkey`` apply to either form.  Secrets never reach the
log: only host, port, database and user are ever described.
"""

from __future__ import annotations

import logging
import os
import re
import threading
import typing as t

import psycopg2
import psycopg2.extensions

_DRIVER_PREFIX = re.compile(r"^postgres(?:ql)?(?:\+[\w.]+)?://", re.IGNORECASE)
_SSL_SETTINGS = ("sslmode", "sslrootcert", "sslcert", "sslkey")
# UTC and ISO dates: naive date-times mean UTC, and every text form is unambiguous.
# temp_buffers: a batch's staging table stays in memory (the default 8MB spills to disk);
# work_mem: room to sort a batch when repeated keys must be de-duplicated.
_SESSION_SQL = ("SET TIME ZONE 'UTC'; SET datestyle TO 'ISO, YMD'; "
                "SET intervalstyle TO 'iso_8601'; SET temp_buffers TO '64MB'; "
                "SET work_mem TO '64MB'")


def _setting(config: t.Mapping[str, t.Any], name: str) -> t.Any:
    value = config.get(name)
    return None if value in (None, "") else value  # Meltano renders unset env vars as ""


def connect_args(config: t.Mapping[str, t.Any]) -> tuple[str, dict[str, t.Any]]:
    """(dsn, keyword arguments) for ``psycopg2.connect``."""
    kwargs: dict[str, t.Any] = {"application_name": "target-warehouse"}
    url = _setting(config, "sqlalchemy_url") or _setting(config, "dsn")
    if url:
        dsn = _DRIVER_PREFIX.sub("postgresql://", url) if "://" in url else url
    elif any(_setting(config, k) for k in ("host", "port", "user", "database")):
        dsn = ""
        for setting, keyword in (("host", "host"), ("port", "port"), ("user", "user"),
                                 ("database", "dbname")):
            if (value := _setting(config, setting)) is not None:
                kwargs[keyword] = str(value)
    else:
        # Nothing configured: the project's WAREHOUSE_* environment, else the local cluster.
        from target_warehouse import local  # noqa: PLC0415 - only when unconfigured

        configured = getattr(local, "configured_dsn", lambda: None)()
        dsn = configured or local.local_dsn()
        if configured and os.environ.get("WAREHOUSE_PASSWORD"):
            kwargs["password"] = os.environ["WAREHOUSE_PASSWORD"]
    if (password := _setting(config, "password")) is not None:
        kwargs["password"] = str(password)
    for setting in _SSL_SETTINGS:
        if (value := _setting(config, setting)) is not None:
            kwargs[setting] = str(value)
    return dsn, kwargs


def describe(conn: t.Any) -> str:
    info = conn.info
    return f"{info.user}@{info.host}:{info.port}/{info.dbname}"


class ConnectionPool:
    """Connections for DDL and for each batch in flight; returned ones are reused."""

    def __init__(self, config: t.Mapping[str, t.Any], logger: logging.Logger, max_idle: int = 4):
        self._config = config
        self._logger = logger
        self._max_idle = max_idle
        self._idle: list[t.Any] = []
        self._lock = threading.Lock()
        self._args: tuple[str, dict[str, t.Any]] | None = None

    def _connect(self) -> t.Any:
        with self._lock:
            if self._args is None:
                self._args = connect_args(self._config)
            dsn, kwargs = self._args
        conn = psycopg2.connect(dsn, **kwargs)
        with conn.cursor() as cur:
            cur.execute(_SESSION_SQL)
        conn.commit()
        self._logger.debug("Connected to %s", describe(conn))
        return conn

    def acquire(self) -> t.Any:
        with self._lock:
            if self._idle:
                return self._idle.pop()
        return self._connect()

    def release(self, conn: t.Any, *, discard: bool = False) -> None:
        if conn.closed:
            return
        if not discard:
            try:
                if conn.get_transaction_status() != psycopg2.extensions.TRANSACTION_STATUS_IDLE:
                    conn.rollback()
            except psycopg2.Error:
                discard = True
        with self._lock:
            if not discard and len(self._idle) < self._max_idle:
                self._idle.append(conn)
                return
        conn.close()

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()
