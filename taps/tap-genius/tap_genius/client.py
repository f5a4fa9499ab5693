"""The Genius stream: facts in subclasses, keyset reads and a fast record path here.

A stream class states facts only — ``name``, ``table``, ``key_properties``,
``replication_column`` (``None`` = FULL_TABLE), ``replication_fallbacks`` and ``joins``.
Everything else follows from them:

* the schema is every reflected column of the source table, then the join columns, then —
  when there are fallbacks — ``modified_at`` = ``COALESCE(updated_at, fallback…)``, the
  replication key;
* reads are ``ORDER BY (replication key, primary key…)`` in pages of ``page_size`` rows:
  the first page starts at the bookmark inclusively (``rk >= :bookmark``), every later page
  strictly after the last row read (``(rk, pk…) > (:rk, :pk…)``, expanded into
  ``rk > :rk OR (rk = :rk AND pk > :pk)``).  No OFFSET, constant memory, and rows sharing
  the boundary second are never lost;
* rows are converted by per-column converters (``types.py``) and, when no stream map or
  flattening is configured, written as RECORD lines by msgspec straight to stdout.  With
  maps or flattening the SDK's own record path is used.  State, bookmarks (the largest
  replication value emitted, ``is_sorted``) and selection stay the SDK's;
* FULL_TABLE streams send ACTIVATE_VERSION once, after every stream of the run has finished
  (``tap_common.DeferredActivateVersion``), so a failed run retires no rows.
"""

from __future__ import annotations

import datetime as dt
import sys
import typing as t
from functools import cached_property
from zoneinfo import ZoneInfo

import msgspec
import sqlalchemy as sa
from singer_sdk import singerlib as singer
from singer_sdk import typing as th
from singer_sdk.helpers._util import utc_now
from singer_sdk.mapper import SameRecordTransform
from singer_sdk.sql import SQLStream
from singer_sdk.streams.core import REPLICATION_FULL_TABLE, REPLICATION_INCREMENTAL
from tap_common import DeferredActivateVersion

from .connector import GeniusConnector, Output, SourceColumn
from .joins import Join
from .types import bookmark_to_naive, converter_for

if t.TYPE_CHECKING:
    from singer_sdk.helpers.types import Context

SYNTHETIC_REPLICATION_KEY = "modified_at"
#: Sorts rows whose replication expression is NULL first, so keyset comparisons never meet NULL.
NULL_REPLICATION_VALUE = dt.datetime(1970, 1, 1)


