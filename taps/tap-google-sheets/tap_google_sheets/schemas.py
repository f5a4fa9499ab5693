"""A sheet's schema is its header row: one column per header cell (snake_case through the kit's
``column_names``, overrides applied), typed by the sheet's ``column_types`` (default text), plus
the row's position and the file's ``modifiedTime``."""

from __future__ import annotations

import re
import typing as t
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

from tap_common.coerce import to_bool, to_number

ROW_NUMBER = "sheet_row_number"
MODIFIED = "sheet_last_modified"
SERIAL_EPOCH = datetime(1899, 12, 30)  # Sheets' day 0: serials count days from it, fraction = time
KINDS: dict[str, dict[str, t.Any]] = {
    "string": {"type": ["string", "null"]},
    "number": {"type": ["number", "null"]},
    "integer": {"type": ["integer", "null"]},
    "boolean": {"type": ["boolean", "null"]},
    "date": {"type": ["string", "null"], "format": "date"},
    "date-time": {"type": ["string", "null"], "format": "date-time"},
}
_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$")


def sheet_schema(columns: t.Sequence[str], types: t.Mapping[str, str]) -> dict[str, t.Any]:
    properties = {name: dict(KINDS[types.get(name, "string")]) for name in columns}
    properties[ROW_NUMBER] = {"type": ["integer"]}
    properties[MODIFIED] = {"type": ["string"], "format": "date-time"}
    return {"type": "object", "properties": properties}


def cell_value(value: t.Any, kind: str) -> t.Any:
    """One ``UNFORMATTED_VALUE``/``SERIAL_NUMBER`` cell → the column's type; ``ValueError`` if it
    cannot be (text cleaning such as ``$1,200.00`` or ``N/A`` in a text column is dbt's job)."""
    if value is None or value == "":
        return None
    if kind == "string":
        if isinstance(value, bool):
            return "TRUE" if value else "FALSE"
        if isinstance(value, (float, Decimal)) and value == int(value):
            return str(int(value))  # 2134 typed in a zip column: "2134" (dbt pads the lost zero)
        return str(value)
    if kind in ("number", "integer"):
        if isinstance(value, bool):
            raise ValueError(value)
        return to_number(value, integer=kind == "integer")
    if kind == "boolean":
        return to_bool(value) if not isinstance(value, str) or value.lower() in ("true", "false") else _yes_no(value)
    moment = _moment(value)
    return moment.date().isoformat() if kind == "date" else moment.replace(tzinfo=timezone.utc).isoformat()


def _yes_no(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered in ("yes", "y", "no", "n"):
        return lowered.startswith("y")
    raise ValueError(text)


def _moment(value: t.Any) -> datetime:
    """A date cell: a serial number (with or without a date format), ISO text or US ``M/D/YYYY``."""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return SERIAL_EPOCH + timedelta(days=round(float(value) * 86400) / 86400)
    text = str(value).strip()
    match = _US_DATE.match(text)
    if match:
        month, day, year, hour, minute, second = match.groups()
        return datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0))
    parsed = datetime.fromisoformat(text)
    return parsed.astimezone(timezone.utc).replace(tzinfo=None) if parsed.tzinfo else parsed


def serial_date(value: date) -> float:
    return float((datetime(value.year, value.month, value.day) - SERIAL_EPOCH).days)
