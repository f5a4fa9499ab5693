"""One schema-directed value coercion for every tap: the API's loose spellings → the schema's type.

APIs document numbers as strings (``"27"``, ``"$1,250.00"``), booleans as ``"true"``, instants
with any offset or as epoch milliseconds, and empty values as ``""``.  A record is made to match
its schema, column by column:

- ``integer`` / ``number`` columns: numeric strings (``$`` and thousands commas dropped) become
  ints (floats where fractional, in number columns); a boolean becomes 0/1;
- ``boolean`` columns: ``"true"``/``"false"`` (any case) become booleans;
- ``date-time`` strings: one UTC spelling with microseconds (so bookmarks compare as strings);
  epoch milliseconds are read too; ``date`` strings become ``YYYY-MM-DD``;
- scalars in string-only columns become text (``12`` → ``"12"``, ``true`` → ``"true"``);
- a value that does not parse as its declared type becomes null rather than failing the sync
  (the typed column cannot hold it); ``""`` in a non-string column is null.  With
  ``strict=True`` (files a person typed: :mod:`tap_common.files`) it raises
  :class:`CoercionError` naming the column instead.

Columns that allow strings besides other types are left alone, as are nested objects.
"""

from __future__ import annotations

import math
import re
import typing as t
from datetime import datetime, timezone
from decimal import Decimal

_INTEGER = re.compile(r"-?\d+")
_MISSING = object()


class CoercionError(ValueError):
    """A value that does not parse as its column's declared type (strict coercion only)."""

    def __init__(self, column: str, value: t.Any, expected: str) -> None:
        self.column, self.value, self.expected = column, value, expected
        super().__init__(f"column {column!r}: {_short(value)!r} is not a valid {expected}")


def _short(value: t.Any, limit: int = 60) -> t.Any:
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= limit else text[:limit] + "…"


def _kinds(spec: dict[str, t.Any]) -> set[str]:
    kinds = spec.get("type", [])
    found = {kinds} if isinstance(kinds, str) else set(kinds)
    for option in spec.get("anyOf", []) or []:
        found |= _kinds(option)
    return found


def to_number(value: t.Any, integer: bool = False) -> int | float | Decimal:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float, Decimal)):
        number = value
    else:
        text = str(value).strip().replace("$", "").replace(",", "")
        if _INTEGER.fullmatch(text):
            return int(text)
        number = float(text)
    if isinstance(number, float) and not math.isfinite(number):
        raise ValueError(value)
    if integer:
        if number != int(number):
            raise ValueError(value)  # an integer column cannot hold a fraction
        return int(number)
    return number


def to_bool(value: t.Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "false"):
        return text == "true"
    raise ValueError(value)


def to_instant(value: t.Any) -> datetime:
    """An instant in any documented spelling (ISO with or without offset, epoch ms) → aware UTC."""
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return datetime.fromtimestamp(float(value) / 1000, tz=timezone.utc)
    else:
        text = str(value).strip()
        if text.lstrip("-").isdigit():  # epoch milliseconds
            return datetime.fromtimestamp(int(text) / 1000, tz=timezone.utc)
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return (parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)).astimezone(timezone.utc)


def utc_iso(value: t.Any) -> str:
    """One spelling for every instant: ``2024-01-17T19:55:04.281000+00:00``."""
    return to_instant(value).isoformat(timespec="microseconds")


def to_date(value: t.Any) -> str:
    text = str(value).strip()
    if text.lstrip("-").isdigit():  # epoch milliseconds (midnight UTC)
        return to_instant(text).date().isoformat()
    return datetime.fromisoformat(text[:10]).date().isoformat()


def to_text(value: t.Any) -> t.Any:
    """A scalar in a string-only column as text (``12`` → ``"12"``); objects and lists stay."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, Decimal)):
        return str(value)
    return value


def _expected(spec: dict[str, t.Any]) -> str:
    """The declared type in words, for error messages."""
    kinds = _kinds(spec) - {"null"}
    return spec.get("format") or ("integer" if kinds == {"integer"} else "number" if kinds & {"number", "integer"}
                                  else "/".join(sorted(kinds)) or "value")


def _converter(spec: dict[str, t.Any]) -> t.Callable[[t.Any], t.Any] | None:
    kinds, fmt = _kinds(spec), spec.get("format")
    if "string" in kinds and fmt == "date-time":
        return utc_iso
    if "string" in kinds and fmt == "date":
        return to_date
    if kinds - {"null"} == {"string"}:
        return to_text
    if "string" in kinds:
        return None
    if "integer" in kinds and "number" not in kinds:
        return lambda v: to_number(v, integer=True)
    if "number" in kinds or "integer" in kinds:
        return to_number
    if "boolean" in kinds:
        return to_bool
    return None


class Coercer:
    """Coerce records to one schema; the per-column converters are worked out once."""

    def __init__(self, schema: dict[str, t.Any], *, blank_is_null: bool = False, strict: bool = False) -> None:
        """``blank_is_null``: the API spells an empty value ``""`` in text columns too (HubSpot).
        ``strict``: an unparsable value raises :class:`CoercionError` instead of becoming null."""
        self.blank_is_null, self.strict = blank_is_null, strict
        properties = schema.get("properties") or {}
        self.converters = {name: conv for name, spec in properties.items() if (conv := _converter(spec)) is not None}
        self.expected = {name: _expected(properties[name]) for name in self.converters}

    def __call__(self, record: dict[str, t.Any]) -> dict[str, t.Any]:
        for name, convert in self.converters.items():
            value = record.get(name, _MISSING)
            if value is _MISSING or value is None:
                continue
            if isinstance(value, str) and not value.strip():
                if convert is not to_text or self.blank_is_null:
                    record[name] = None
                continue
            try:
                record[name] = convert(value)
            except (TypeError, ValueError, OverflowError, ArithmeticError) as exc:
                if self.strict:
                    raise CoercionError(name, value, self.expected[name]) from exc
                record[name] = None
        return record


def coerce_record(record: dict[str, t.Any], schema: dict[str, t.Any]) -> dict[str, t.Any]:
    """Coerce one record (builds the converters each call; streams keep a ``Coercer``)."""
    return Coercer(schema)(record)
