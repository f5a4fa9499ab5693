"""Connection and reflection: the SQLAlchemy engine and the real columns of each table."""

from __future__ import annotations

import functools
import typing as t
from dataclasses import dataclass

import pymysql
import sqlalchemy as sa
from pymysql.constants import FIELD_TYPE
from singer_sdk.sql import SQLConnector
from tap_common import SettingError

from .types import GeniusJSON, GeniusSQLToJSONSchema

MYSQL_DIALECTS = ("mysql", "mariadb")
#: pymysql decoders: temporal columns stay text, converted once by ``types`` (the driver's
#: datetime parsing is a third of the read cost, and zero dates are text anyway).
RAW_TEMPORAL = {**pymysql.converters.conversions, **dict.fromkeys(
    (FIELD_TYPE.DATETIME, FIELD_TYPE.TIMESTAMP, FIELD_TYPE.DATE, FIELD_TYPE.TIME), pymysql.converters.through)}


@dataclass(frozen=True)
class SourceColumn:
    """One reflected source column."""

    name: str
    type: sa.types.TypeEngine
    nullable: bool


class Output(t.NamedTuple):
    """One property of a stream: the SQL producing it and the source column it mirrors."""

    expression: sa.ColumnElement
    column: SourceColumn
    description: str | None = None


class GeniusConnector(SQLConnector):
    """pymysql (or any SQLAlchemy URL), sessions in UTC, reflection with MariaDB JSON detection."""

    sql_to_jsonschema_converter = GeniusSQLToJSONSchema

    def get_sqlalchemy_url(self, config: dict[str, t.Any]) -> str:
        if config.get("sqlalchemy_url"):
            return config["sqlalchemy_url"]
        if not config.get("database"):
            raise SettingError("no Genius database configured: set TAP_GENIUS_SQLALCHEMY_URL, or TAP_GENIUS_HOST, "
                               "TAP_GENIUS_USER, TAP_GENIUS_PASSWORD and TAP_GENIUS_DATABASE")
        return sa.URL.create(
            "mysql+pymysql", username=config.get("user"), password=config.get("password"),
            host=config.get("host", "127.0.0.1"), port=int(config.get("port") or 3306),
            database=config.get("database"), query={"charset": "utf8mb4"},
        ).render_as_string(hide_password=False)

    def create_engine(self) -> sa.Engine:
        url = sa.make_url(self.sqlalchemy_url)
        is_mysql = url.get_backend_name() in MYSQL_DIALECTS
        if is_mysql and "charset" not in url.query:
            url = url.update_query_dict({"charset": "utf8mb4"})
        raw = is_mysql and url.get_driver_name() == "pymysql"
        engine = sa.create_engine(url, pool_pre_ping=True, connect_args={"conv": RAW_TEMPORAL} if raw else {})
        if is_mysql:
            @sa.event.listens_for(engine, "connect")
            def _session(dbapi_conn: t.Any, _record: t.Any) -> None:  # noqa: ANN401
                with dbapi_conn.cursor() as cur:
                    # TIMESTAMP columns come back in UTC; long streaming reads are not cut off
                    cur.execute("SET time_zone = '+00:00', net_write_timeout = 3600, net_read_timeout = 3600")
        return engine

    @functools.cached_property
    def raw_driver_values(self) -> bool:
        """True when the driver hands over plain values that need no SQLAlchemy result processing."""
        url = self._engine.url
        return url.get_backend_name() in MYSQL_DIALECTS and url.get_driver_name() == "pymysql"

    def select_type(self, sql_type: sa.types.TypeEngine) -> sa.types.TypeEngine:
        """The type to SELECT a column as: no result processors on pymysql (``types`` converts)."""
        return sa.types.NullType() if self.raw_driver_values else sql_type

    @property
    def is_mysql(self) -> bool:
        return self._engine.dialect.name in MYSQL_DIALECTS

    @functools.cached_property
    def _inspector(self) -> sa.Inspector:
        return sa.inspect(self._engine)

    @functools.cached_property
    def _mariadb_json_columns(self) -> set[tuple[str, str]]:
        """MariaDB stores JSON as LONGTEXT with a column CHECK (json_valid(col))."""
        if not self.is_mysql:
            return set()
        query = sa.text(
            "SELECT TABLE_NAME, CONSTRAINT_NAME FROM information_schema.CHECK_CONSTRAINTS "
            "WHERE CONSTRAINT_SCHEMA = DATABASE() AND LEVEL = 'Column' AND CHECK_CLAUSE LIKE 'json_valid(%'")
        with self._engine.connect() as conn:
            if not conn.dialect.is_mariadb:  # known once connected; MySQL reflects JSON itself
                return set()
            return {(table, column) for table, column in conn.execute(query)}

    def table_names(self) -> set[str]:
        return set(self._inspector.get_table_names())

    @functools.cache  # noqa: B019 - one connector per tap run
    def columns(self, table: str) -> tuple[SourceColumn, ...]:
        """Every column of ``table`` in ordinal order, with its SQL type."""
        json_columns = self._mariadb_json_columns
        columns = []
        for c in self._inspector.get_columns(table):
            sql_type = GeniusJSON() if (table, c["name"]) in json_columns else c["type"]
            if isinstance(sql_type, sa.Float):
                sql_type.asdecimal = False  # DOUBLE/FLOAT stay floats (MySQL DOUBLE defaults to Decimal)
            columns.append(SourceColumn(c["name"], sql_type, bool(c.get("nullable", True))))
        return tuple(columns)

    def to_jsonschema_type(self, sql_type: t.Any) -> dict:  # noqa: ANN401
        return self.sql_to_jsonschema.to_jsonschema(sql_type)
