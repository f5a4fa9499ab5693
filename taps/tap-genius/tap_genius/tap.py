"""tap-genius: the Genius CRM MySQL database as 30 Singer streams."""

from __future__ import annotations

import typing as t

from singer_sdk import typing as th
from singer_sdk.contrib.msgspec import MsgSpecWriter
from singer_sdk.helpers.capabilities import CapabilitiesEnum, PluginCapabilities, TapCapabilities
from singer_sdk.sql import SQLTap
from tap_common import ActivateVersionsAfterSync, OneLineErrors

from .client import GeniusStream
from .streams import STREAMS

if t.TYPE_CHECKING:
    from singer_sdk.streams import Stream


class TapGenius(OneLineErrors, ActivateVersionsAfterSync, SQLTap):
    """Reads Genius CRM straight from MySQL/MariaDB (or any SQLAlchemy URL, e.g. the SQLite demo)."""

    name = "tap-genius"
    default_stream_class = GeniusStream
    message_writer_class = MsgSpecWriter
    dynamic_catalog = True
    # No BATCH: records go out as RECORD lines; ACTIVATE_VERSION for FULL_TABLE streams after all of them.
    capabilities: t.ClassVar[list[CapabilitiesEnum]] = [
        TapCapabilities.CATALOG, TapCapabilities.STATE, TapCapabilities.DISCOVER, TapCapabilities.ACTIVATE_VERSION,
        PluginCapabilities.ABOUT, PluginCapabilities.STREAM_MAPS, PluginCapabilities.FLATTENING,
        PluginCapabilities.STRUCTURED_LOGGING,
    ]

    config_jsonschema = th.PropertiesList(
        th.Property("sqlalchemy_url", th.StringType, secret=True,
                    description="SQLAlchemy URL of the Genius database, e.g. mysql+pymysql://user:pw@host/genius "
                                "or sqlite:///genius.sqlite. Overrides host/port/user/password/database."),
        th.Property("host", th.StringType, description="MySQL host (when no sqlalchemy_url)."),
        th.Property("port", th.IntegerType, default=3306, description="MySQL port."),
        th.Property("user", th.StringType, description="MySQL user."),
        th.Property("password", th.StringType, secret=True, description="MySQL password."),
        th.Property("database", th.StringType, description="MySQL database (schema) holding the Genius tables."),
        th.Property("start_date", th.DateTimeType,
                    description="Earliest replication-key value to read on a first sync (ISO-8601)."),
        th.Property("source_timezone", th.StringType, default="UTC",
                    description="IANA zone of the database's naive DATETIME values, e.g. America/New_York. "
                                "Records carry ISO-8601 instants with this zone's offset."),
        th.Property("page_size", th.IntegerType, default=10_000,
                    description="Rows per keyset page (one ORDER BY … LIMIT query each)."),
        th.Property("emit_activate_version_messages", th.BooleanType, default=True,
                    description="Emit ACTIVATE_VERSION for the FULL_TABLE (lookup) streams so rows deleted in "
                                "Genius are marked deleted in the target."),
    ).to_dict()

    @property
    def catalog_dict(self) -> dict:
        """The input catalog if given, else one entry per registered stream from reflection."""
        if self._catalog_dict is None:
            if self.input_catalog:
                self._catalog_dict = self.input_catalog.to_dict()
            else:
                connector = self.tap_connector
                present = connector.table_names()
                for cls in STREAMS:
                    if missing := cls.required_tables() - present:
                        self.logger.warning("Skipping stream '%s': no table %s", cls.name, ", ".join(sorted(missing)))
                self._catalog_dict = {"streams": [cls.catalog_entry(connector) for cls in STREAMS
                                                  if cls.required_tables() <= present]}
        return self._catalog_dict

    def discover_streams(self) -> t.Sequence[Stream]:
        entries = {entry["tap_stream_id"]: entry for entry in self.catalog_dict["streams"]}
        return [cls(self, catalog_entry=entries[cls.name], connector=self.tap_connector)
                for cls in STREAMS if cls.name in entries]


if __name__ == "__main__":
    TapGenius.cli()
