"""One sink per stream: batches staged through COPY and merged in one transaction each.

A batch starts with its first record.  Records are encoded to COPY text as they arrive
(validating them, see ``encoding``); every ~1 MB of text is handed to a ``COPY`` into a
temporary staging table that runs in a background thread on the batch's own connection.
When the batch is drained (full, end of input, schema change, STATE bookkeeping) the COPY
ends and one statement merges the staging table into the target table:

* with key properties: ``INSERT … ON CONFLICT (keys) DO UPDATE`` — de-duplicated first
  (``DISTINCT ON``) when a key repeated within the batch, so the last record wins; a plain
  ``INSERT`` when the target table is empty and no key repeated;
* without: ``INSERT`` (append).

Then the transaction commits.  Any error rolls the whole batch back.  The rows changed are
counted for the ``ANALYZE`` at the end of the load (see ``analyze``).
"""

from __future__ import annotations

import io
import re
import typing as t
from array import array
from datetime import datetime, timedelta, timezone

import psycopg2
from singer_sdk.sinks import Sink

from target_warehouse import connector
from target_warehouse.commits import Commit
from target_warehouse.copy_stream import CopyFeeder
from target_warehouse.encoding import NULL, Column, build_encoder
from target_warehouse.errors import InvalidMessageError, LoadError, SchemaError
from target_warehouse.identifiers import (
    conform_name,
    conform_names,
    qualified,
    schema_from_stream,
    table_name,
)
from target_warehouse.statements import Statements

CHUNK_CHARS = 1 << 20  # COPY text handed to the server at a time
FROM_MESSAGE = ("_sdc_extracted_at", "_sdc_received_at", "_sdc_batched_at", "_sdc_sequence",
                "_sdc_table_version")  # metadata taken from the message/clock, not the record
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_MICROSECOND = timedelta(microseconds=1)
_COPY_LINE = re.compile(r"COPY \S+, line (\d+)")
_STALE = object()


def _now() -> datetime:
    return datetime.now(timezone.utc)


