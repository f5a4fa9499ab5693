"""Column types: reflected SQL type → JSON Schema, and a fast per-column value converter.

The converters turn what the driver returns into JSON-ready values once, so records can be
encoded without the SDK's generic per-record type conformance:

* ``tinyint(1)``/BOOLEAN → ``true``/``false``; every other integer width stays an integer
  (unsigned BIGINT keeps its full range up to 2**64-1);
* DECIMAL stays a ``Decimal`` and is encoded as an exact JSON number (or a string with
  ``use_singer_decimal``);
* DATETIME → ISO-8601 with the offset of ``source_timezone``; TIMESTAMP → ISO-8601 UTC
  (sessions run with ``time_zone = '+00:00'``); DATE → ``YYYY-MM-DD``; TIME → ``[-]HH:MM:SS[.f]``
  (MySQL TIME is elapsed time and may pass 24 h).  With pymysql these arrive as text
  (``connector.RAW_TEMPORAL``), other drivers give ``datetime``/``date``/``time``/``timedelta``;
* MySQL zero dates (``0000-00-00``, or a zero month/day) become NULL;
* JSON (MySQL JSON, MariaDB's ``LONGTEXT CHECK (json_valid(...))``) → the parsed value, typed
  as the union of every JSON type (an object, an array or a scalar).
"""

from __future__ import annotations

import datetime as dt
import functools
import typing as t
from decimal import Decimal
from zoneinfo import ZoneInfo

import msgspec
import sqlalchemy as sa
from singer_sdk import typing as th
from singer_sdk.sql.connector import SQLToJSONSchema
from sqlalchemy.dialects import mysql

Converter = t.Callable[[t.Any], t.Any]

UTC = dt.timezone.utc
_INT_RANGES = {  # MySQL integer type → bits (ranges go into the schema as minimum/maximum)
    mysql.TINYINT: 8, mysql.SMALLINT: 16, mysql.MEDIUMINT: 24, mysql.INTEGER: 32, mysql.BIGINT: 64,
}
#: A JSON column may hold any JSON value (targets store the union as JSON).
ANY_JSON = {"type": ["object", "array", "string", "number", "boolean", "null"]}


class GeniusJSON(sa.types.TypeDecorator):
    """A MariaDB JSON column (reflected as LONGTEXT) or a MySQL/SQLite JSON column."""

    impl = sa.Text
    cache_ok = True


def is_boolean(sql_type: sa.types.TypeEngine) -> bool:
    return isinstance(sql_type, sa.Boolean) or (
        isinstance(sql_type, mysql.TINYINT) and getattr(sql_type, "display_width", None) == 1)


class GeniusSQLToJSONSchema(SQLToJSONSchema):
    """The SDK's mapping plus MySQL's booleans, integer ranges, TIME and JSON."""

    @functools.singledispatchmethod
    def to_jsonschema(self, column_type: sa.types.TypeEngine) -> dict:
        return super().to_jsonschema(column_type)  # the SDK's own dispatch for the other types

    @to_jsonschema.register
    def integer_to_jsonschema(self, column_type: sa.types.Integer) -> dict:
        if is_boolean(column_type):
            return th.BooleanType.type_dict
        schema = dict(th.IntegerType.type_dict)
        bits = next((b for cls, b in _INT_RANGES.items() if isinstance(column_type, cls)), None)
        if bits:
            unsigned = getattr(column_type, "unsigned", False)
            schema["minimum"] = 0 if unsigned else -(2 ** (bits - 1))
            schema["maximum"] = 2**bits - 1 if unsigned else 2 ** (bits - 1) - 1
        return schema

    @to_jsonschema.register
    def boolean_to_jsonschema(self, column_type: sa.types.Boolean) -> dict:
        return th.BooleanType.type_dict

    @to_jsonschema.register
    def json_to_jsonschema(self, column_type: sa.types.JSON) -> dict:
        return dict(ANY_JSON)

    @to_jsonschema.register
    def genius_json_to_jsonschema(self, column_type: GeniusJSON) -> dict:
        return dict(ANY_JSON)



# --- converters -------------------------------------------------------------------------

