"""One spelling per value, to compare what a warehouse holds with what an emulation dumps:
instants (datetimes and ISO-8601 text) in UTC, numbers (int, float, Decimal) as floats."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from decimal import Decimal
from typing import Any

ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d")


def norm(value: Any) -> Any:
    if isinstance(value, (Decimal, int, float)) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc)
    if isinstance(value, str) and ISO.match(value):
        return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(timezone.utc)
    return value
