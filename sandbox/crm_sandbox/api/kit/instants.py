"""Instants as vendors write and read them: ISO-8601, epoch milliseconds, HTTP-dates.

Every function takes or returns aware datetimes; a naive input is read as UTC.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from email.utils import format_datetime, parsedate_to_datetime
from zoneinfo import ZoneInfo


def parse_instant(value: str | int | float | datetime) -> datetime:
    """An ISO-8601 text (``Z`` or an offset; a bare date is midnight UTC), epoch milliseconds
    (number or digits) or an HTTP-date (``Sun, 06 Nov 1994 08:49:37 GMT``) → aware datetime.

    ``ValueError`` names the value when it is none of those.
    """
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return datetime.fromtimestamp(value / 1000, tz=timezone.utc)
    text = str(value).strip()
    if text.lstrip("-").isdigit():
        return datetime.fromtimestamp(int(text) / 1000, tz=timezone.utc)
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            raise ValueError(f"{value!r} is not an ISO-8601 time, epoch milliseconds or an HTTP-date") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def parse_date_or_instant(value: str) -> date | datetime:
    """``YYYY-MM-DD`` → a date; anything longer → ``datetime.fromisoformat`` (naive stays naive:
    vendors that read a bare time in the account's zone need to know it was bare)."""
    text = value.strip()
    if len(text) == 10:
        return date.fromisoformat(text)
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def iso_z(instant: datetime, timespec: str = "milliseconds") -> str:
    """UTC with ``Z``: ``2026-01-02T03:04:05.678Z`` (``timespec`` as in ``isoformat``)."""
    text = instant.astimezone(timezone.utc).replace(tzinfo=None).isoformat(timespec=timespec)
    return text + "Z"


def iso_local(instant: datetime, tz: str, timespec: str = "milliseconds") -> str:
    """In the zone ``tz`` with its offset: ``2026-01-01T22:04:05.678-05:00``."""
    return instant.astimezone(ZoneInfo(tz)).isoformat(timespec=timespec)


def epoch_ms(instant: datetime) -> int:
    return round(instant.timestamp() * 1000)


def http_date(instant: datetime) -> str:
    """RFC 9110 IMF-fixdate: ``Sun, 06 Nov 1994 08:49:37 GMT`` (``Last-Modified``, ``Retry-After``)."""
    return format_datetime(instant.astimezone(timezone.utc), usegmt=True)
