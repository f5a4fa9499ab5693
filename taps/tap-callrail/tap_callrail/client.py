"""CallRail's facts for the kit: token header, limits, paging, account scope, the date filter."""

from __future__ import annotations

import calendar
import typing as t
from datetime import date, datetime, timedelta, timezone

from tap_common import BookmarkParam, Header, PageNumber, RateLimit, RESTStream

if t.TYPE_CHECKING:
    from singer_sdk.helpers.types import Context

#: "Communication Records … are retained for 25 months … If you make a request … for Communication
#: Records that are outside of the retention period, you will receive an error" (API docs,
#: Filtering Data by Date).  Date-filtered reads never start earlier than this, with a margin.
RETENTION_MARGIN = timedelta(days=2)
#: Dates are read in the account's (or user's) time zone: one day makes up for the offset from UTC.
TZ_SLACK = timedelta(days=1)


class CallRailStream(RESTStream):
    """A CallRail list: ``{"page", "per_page", "total_pages", "total_records", <key>: [...]}``."""

    auth = Header("Authorization", 'Token token="{api_key}"')
    #: 1,000 requests an hour and 10,000 a day per account; stay just under both.
    rate_limits = (RateLimit(950, 3600.0), RateLimit(9_500, 86_400.0))
    #: Offset pagination; CallRail's default page size is 100.
    paging = PageNumber(size=100, total_pages="$.total_pages")


class AccountChildStream(CallRailStream):
    """A resource nested under ``/a/{account_id}/``; its state is kept per account."""

    state_partitioning_keys: t.ClassVar[list[str]] = ["account_id"]
    context_fields = ("account_id",)


class DateFilteredStream(AccountChildStream):
    """Incremental through the documented ``start_date`` filter, re-reading ``lookback_days``.

    Records arrive newest first, so the stream is unsorted: the SDK keeps the largest value
    seen and makes it the bookmark when the account's sync completes.  ``start_date`` is always
    sent, as a date (the form the docs show first): without any date parameter CallRail answers
    ``date_range=recent``, the last 7 days only.  The start never reaches past the 25-month
    retention window (such a request is an error), so a first sync without ``start_date`` reads
    everything CallRail still keeps.
    """

    is_sorted = False
    bookmark = BookmarkParam("start_date", format="date", lookback_setting="lookback_days")

    def bookmark_start(self, context: Context | None) -> date:
        floor = retention_floor(int(self.config["retention_months"]))
        start = super().bookmark_start(context)
        return max(floor, (start - TZ_SLACK).date()) if start is not None else floor


def retention_floor(months: int, today: date | None = None) -> date:
    """The earliest date a request may ask for: ``months`` calendar months ago, plus a margin."""
    today = today or datetime.now(timezone.utc).date()
    index = today.year * 12 + today.month - 1 - months
    year, month = divmod(index, 12)
    day = min(today.day, calendar.monthrange(year, month + 1)[1])
    return date(year, month + 1, day) + RETENTION_MARGIN