def _is_zero_date(text: str) -> bool:
    """MySQL zero dates: ``0000-00-00`` and any date with a zero month or day."""
    return text[5:7] == "00" or text[8:10] == "00"


def datetime_converter(zone: dt.tzinfo) -> Converter:
    """A DATETIME in ``zone`` → ISO-8601 with offset; zero dates → None.

    On MySQL the driver hands over the text (``YYYY-MM-DD HH:MM:SS[.f]``, see
    ``connector.RAW_TEMPORAL``); other drivers hand over ``datetime`` objects.
    """
    cls = dt.datetime
    offset = dt.timedelta(0) if getattr(zone, "key", None) in ("UTC", "Etc/UTC") else (
        None if isinstance(zone, ZoneInfo) else zone.utcoffset(None))
    if offset is not None:  # fixed offset: append it, no per-value zone arithmetic
        suffix = dt.datetime(2000, 1, 1, tzinfo=dt.timezone(offset)).isoformat()[19:]

        def fixed(v: t.Any) -> str | None:  # noqa: ANN401
            if v.__class__ is str:
                return None if _is_zero_date(v) else f"{v[:10]}T{v[11:]}{suffix}"
            if v.__class__ is cls:
                return (v if v.tzinfo is None else v.astimezone(zone).replace(tzinfo=None)).isoformat() + suffix
            return None

        return fixed

    def zoned(v: t.Any) -> str | None:  # noqa: ANN401
        if v.__class__ is str:
            if _is_zero_date(v):
                return None
            v = cls.fromisoformat(v)
        if v.__class__ is cls:
            return (v.replace(tzinfo=zone) if v.tzinfo is None else v.astimezone(zone)).isoformat()
        return None

    return zoned


def date_converter(v: t.Any) -> str | None:  # noqa: ANN401
    if v.__class__ is str:
        return None if _is_zero_date(v) else v[:10]
    return v.isoformat() if isinstance(v, dt.date) else None


def time_converter(v: t.Any) -> str | None:  # noqa: ANN401
    if v.__class__ is str:  # MySQL text: [-]HHH:MM:SS[.ffffff], already what we emit
        return v
    if isinstance(v, dt.timedelta):  # MySQL TIME through a converting driver: -838:59:59 … 838:59:59
        sign, v = ("-", -v) if v < dt.timedelta(0) else ("", v)
        seconds = v.days * 86_400 + v.seconds
        text = f"{sign}{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
        return text + f".{v.microseconds:06d}" if v.microseconds else text
    return v.isoformat() if isinstance(v, dt.time) else None


_json_decode = msgspec.json.Decoder().decode


def json_converter(v: t.Any) -> t.Any:
    return _json_decode(v) if isinstance(v, (str, bytes)) else v


def decimal_as_string(v: t.Any) -> t.Any:
    return str(v) if isinstance(v, Decimal) else v


def converter_for(sql_type: sa.types.TypeEngine, zone: dt.tzinfo, *, singer_decimal: bool = False) -> Converter | None:
    """The converter for one column, or None when the driver's value is already JSON-ready."""
    if is_boolean(sql_type):
        return bool
    if isinstance(sql_type, (GeniusJSON, sa.types.JSON)):
        return json_converter
    if isinstance(sql_type, sa.types.TIMESTAMP):
        return datetime_converter(UTC)
    if isinstance(sql_type, sa.types.DateTime):
        return datetime_converter(zone)
    if isinstance(sql_type, sa.types.Date):
        return date_converter
    if isinstance(sql_type, sa.types.Time):
        return time_converter
    if isinstance(sql_type, sa.types.Numeric) and not isinstance(sql_type, sa.types.Float) and singer_decimal:
        return decimal_as_string
    return None


def bookmark_to_naive(value: dt.datetime, sql_type: sa.types.TypeEngine, zone: dt.tzinfo) -> dt.datetime:
    """A bookmark instant → the naive value to compare with the column in SQL."""
    parsed = value
    target = UTC if isinstance(sql_type, sa.types.TIMESTAMP) else zone
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(target).replace(tzinfo=None)
    return parsed
