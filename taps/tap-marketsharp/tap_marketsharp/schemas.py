"""Stream schemas from MarketSharp's ``$metadata``: each EDM property → a JSON-schema column.

Column names are the snake_case of the property names (``lastUpdate`` → ``last_update``), the
names the predecessor's warehouse used.  Keys are NOT NULL; every other column is nullable,
whatever the ``Nullable`` facet says, so a vendor-side null never stops a load.
"""

from __future__ import annotations

import typing as t
from datetime import datetime, timedelta
from decimal import Decimal

from tap_common import snake_case, utc_iso
from tap_marketsharp.feed import EntityType

_INTEGER = {"Edm.Int16", "Edm.Int32", "Edm.Int64", "Edm.Byte", "Edm.SByte"}
_NUMBER = {"Edm.Double", "Edm.Single"}


def column_type(edm: str, max_length: int | None = None) -> dict[str, t.Any]:
    if edm in _INTEGER:
        return {"type": ["integer"]}
    if edm in _NUMBER or edm == "Edm.Decimal":
        return {"type": ["number"]}
    if edm == "Edm.Boolean":
        return {"type": ["boolean"]}
    if edm in ("Edm.DateTime", "Edm.DateTimeOffset"):
        return {"type": ["string"], "format": "date-time"}
    spec: dict[str, t.Any] = {"type": ["string"]}
    if edm == "Edm.Guid":
        spec["format"] = "uuid"
    elif max_length:
        spec["maxLength"] = max_length
    return spec


def converter(edm: str) -> t.Callable[[str], t.Any] | None:
    """Wire text → the column's value, typed from ``$metadata`` (None: the text itself), so the
    stream needs no second, schema-driven coercion pass."""
    if edm == "Edm.DateTime":
        return edm_datetime
    if edm in _INTEGER:
        return int
    if edm == "Edm.Decimal":
        return Decimal
    if edm in _NUMBER:
        return float
    if edm == "Edm.Boolean":
        return _boolean
    if edm == "Edm.Guid":
        return str.lower
    if edm == "Edm.DateTimeOffset":
        return utc_iso
    return None


def edm_datetime(text: str) -> str:
    """An ``Edm.DateTime`` (no offset: read as UTC) in the kit's one spelling of instants,
    ``2011-12-19T07:00:00.003333+00:00``.  WCF writes .NET ticks (SQL Server's 1/300 s as
    ``.0033333``); Python keeps 6 digits and would cut the 7th, so it is rounded here."""
    head, _, fraction = text.partition(".")
    if len(head) != 19 or not (fraction.isdigit() or not fraction):
        return utc_iso(text)  # an offset, a 'Z', or no seconds: the general path
    if not fraction:
        return f"{head}.000000+00:00"
    micro = (int(fraction[:7].ljust(7, "0")) + 5) // 10
    if micro < 1_000_000:
        return f"{head}.{micro:06d}+00:00"
    return utc_iso(datetime.fromisoformat(head) + timedelta(seconds=1))


def _boolean(text: str) -> bool:
    return text == "true" or text.lower() in ("true", "1")


def entity_schema(entity: EntityType) -> dict[str, t.Any]:
    keys = set(entity.key)
    properties = {}
    for prop in entity.properties:
        spec = column_type(prop.edm, prop.max_length)
        if prop.name not in keys:
            spec["type"] = [*spec["type"], "null"]
        properties[snake_case(prop.name)] = spec
    return {"type": "object", "properties": properties, "required": [snake_case(k) for k in entity.key]}


def wire_columns(entity: EntityType) -> dict[str, tuple[str, t.Callable[[str], t.Any]]]:
    """Property wire name → (column, converter), for :func:`tap_marketsharp.feed.read_feed`."""
    return {prop.name: (snake_case(prop.name), converter(prop.edm)) for prop in entity.properties}