class WarehouseSink(Sink):
    """Loads one stream into ``<default_target_schema>.<stream>``."""

    MAX_SIZE_DEFAULT = 100_000

    def __init__(self, target: t.Any, stream_name: str, schema: dict, key_properties: t.Any):
        super().__init__(target, stream_name, schema, key_properties)
        self._target = target
        self._pool = target.pool
        self._rows = 0
        self._lines: list[str] = []
        self._chars = 0
        self._input_lines = array("q")
        self._seen: set = set()
        self._flags = [False, False]  # [a key repeated, a record carries _sdc_deleted_at]
        self._conn: t.Any = None
        self._feeder: CopyFeeder | None = None
        self._commit: Commit | None = None
        self._tail = ""  # metadata columns of the row: "\t<extracted>\t…\n"
        self._extracted: t.Any = _STALE  # time_extracted and version the tail was made for
        self._version: t.Any = _STALE
        self._max_rows = self.max_size
        self._batched_at = ""
        self._received_us = 0

    # -- SDK hooks ---------------------------------------------------------------------

    def get_validator(self) -> None:
        return None  # validation is compiled into the encoder (see encoding.py)

    def _add_sdc_metadata_to_schema(self) -> None:
        props = self.schema["properties"]
        for name in connector.METADATA_TYPES:
            integer = name in ("_sdc_sequence", "_sdc_table_version")
            props[name] = ({"type": ["null", "integer"]} if integer
                           else {"type": ["null", "string"], "format": "date-time"})

    @property
    def current_size(self) -> int:
        return self._rows

    @property
    def metadata(self) -> bool:
        return bool(self.include_sdc_metadata_properties)

    def setup(self) -> None:
        props = self.schema["properties"]
        missing = [k for k in self.key_properties if k not in props]
        if missing:
            msg = f"key properties {missing} are not in the schema's properties"
            raise SchemaError(msg, stream=self.stream_name)
        configured = self.config.get("default_target_schema")
        self.schema_name = (conform_name(configured) if configured
                            else schema_from_stream(self.stream_name) or "public")
        self.table_name = table_name(self.stream_name)
        self.full_table_name = qualified(self.schema_name, self.table_name)
        self._statistics = self._target.table_statistics(self.full_table_name, self.logger)
        names = conform_names(props)
        try:
            wanted = {names[p]: connector.METADATA_TYPES.get(p) or connector.field_type(s).sql_type
                      for p, s in props.items()}
        except connector.SchemaTypeError as exc:
            raise SchemaError(str(exc), stream=self.stream_name) from None
        keys = [names[k] for k in self.key_properties]
        conn = self._pool.acquire()
        try:
            table = connector.prepare_table(conn, self.schema_name, self.table_name, wanted, keys,
                                            self.logger)
        except psycopg2.Error as exc:
            conn.rollback()
            raise LoadError(f"cannot prepare table {self.full_table_name}: {exc}".strip(),
                            stream=self.stream_name) from None
        finally:
            self._pool.release(conn)
        required = set(self.schema.get("required") or ())
        columns = [
            Column(p, names[p], connector.field_type(s), connector.family(table[names[p]]),
                   key=p in self.key_properties, required=p in required,
                   marks_deleted=p == "_sdc_deleted_at")
            for p, s in props.items() if not (self.metadata and p in FROM_MESSAGE)
        ]
        self._encode = build_encoder(self.stream_name, columns, self.logger, self._seen, self._flags)
        self.sql = Statements.build(self.full_table_name, table, [c.name for c in columns], keys,
                                    metadata=self.metadata)

    # -- records -----------------------------------------------------------------------

    def _make_tail(self, extracted: t.Any, version: t.Any, line: int) -> str:
        """The staged metadata of a row: extracted and received (epoch µs), version."""
        if not self.metadata:
            return "\n"
        if extracted is None:
            extracted_us = NULL
        else:
            try:
                moment = datetime.fromisoformat(extracted)
            except (TypeError, ValueError):
                msg = f"'time_extracted' is not a date-time: {extracted!r}"
                raise InvalidMessageError(msg, stream=self.stream_name, line=line) from None
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=timezone.utc)
            extracted_us = (moment - _EPOCH) // _MICROSECOND
        if version is None:
            version = NULL
        elif type(version) is not int:
            msg = f"'version' must be an integer, got {version!r}"
            raise InvalidMessageError(msg, stream=self.stream_name, line=line)
        return f"\t{extracted_us}\t{self._received_us}\t{version}\n"

    def _tick(self) -> None:
        """Refresh _sdc_received_at (once per chunk of COPY text)."""
        now = _now()
        self._received_us = (now - _EPOCH) // _MICROSECOND
        if not self._rows:
            self._batched_at = now.isoformat()
        self._extracted = _STALE

    def append(self, record: dict, message: dict, line: int) -> bool:
        """Encode one record into the batch; True when the batch is full."""
        extracted, version = message.get("time_extracted"), message.get("version")
        if extracted != self._extracted or version != self._version:
            if not self._rows:
                self._tick()
            self._tail = self._make_tail(extracted, version, line)
            self._extracted, self._version = extracted, version
        text = self._encode(record, line, self._tail)
        self._lines.append(text)
        self._input_lines.append(line)
        self._rows += 1
        self._chars += len(text)
        if self._chars >= CHUNK_CHARS:
            self._flush()
        return self._rows >= self._max_rows

    def process_record(self, record: dict, context: dict) -> None:  # SDK API; unused by us
        if self.append(record, {}, 0):
            self._target.drain_one(self)

    def _take_chunk(self) -> bytes:
        data = "".join(self._lines).encode("utf-8")
        self._lines.clear()
        self._chars = 0
        return data

    def _flush(self) -> None:
        if self._feeder is None:
            if not self._target.may_open_copy():
                self._target.drain_all()  # also drains (and commits) this batch
                return
            self._begin()
            self._feeder = CopyFeeder(self._conn.cursor(), self.sql.copy, self.stream_name)
        self.record_counter_metric.increment(len(self._lines))
        self._feeder.write(self._take_chunk())
        self._tick()

    def _begin(self) -> None:
        self._conn = self._pool.acquire()
        with self._conn.cursor() as cur:
            cur.execute(self.sql.create_stage)

    # -- batches -----------------------------------------------------------------------

    @property
    def copying(self) -> bool:
        return self._feeder is not None

    def process_batch(self, context: dict) -> None:
        """End the COPY; merge and commit in the background (see commits.py)."""
        rows = self._rows
        self.tally_record_read(rows)
        try:
            if self._feeder is None:
                self._begin()
                self.record_counter_metric.increment(len(self._lines))
                with self._conn.cursor() as cur:
                    cur.copy_expert(self.sql.copy, io.BytesIO(self._take_chunk()), size=1 << 16)
            else:
                if self._lines:
                    self.record_counter_metric.increment(len(self._lines))
                    self._feeder.write(self._take_chunk())
                self._feeder.finish()
        except psycopg2.Error as exc:
            error = self._load_error(exc, self._input_lines)
            self.abort()
            raise error from None
        except BaseException:
            self.abort()
            raise
        final = self._target.ending  # the stream's last batch: its table's statistics follow
        conn, batch = self._conn, {"dup": self._flags[0], "deleted": self._flags[1],
                                   "batched_at": self._batched_at,
                                   "hard_delete": bool(self.config.get("hard_delete"))}
        self._conn = self._feeder = None  # the connection now belongs to the commit
        self._reset()

        def merge_and_commit() -> None:
            try:
                with conn.cursor() as cur:
                    changed = self.sql.merge(cur, **batch)
                conn.commit()
                self.logger.info("Loaded %d rows into %s", rows, self.full_table_name)
                self._statistics.count(changed)
                if final:
                    self._statistics.refresh(conn)
            except psycopg2.Error as exc:
                error = self._load_error(exc, array("q"))  # no COPY line to point at
                conn.rollback()
                self._pool.release(conn, discard=True)
                raise error from None
            except BaseException:
                self._pool.release(conn, discard=True)
                raise
            self._pool.release(conn)

        self._commit = Commit(merge_and_commit, self._commit, self.stream_name)
        self._target.commits.track(self._commit)

    def wait(self) -> None:
        """Block until this stream's batches are committed; raise if one failed."""
        if self._commit is not None:
            self._commit.wait()
            if self._commit.error is not None:
                raise self._commit.error

    def _load_error(self, exc: psycopg2.Error, input_lines: array) -> LoadError:
        message = (exc.diag.message_primary or str(exc)).strip()
        line = None
        if match := _COPY_LINE.search(exc.diag.context or ""):
            index = int(match.group(1)) - 1
            if 0 <= index < len(input_lines):
                line = input_lines[index]
        return LoadError(f"PostgreSQL rejected the batch for {self.full_table_name}: {message}",
                         stream=self.stream_name, line=line)

    def _reset(self) -> None:
        self._rows = self._chars = 0
        self._lines.clear()
        del self._input_lines[:]
        self._seen.clear()
        self._flags[0] = self._flags[1] = False
        self._extracted = _STALE

    def abort(self) -> None:
        """Abandon the batch being staged: nothing of it is committed."""
        if self._feeder is not None:
            self._feeder.abort()
        if self._conn is not None:
            try:
                self._conn.rollback()
            except psycopg2.Error:
                pass
            self._pool.release(self._conn, discard=True)
        self._conn = self._feeder = None
        self._reset()

    def activate_version(self, new_version: int) -> None:
        """Rows of older table versions are soft-deleted (or deleted with hard_delete)."""
        if not self.sql.deleted_column:
            self.logger.warning("ACTIVATE_VERSION for '%s' ignored: add_record_metadata is off",
                                self.stream_name)
            return
        target = self.full_table_name
        sql = self.sql.retire(new_version, hard_delete=bool(self.config.get("hard_delete")))
        conn = self._pool.acquire()
        try:
            with conn.cursor() as cur:
                cur.execute(sql)
                count = cur.rowcount
            conn.commit()
            self._statistics.count(count)  # retiring many rows skews the plans too
        except psycopg2.Error as exc:
            conn.rollback()
            raise LoadError(f"ACTIVATE_VERSION failed on {target}: {exc}".strip(),
                            stream=self.stream_name) from None
        finally:
            self._pool.release(conn)
        action = "deleted" if self.config.get("hard_delete") else "soft-deleted"
        self.logger.info("ACTIVATE_VERSION %s: %s %d rows of older versions in %s",
                         new_version, action, count, target)

    def clean_up(self) -> None:
        self.abort()  # nothing is pending after a drain; this only ever drops a failed batch
        self.wait()
        super().clean_up()
