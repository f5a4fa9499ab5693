"""From HubSpot property definitions to a typed JSON schema, and from HubSpot's string values to
typed record values (HubSpot returns every property value as a string)."""

from __future__ import annotations

import math
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
    """A HubSpot property value → the typed value its JSON schema promises.

    HubSpot documents every property value as a string (``"12.5"``, ``"true"``,
    ``"2024-01-17T19:55:04.281Z"``, ``"2024-01-17"``, ``"a;b"``), empty as ``""`` or null; JSON
    numbers and booleans are accepted too.  A value that does not parse as its declared type
    becomes null rather than failing the sync (the raw value cannot fit the typed column).
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return _convert(kind, value)
    except (TypeError, ValueError, OverflowError):
        return None


def _convert(kind: str, value: t.Any) -> t.Any:
    if kind == "number":
        if isinstance(value, bool):
            return int(value)
        if isinstance(value, (int, float)):
            return value
        text = str(value).strip()
        if _INTEGER.fullmatch(text):
            return int(text)
        number = float(text)
        if not math.isfinite(number):
            raise ValueError(text)
        return number
    if kind == "bool":
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in ("true", "false"):
            return text == "true"
        raise ValueError(text)
    if kind == "datetime":  # one fixed format (the SDK's): bookmarks compare as strings
        return _instant(value).isoformat(timespec="microseconds")
    if kind == "date":
        text = str(value).strip()
        if text.lstrip("-").isdigit():  # epoch milliseconds (midnight UTC)
            return _instant(text).date().isoformat()
        return datetime.fromisoformat(text[:10]).date().isoformat()
    return value if isinstance(value, str) else str(value)


def _instant(value: t.Any) -> datetime:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return datetime.fromtimestamp(value / 1000, tz=timezone.utc)
    text = str(value).strip()
    if text.lstrip("-").isdigit():  # legacy epoch milliseconds
        return datetime.fromtimestamp(int(text) / 1000, tz=timezone.utc)
    parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return (parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)).astimezone(timezone.utc)


def to_epoch_ms(value: str | datetime) -> int:
    """A bookmark (ISO string or datetime) → epoch milliseconds (floored), as search filters take them."""
    instant = value if isinstance(value, datetime) else _instant(value)
    instant = instant if instant.tzinfo else instant.replace(tzinfo=timezone.utc)
    return (instant - EPOCH) // timedelta(milliseconds=1)


def from_epoch_ms(value: int) -> datetime:
    return EPOCH + timedelta(milliseconds=value)
