"""How the target handles each Singer message (the SDK's semantics, a faster record path).

* RECORD: routed to its sink (through stream maps only when they change something) and
  encoded straight into the batch.  A full batch drains every sink, so the latest STATE
  can follow.
* SCHEMA: checked (an object with ``properties``; key properties among them).  A changed
  schema first commits the stream's pending batch, then evolves the table.
* STATE: becomes due when no record before it is still being staged (at once, or at the
  next drain), and is written to stdout once the merges in flight at that moment have
  committed (``commits.StateGate``): a bookmark never gets ahead of the warehouse.
* ACTIVATE_VERSION: commits the stream's pending batch, then retires older versions.
* End of input: the last batches commit; then every table the run changed by more than
  ~10 % (or created) is analyzed, so dbt plans on fresh statistics (``analyze``).
"""

from __future__ import annotations

import copy
import typing as t
from decimal import Decimal

import msgspec
from singer_sdk.mapper import RemoveRecordTransform, SameRecordTransform

from target_warehouse.analyze import TableStatistics
from target_warehouse.commits import StateGate
from target_warehouse.errors import InvalidMessageError, RecordBeforeSchemaError, SchemaError

_encode_json = msgspec.json.Encoder(decimal_format="number").encode
MAX_OPEN_COPIES = 8  # batches streaming COPY at once (each holds a connection)


