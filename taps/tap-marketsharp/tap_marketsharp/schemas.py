"""Stream schemas from MarketSharp's ``$metadata``: each EDM property → a JSON-schema column.

Column names are the snake_case of the property names (``lastUpdate`` → ``last_update``), the
names the predecessor's warehouse used.  Keys are NOT NULL; every other column is nullable,
whatever the ``Nullable`` facet says, so a vendor-side null never stops a load.
"""

from __future__ import annotations

import typing as t
from decimal import Decimal

from tap_common import snake_case
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


def converter(edm: str) -> t.Callable[[str], t.Any]:
    """Wire text → Python value (instants stay text: the kit's coercion spells them once)."""
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
    return str


def edm_datetime(text: str) -> str:
    """WCF writes .NET ticks (7 fractional digits: SQL Server's 1/300 s as ``.4666667``); Python
    keeps 6 and would cut the 7th, so round it here (``.466667``), the value SQL Server holds."""
    head, dot, fraction = text.partition(".")
    if len(fraction) <= 6 or not fraction[:7].isdigit():
        return text
    rest = fraction[7:]
    micro = (int(fraction[:7]) + 5) // 10
    if micro < 1_000_000:
        return f"{head}.{micro:06d}{rest.lstrip('0123456789')}"
    from datetime import datetime, timedelta  # noqa: PLC0415 - the rare carry into the next second

    return (datetime.fromisoformat(head) + timedelta(seconds=1)).isoformat() + rest.lstrip("0123456789")


def _boolean(text: str) -> bool:
    return text == "true"


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
