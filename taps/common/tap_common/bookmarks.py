"""The bookmark mapped onto the request: a query parameter or a header, in the API's format.

    bookmark = BookmarkParam("updated_since")                                # ?updated_since=<iso>
    bookmark = BookmarkParam("start_date", format="date", end_param="end_date",
                             lookback_setting="lookback_days")               # dates, re-read N days
    bookmark = BookmarkParam("If-Modified-Since", format="http_date", location="header")
    bookmark = BookmarkParam("after_id", format="id")                        # an id bookmark

The value sent is the stream's starting bookmark (state, else ``start_date``), less the
lookback on a delta (a first sync starts exactly at ``start_date``).  Nothing is sent when
there is no starting value, unless the stream's ``bookmark_start`` supplies one.
"""

from __future__ import annotations

import email.utils
import typing as t
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
Format = t.Literal["iso", "date", "epoch_ms", "epoch_s", "http_date", "id"]


@dataclass(frozen=True)
class BookmarkParam:
    name: str
    format: Format = "iso"
    location: t.Literal["query", "header"] = "query"
    #: Also send the sync's start instant (same format) as the window's end, e.g. ``end_date``.
    end_param: str | None = None
    #: A setting (in ``lookback_unit``) re-read before the bookmark on every delta.
    lookback_setting: str | None = None
    lookback_unit: t.Literal["days", "hours", "minutes", "seconds"] = "days"

    def format_value(self, value: t.Any) -> t.Any:
        return format_bookmark(value, self.format)


def format_bookmark(value: t.Any, style: Format) -> t.Any:
    """A bookmark (datetime, date, ISO string or id) in one of the formats APIs take."""
    if style == "id" or value is None:
        return value
    if isinstance(value, str):
        value = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if isinstance(value, date) and not isinstance(value, datetime):
        value = datetime.combine(value, datetime.min.time())
    value = value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    if style == "epoch_ms":  # exact: float seconds * 1000 can round a millisecond down
        return (value - EPOCH) // timedelta(milliseconds=1)
    if style == "epoch_s":
        return (value - EPOCH) // timedelta(seconds=1)
    if style == "date":
        return value.date().isoformat()
    if style == "http_date":  # RFC 9110 IMF-fixdate, e.g. If-Modified-Since
        return email.utils.format_datetime(value.astimezone(timezone.utc), usegmt=True)
    return value.isoformat()