def _plain_numbers(value: t.Any) -> t.Any:
    """Schemas hold JSON Schema keywords; give them ints/floats, not Decimals."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: _plain_numbers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain_numbers(v) for v in value]
    return value


def _stream_of(message: dict, kind: str) -> str:
    stream = message.get("stream")
    if not isinstance(stream, str) or not stream:
        msg = f"{kind} message without a 'stream' name"
        raise InvalidMessageError(msg)
    return stream


class MessageHandling:
    """Mixed into the Target class; ``self`` is a ``singer_sdk.Target``."""

    _routes: dict[str, t.Callable[[dict, dict, int], bool]]
    commits: StateGate
    _records_since_age_check = 0
    _statistics: dict[str, TableStatistics]
    ending = False  # the input has ended: batches drained now are their stream's last

    # -- RECORD --------------------------------------------------------------------------

    def _route(self, message: dict) -> t.Callable[[dict, dict, int], bool]:
        """``append(record, message, line) -> full?`` for the message's stream (cached)."""
        stream = _stream_of(message, "RECORD")
        if stream not in self.mapper.stream_maps:
            msg = "RECORD before the stream's SCHEMA"
            raise RecordBeforeSchemaError(msg, stream=stream)
        route = []
        for stream_map in self.mapper.stream_maps[stream]:
            if isinstance(stream_map, RemoveRecordTransform):
                continue
            sink = self.get_sink(stream_map.stream_alias)
            identity = type(stream_map) is SameRecordTransform and not stream_map.flattening_enabled
            route.append((sink, None if identity else stream_map))
        if len(route) == 1 and route[0][1] is None:
            append = route[0][0].append  # the common case: straight into the one sink
        else:
            def append(record: dict, message: dict, line: int) -> bool:
                full = False
                for sink, stream_map in route:
                    mapped = record if stream_map is None else stream_map.transform(copy.copy(record))
                    if mapped is not None:
                        full = sink.append(mapped, message, line) or full
                return full
        self._routes[stream] = append
        return append

    def _process_record_message(self, message: dict) -> None:
        try:
            append = self._routes[message["stream"]]
        except (KeyError, TypeError):
            append = self._route(message)
        record = message.get("record")
        if type(record) is not dict:
            msg = "RECORD message without a 'record' object"
            raise InvalidMessageError(msg, stream=message.get("stream"))
        if append(record, message, self.message_reader.line_number):
            self.logger.info("A batch of '%s' is full; draining all streams", message["stream"])
            self.drain_all()
        self._records_since_age_check += 1
        if self._records_since_age_check >= 1000:
            self._records_since_age_check = 0
            self.commits.poll()  # pass on STATE whose batches have committed meanwhile
            self._handle_max_record_age()

    def may_open_copy(self) -> bool:
        return sum(s.copying for s in self._all_sinks()) < MAX_OPEN_COPIES

    def _all_sinks(self) -> list[t.Any]:
        return [*self._sinks_to_clear, *self._sinks_active.values()]

    # -- SCHEMA --------------------------------------------------------------------------

    def _process_schema_message(self, message: dict) -> None:
        stream = _stream_of(message, "SCHEMA")
        schema = message.get("schema")
        if not isinstance(schema, dict) or not isinstance(schema.get("properties"), dict):
            msg = "SCHEMA message has no 'properties' object; cannot create a table from it"
            raise SchemaError(msg, stream=stream)
        keys = message.get("key_properties")
        if keys is not None and (not isinstance(keys, list)
                                 or not all(isinstance(k, str) for k in keys)):
            msg = f"'key_properties' must be a list of property names, got {keys!r}"
            raise SchemaError(msg, stream=stream)
        missing = [k for k in keys or () if k not in schema["properties"]]
        if missing:
            msg = f"key properties {missing} are not in the schema's properties"
            raise SchemaError(msg, stream=stream)
        self._routes.clear()
        schema = _plain_numbers(schema)
        known = self.mapper.stream_maps.get(stream)
        if known and known[0].raw_schema == schema and known[0].raw_key_properties == keys:
            return  # a repeated SCHEMA changes nothing
        self.mapper.register_raw_stream_schema(stream, schema, keys)
        for stream_map in self.mapper.stream_maps[stream]:
            if isinstance(stream_map, RemoveRecordTransform):
                continue  # mapped to null: no table
            self.get_sink(stream_map.stream_alias, schema=stream_map.transformed_schema,
                          key_properties=stream_map.transformed_key_properties)

    def get_sink(self, stream_name: str, *, record: dict | None = None,
                 schema: dict | None = None, key_properties: t.Any = None) -> t.Any:
        existing = self._sinks_active.get(stream_name)
        if schema is not None and existing is not None and (
            existing.original_schema != schema
            or list(existing.key_properties) != list(key_properties or [])
        ):
            self.drain_one(existing)  # commit its rows before the table changes under them
            existing.wait()
            self._state_if_idle()
        return super().get_sink(stream_name, record=record, schema=schema,
                                key_properties=key_properties)

    # -- STATE ---------------------------------------------------------------------------

    def _process_state_message(self, message: dict) -> None:
        if "value" not in message:
            raise InvalidMessageError("STATE message without a 'value'")
        self._latest_state = message["value"]
        self._state_if_idle()
        self.commits.poll()

    def _state_if_idle(self) -> None:
        """Pass on the latest STATE if no record before it is still being staged."""
        if self._latest_state is not None and not any(s.current_size for s in self._all_sinks()):
            self._write_state_message(self._latest_state)

    def _write_state_message(self, state: dict) -> None:
        """Called once every record before ``state`` is staged: emit after the commits."""
        self.commits.submit(_encode_json(state).decode("utf-8"))

    # -- ACTIVATE_VERSION, BATCH ------------------------------------------------------

    def _process_activate_version_message(self, message: dict) -> None:
        stream = _stream_of(message, "ACTIVATE_VERSION")
        version = message.get("version")
        if type(version) is not int:
            msg = f"ACTIVATE_VERSION needs an integer 'version', got {version!r}"
            raise InvalidMessageError(msg, stream=stream)
        if stream not in self.mapper.stream_maps:
            raise RecordBeforeSchemaError("ACTIVATE_VERSION before the stream's SCHEMA",
                                          stream=stream)
        for stream_map in self.mapper.stream_maps[stream]:
            if isinstance(stream_map, RemoveRecordTransform):
                continue
            sink = self.get_sink(stream_map.stream_alias)
            if not sink.process_activate_version_messages:
                self.logger.warning("ACTIVATE_VERSION for '%s' ignored (disabled by config)",
                                    sink.stream_name)
                continue
            self.drain_one(sink)  # the new version's rows first, then retire the old ones
            sink.wait()
            sink.activate_version(version)
        self._state_if_idle()

    def _process_batch_message(self, message: dict) -> None:
        raise InvalidMessageError("BATCH messages are not supported by target-warehouse",
                                  stream=message.get("stream"))

    # -- failure and shutdown ------------------------------------------------------------

    def abort_pending(self) -> None:
        """Bad input: abandon the batches being staged (rolled back), let complete batches
        already committing finish, and pass on the STATE they make safe."""
        for sink in self._all_sinks():
            sink.abort()
        self.commits.settle()

    # -- statistics --------------------------------------------------------------------

    def table_statistics(self, target: str, logger: t.Any) -> TableStatistics:
        """The change count of table ``target``; one per table, whichever sink loads it."""
        if target not in self._statistics:
            self._statistics[target] = TableStatistics(target, logger)
        return self._statistics[target]

    def _refresh_statistics(self) -> None:
        """Tables whose last batch committed before the end of input (or ACTIVATE_VERSION)."""
        for statistics in self._statistics.values():
            if statistics.changed:
                conn = self.pool.acquire()
                try:
                    statistics.refresh(conn)
                finally:
                    self.pool.release(conn)

    def process_endofpipe(self) -> None:
        self.ending = True
        try:
            super().process_endofpipe()
            self.commits.poll(wait=True)
            self._refresh_statistics()
        except BaseException:
            self.abort_pending()
            raise
        finally:
            self.pool.close()