class GeniusStream(DeferredActivateVersion, SQLStream):
    """Base for the 30 Genius streams."""

    connector_class = GeniusConnector

    # --- facts, set by each stream class -----------------------------------------------
    table: t.ClassVar[str]
    key_properties: t.ClassVar[tuple[str, ...]] = ("id",)
    replication_column: t.ClassVar[str | None] = "updated_at"
    replication_fallbacks: t.ClassVar[tuple[str, ...]] = ()
    joins: t.ClassVar[tuple[Join, ...]] = ()

    _time_extracted: str = ""  # one timestamp per page, not a clock read per row

    def __init__(self, tap: t.Any, catalog_entry: dict, connector: GeniusConnector | None = None) -> None:  # noqa: ANN401
        super().__init__(tap, catalog_entry, connector)
        entry = self._singer_catalog_entry
        root = entry.metadata.root
        self.replication_key = entry.replication_key or root.replication_key
        if method := entry.replication_method or root.forced_replication_method:
            self.forced_replication_method = method

    # --- catalog --------------------------------------------------------------------------
    @classmethod
    def replication_key_name(cls) -> str | None:
        if cls.replication_column is None:
            return None
        return SYNTHETIC_REPLICATION_KEY if cls.replication_fallbacks else cls.replication_column

    @classmethod
    def required_tables(cls) -> set[str]:
        return {cls.table, *(table for join in cls.joins for table in join.tables)}

    @classmethod
    def outputs(cls, connector: GeniusConnector) -> tuple[dict[str, Output], sa.FromClause]:
        """Every property of the stream, in schema order, with the SQL that produces it."""
        source = cls.source_table(connector)
        outputs = {c.name: Output(source.c[c.name], c) for c in connector.columns(cls.table)}
        from_clause: sa.FromClause = source
        for join in cls.joins:
            from_clause, extra = join.apply(source, from_clause, connector)
            outputs.update(extra)
        if cls.replication_fallbacks:
            parts = [cls.replication_column, *cls.replication_fallbacks]
            expr = sa.func.coalesce(*(source.c[p] for p in parts), type_=source.c[parts[0]].type)
            nullable = all(outputs[p].column.nullable for p in parts)
            outputs[SYNTHETIC_REPLICATION_KEY] = Output(
                expr, SourceColumn(SYNTHETIC_REPLICATION_KEY, outputs[parts[0]].column.type, nullable),
                f"Replication key: COALESCE({', '.join(parts)}).")
        return outputs, from_clause

    @classmethod
    def source_table(cls, connector: GeniusConnector) -> sa.Table:
        return sa.Table(cls.table, sa.MetaData(),
                        *(sa.Column(c.name, connector.select_type(c.type)) for c in connector.columns(cls.table)))

    @classmethod
    def catalog_entry(cls, connector: GeniusConnector) -> dict:
        """The discovered catalog entry: reflected schema plus the stream's facts."""
        outputs, _ = cls.outputs(connector)
        schema = th.PropertiesList(*(
            th.Property(name, th.CustomType(connector.to_jsonschema_type(o.column.type)),
                        nullable=o.column.nullable, required=name in cls.key_properties, description=o.description)
            for name, o in outputs.items())).to_dict()
        rk = cls.replication_key_name()
        method = REPLICATION_INCREMENTAL if rk else REPLICATION_FULL_TABLE
        return singer.CatalogEntry(
            tap_stream_id=cls.name, stream=cls.name, table=cls.table, key_properties=list(cls.key_properties),
            schema=singer.Schema.from_dict(schema), replication_key=rk, replication_method=method, is_view=False,
            metadata=singer.MetadataMapping.get_standard_metadata(
                schema=schema, key_properties=list(cls.key_properties), replication_method=method,
                valid_replication_keys=[rk] if rk else None, selected_by_default=True),
        ).to_dict()

    def get_replication_key_signpost(self, context: Context | None = None) -> None:  # noqa: ARG002
        """No wall-clock cap: the bookmark is the largest replication value emitted."""
        return

    @property
    def check_sorted(self) -> bool:
        """The SQL orders the rows; comparing ISO strings again could only misfire (zone change)."""
        return False

    # --- query ----------------------------------------------------------------------------
    @cached_property
    def source_timezone(self) -> dt.tzinfo:
        return ZoneInfo(self.config.get("source_timezone") or "UTC")

    @cached_property
    def _plan(self) -> _ReadPlan:
        return _ReadPlan(self)

    def get_records(self, context: Context | None) -> t.Iterable[dict]:
        plan = self._plan
        start = None
        if self.replication_method == REPLICATION_INCREMENTAL and self.replication_key:
            if (value := self.get_starting_timestamp(context)) is not None:
                start = bookmark_to_naive(value, plan.sort_type, self.source_timezone)
        page_size = int(self.config.get("page_size") or 10_000)
        if self.ABORT_AT_RECORD_COUNT is not None:
            page_size = min(page_size, self.ABORT_AT_RECORD_COUNT + 1)
        after: tuple | None = None
        with self.connector._connect() as conn:  # noqa: SLF001 - the SDK's streaming connection
            while True:
                query = plan.page(start=start, after=after, limit=page_size)
                self._time_extracted = utc_now().isoformat()
                count, last = 0, None
                for row in conn.execute(query):
                    count += 1
                    last = row
                    yield plan.record(row)
                if count < page_size:
                    break
                after = plan.position(last)

    # --- fast record path -------------------------------------------------------------------
    # The SDK's per-record bookkeeping is a third of its cost; rows arrive sorted by the
    # replication key, so the bookmark only needs the latest record, applied (through the
    # SDK's own state code) whenever a STATE message is about to be written.
    _pending_bookmark: tuple[dict, Context | None] | None = None

    def _increment_stream_state(self, latest_record: dict, *, context: Context | None = None) -> None:
        self._pending_bookmark = (latest_record, context)

    def _write_state_message(self) -> None:
        if self._pending_bookmark is not None:
            record, context = self._pending_bookmark
            self._pending_bookmark = None
            super()._increment_stream_state(record, context=context)
        super()._write_state_message()

    def _process_record(self, record: dict, child_context: Context | None = None,
                        partition_context: Context | None = None) -> None:
        if self.child_streams or partition_context:  # Genius streams have neither
            super()._process_record(record, child_context, partition_context)

    @cached_property
    def _fast_path(self) -> bool:
        maps = self.stream_maps
        return (len(maps) == 1 and type(maps[0]) is SameRecordTransform
                and not maps[0].flattening_enabled and maps[0].stream_alias == self.name)

    def _write_record_message(self, record: dict) -> None:
        if not self._fast_path:
            super()._write_record_message(record)
            return
        message = {"type": "RECORD", "stream": self.name, "record": record,
                   "time_extracted": self._time_extracted}
        if self._stream_version is not None:
            message["version"] = self._stream_version
        _ENCODER.encode_into(message, _BUFFER)
        _BUFFER.extend(b"\n")
        sys.stdout.buffer.write(_BUFFER)
        self.state_manager.is_flushed = False


