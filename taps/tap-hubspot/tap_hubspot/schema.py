"""From HubSpot property definitions to a typed JSON schema, and from HubSpot's string values to
typed record values (HubSpot returns every property value as a string)."""

from __future__ import annotations

import re
import typing as t
from datetime import datetime, timedelta, timezone

#: HubSpot property ``type`` → JSON schema; anything else (string, phone_number, json…) is a string.
TYPES: dict[str, dict[str, t.Any]] = {
    "number": {"type": ["number", "null"]},
    "datetime": {"type": ["string", "null"], "format": "date-time"},
    "date": {"type": ["string", "null"], "format": "date"},
    "bool": {"type": ["boolean", "null"]},
    "enumeration": {"type": ["string", "null"]},
}
STRING = {"type": ["string", "null"]}
#: Columns every object stream has besides its properties.
TOP_LEVEL: dict[str, dict[str, t.Any]] = {
    "id": {"type": ["string"]},
    "created_at": {"type": ["string", "null"], "format": "date-time"},
    "updated_at": {"type": ["string", "null"], "format": "date-time"},
    "archived": {"type": ["boolean", "null"]},
    "_sdc_deleted_at": {"type": ["string", "null"], "format": "date-time"},
}
_INTEGER = re.compile(r"-?\d+")
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def object_schema(definitions: list[dict[str, t.Any]]) -> dict[str, t.Any]:
    """JSON schema for one object type: the top-level columns plus one column per property."""
    properties = dict(TOP_LEVEL)
    for prop in definitions:
        if prop["name"] not in TOP_LEVEL:
            properties[prop["name"]] = dict(TYPES.get(prop.get("type", "string"), STRING))
    return {"type": "object", "properties": properties, "required": ["id"]}


def convert(kind: str, value: t.Any) -> t.Any:
    """A HubSpot property value (a string) → the typed value its JSON schema promises."""
    if value is None or value == "":
        return None
    if kind == "number":
        text = str(value).strip()
        return int(text) if _INTEGER.fullmatch(text) else float(text)
    if kind == "bool":
        return str(value).strip().lower() == "true"
    if kind == "datetime":  # one fixed format (the SDK's): bookmarks compare as strings
        return _instant(value).isoformat(timespec="microseconds")
    if kind == "date":
        return _instant(value).date().isoformat() if str(value).strip().isdigit() else str(value)[:10]
    return value if isinstance(value, str) else str(value)


def _instant(value: t.Any) -> datetime:
    text = str(value).strip()
    if text.lstrip("-").isdigit():  # legacy epoch milliseconds
        return datetime.fromtimestamp(int(text) / 1000, tz=timezone.utc)
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(timezone.utc)


def to_epoch_ms(value: str | datetime) -> int:
    """A bookmark (ISO string or datetime) → epoch milliseconds (floored), as search filters take them."""
    instant = value if isinstance(value, datetime) else _instant(value)
    instant = instant if instant.tzinfo else instant.replace(tzinfo=timezone.utc)
    return (instant - EPOCH) // timedelta(milliseconds=1)


def from_epoch_ms(value: int) -> datetime:
    return EPOCH + timedelta(milliseconds=value)
