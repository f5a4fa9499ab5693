"""target-warehouse: settings, capabilities and the command line."""

from __future__ import annotations

import sys
import typing as t

import psycopg2
from singer_sdk import Target
from singer_sdk import typing as th
from singer_sdk.exceptions import MissingKeyPropertiesError, RecordsWithoutSchemaException
from singer_sdk.helpers.capabilities import (
    ACTIVATE_VERSION_CONFIG,
    PluginCapabilities,
    TargetCapabilities,
)
from singer_sdk.singerlib.exceptions import InvalidInputLine
from tap_common.errors import OneLineErrors

from target_warehouse.commits import StateGate
from target_warehouse.connection import ConnectionPool
from target_warehouse.errors import InputError, describe
from target_warehouse.messages import MessageHandling
from target_warehouse.reader import WarehouseReader
from target_warehouse.sinks import WarehouseSink

# Failures that are the input's or the environment's fault: one log line, exit status 1.
_EXPECTED = (InputError, RecordsWithoutSchemaException, MissingKeyPropertiesError,
             InvalidInputLine, psycopg2.Error, OSError)


class TargetWarehouse(OneLineErrors, MessageHandling, Target):
    """Singer target for PostgreSQL: COPY into staging, one merge per batch."""

    name = "target-warehouse"
    default_sink_class = WarehouseSink
    message_reader_class = WarehouseReader
    capabilities: t.ClassVar[list] = [
        PluginCapabilities.ABOUT,
        PluginCapabilities.STREAM_MAPS,
        PluginCapabilities.FLATTENING,
        PluginCapabilities.STRUCTURED_LOGGING,
        PluginCapabilities.ACTIVATE_VERSION,
        TargetCapabilities.SOFT_DELETE,
        TargetCapabilities.HARD_DELETE,
        TargetCapabilities.TARGET_SCHEMA,
    ]

    config_jsonschema = th.PropertiesList(
        th.Property("sqlalchemy_url", th.StringType, secret=True, description=(
            "Connection URL, e.g. postgresql://user:pass@host:5432/db (postgresql+psycopg2:// "
            "is accepted too). Takes precedence over host/port/user/password/database.")),
        th.Property("dsn", th.StringType, secret=True,
                    description="libpq connection string or URI; an alias of sqlalchemy_url."),
        th.Property("host", th.StringType, description="PostgreSQL server host."),
        th.Property("port", th.IntegerType, description="PostgreSQL server port (default 5432)."),
        th.Property("user", th.StringType, description="Database user."),
        th.Property("password", th.StringType, secret=True, description=(
            "Password; optional (trust, peer and .pgpass/PGPASSWORD authentication work).")),
        th.Property("database", th.StringType, description="Database name."),
        th.Property("sslmode", th.StringType, allowed_values=[
            "disable", "allow", "prefer", "require", "verify-ca", "verify-full"],
            description="libpq sslmode; verify-ca/verify-full need sslrootcert."),
        th.Property("sslrootcert", th.StringType, description="Path of the CA certificate."),
        th.Property("sslcert", th.StringType, description="Path of the client certificate."),
        th.Property("sslkey", th.StringType, description="Path of the client key."),
        th.Property("default_target_schema", th.StringType, description=(
            "Schema for every stream's table (Meltano sets it from the extractor's "
            "namespace). Default: the <schema>- prefix of the stream name, else public.")),
        th.Property("batch_size_rows", th.IntegerType, default=100_000, description=(
            "Rows per batch (one COPY + merge + commit). Memory does not grow with it.")),
        th.Property("add_record_metadata", th.BooleanType, default=True, description=(
            "Add _sdc_extracted_at/_received_at/_batched_at/_deleted_at/_sequence/"
            "_table_version columns (needed by ACTIVATE_VERSION).")),
        th.Property("hard_delete", th.BooleanType, default=False, description=(
            "Delete rows instead of soft-deleting them: rows of older table versions on "
            "ACTIVATE_VERSION, and rows whose last record carries _sdc_deleted_at.")),
    ).to_dict()

    def __init__(self, *args: t.Any, **kwargs: t.Any) -> None:
        super().__init__(*args, **kwargs)
        self._routes = {}
        self._statistics = {}
        self.commits = StateGate()
        self.pool = ConnectionPool(self.config, self.logger)
        self.message_reader.on_failure = self.abort_pending

    @classmethod
    def append_builtin_config(cls, config_jsonschema: dict) -> None:
        # Not Target's: its load_method/validate_records options are not ours to honour
        # (we always upsert on keys, and always validate: validation is compiled, cheap).
        super(Target, cls).append_builtin_config(config_jsonschema)
        for name, spec in ACTIVATE_VERSION_CONFIG["properties"].items():
            config_jsonschema["properties"].setdefault(name, spec)

    @classmethod
    def setting_variable(cls, setting: str) -> str:
        # Error messages name the project's warehouse variables, which the loader and dbt share.
        return "WAREHOUSE_DSN" if setting in ("sqlalchemy_url", "dsn") else f"WAREHOUSE_{setting.upper()}"

    @classmethod
    def invoke(cls, *args: t.Any, **kwargs: t.Any) -> None:  # type: ignore[override]
        try:
            super().invoke(*args, **kwargs)
        except Exception as exc:
            if not (isinstance(exc, _EXPECTED) or type(exc).__name__ == "LocalWarehouseError"):
                raise  # a bug: keep the traceback
            cls.logger.error("target-warehouse failed: %s", cls.explain_error(exc) or describe(exc))  # noqa: TRY400
            cls.logger.debug("The traceback of the error above", exc_info=True)
            sys.exit(1)

    def _handle_termination(self, signum: int, frame: t.Any) -> None:  # pragma: no cover
        # Unlike the SDK default we do not commit from inside a signal handler: batches in
        # flight are rolled back and no STATE beyond the committed rows was ever emitted.
        self.logger.warning("Received signal %d: abandoning uncommitted batches", signum)
        self.abort_pending()
        self.pool.close()
        sys.exit(128 + signum)


if __name__ == "__main__":
    TargetWarehouse.cli()