_ENCODER = msgspec.json.Encoder(decimal_format="number")
_BUFFER = bytearray(4096)


class _ReadPlan:
    """The compiled read of one stream: selected columns, converters and keyset SQL."""

    def __init__(self, stream: GeniusStream) -> None:
        connector: GeniusConnector = stream.connector  # type: ignore[assignment]
        outputs, from_clause = stream.outputs(connector)
        selected = [n for n in stream.get_selected_schema()["properties"] if n in outputs]
        for required in (*stream.primary_keys, stream.replication_key):
            if required and required not in selected:
                selected.append(required)
        singer_decimal = bool(stream.config.get("use_singer_decimal"))
        zone = stream.source_timezone
        self.names = selected
        self.converters = [(i, n, f) for i, n in enumerate(selected)
                           if (f := converter_for(outputs[n].column.type, zone, singer_decimal=singer_decimal))]
        columns = [outputs[n].expression.label(n) for n in selected]
        self.keys = [outputs[k].expression for k in stream.primary_keys]
        self.key_positions = [selected.index(k) for k in stream.primary_keys]
        self.sort: sa.ColumnElement | None = None
        self.sort_type: sa.types.TypeEngine | None = None
        if stream.replication_method == REPLICATION_INCREMENTAL and stream.replication_key:
            rk = outputs[stream.replication_key]
            self.sort, self.sort_type = rk.expression, rk.column.type
            if rk.column.nullable:  # NULL-free, so (rk, pk) comparisons are total
                self.sort = sa.func.coalesce(rk.expression, sa.literal(NULL_REPLICATION_VALUE, rk.expression.type),
                                             type_=rk.expression.type)
                columns.append(self.sort.label("__replication_sort"))
                self.sort_position = len(columns) - 1
            else:
                self.sort_position = selected.index(stream.replication_key)
        self.base = sa.select(*columns).select_from(from_clause)

    def page(self, *, start: dt.datetime | None, after: tuple | None, limit: int) -> sa.Select:
        query = self.base
        order = [*([self.sort] if self.sort is not None else []), *self.keys]
        if after is not None:
            query = query.where(_after(order, after))
        elif start is not None and self.sort is not None:
            query = query.where(self.sort >= sa.literal(start, self.sort.type))
        return query.order_by(*order).limit(limit)

    def position(self, row: t.Sequence) -> tuple:
        keys = tuple(row[i] for i in self.key_positions)
        return (row[self.sort_position], *keys) if self.sort is not None else keys

    def record(self, row: t.Sequence) -> dict:
        record = dict(zip(self.names, row, strict=False))  # a trailing sort column is not a property
        for i, name, convert in self.converters:
            value = row[i]
            if value is not None:
                record[name] = convert(value)
        return record


def _after(order: list[sa.ColumnElement], values: tuple) -> sa.ColumnElement[bool]:
    """``(a, b, c) > (x, y, z)`` as ``a >= x AND (a > x OR (a = x AND (b > y OR …)))``.

    The leading ``a >= x`` lets MySQL use a range scan on the sort column's index.
    """
    head, value = order[0], values[0]
    if len(order) == 1:
        return head > value
    rest = _after(order[1:], values[1:])
    return sa.and_(head >= value, sa.or_(head > value, sa.and_(head == value, rest)))
