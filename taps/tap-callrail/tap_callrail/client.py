"""CallRail's quirks on top of the shared base stream: token header, paging, account scope."""

from __future__ import annotations

import calendar
import math
import typing as t
from datetime import date, datetime, timedelta, timezone
from urllib.parse import urlsplit, urlunsplit

from singer_sdk.authenticators import APIKeyAuthenticator
from singer_sdk.pagination import BaseAPIPaginator
from singer_sdk.streams.rest import HTTPRequest

from tap_common import BaseRESTStream, DeferredActivateVersion, RollingWindow
from tap_common.client import format_instant, json_body

if t.TYPE_CHECKING:
    import requests
    from singer_sdk.helpers.types import Context
    from singer_sdk.streams.rest import PageContext

#: "Communication Records … are retained for 25 months … If you make a request … for Communication
#: Records that are outside of the retention period, you will receive an error" (API docs,
#: Filtering Data by Date).  Date-filtered reads never start earlier than this, with a margin.
RETENTION_MONTHS = 25
RETENTION_MARGIN = timedelta(days=2)


class CallRailPaginator(BaseAPIPaginator[str | dict | None]):
    """Both of CallRail's pagination styles.

    Offset pagination (every list): the token is ``{"page": n + 1}`` until ``page`` reaches
    ``total_pages`` (or, were ``total_pages`` missing, while pages come back full).
    Relative pagination (calls, ``relative_pagination=true``): the token is the ``next_page`` URL,
    followed while ``has_next_page`` ("Use this value to call the endpoint for the next page of
    results. Do not modify the URL value."); see ``CallRailStream.get_http_request``.
    """

    def __init__(self, records_key: str, page_size: int) -> None:
        super().__init__(None)
        self.records_key = records_key
        self.page_size = page_size

    def get_next(self, response: requests.Response) -> str | dict | None:
        body = json_body(response)
        if "has_next_page" in body or ("next_page" in body and "total_pages" not in body):
            if body.get("has_next_page", True) and body.get("next_page"):
                return str(body["next_page"])
            return None
        records = body.get(self.records_key) or []
        page, total = body.get("page"), body.get("total_pages")
        if not records:
            return None
        current = int(page) if page is not None else (self.current_value or {}).get("page", 1)
        if total is not None:
            return {"page": current + 1} if current < int(total) else None
        per_page = int(body.get("per_page") or self.page_size)
        return {"page": current + 1} if len(records) >= per_page else None


class CallRailStream(DeferredActivateVersion, BaseRESTStream):
    """A CallRail list endpoint: ``{"page", "per_page", "total_pages", "total_records", <key>: [...]}``."""

    credential_setting = "api_key"
    #: CallRail allows 1,000 requests an hour and 10,000 a day per account; stay just under both.
    rate_limits: t.ClassVar[tuple[tuple[int, float], ...]] = ((950, 3600.0), (9_500, 86_400.0))
    #: The envelope key holding the records (``companies``, ``calls``, ``conversations`` …).
    records_key: t.ClassVar[str] = ""
    #: ``per_page`` sent; CallRail's default is 100 and calls allow up to 250.
    page_size: t.ClassVar[int] = 100
    #: Extra query parameters every request of the stream carries.
    extra_params: t.ClassVar[dict[str, str]] = {}

    @property
    def records_jsonpath(self) -> str:  # type: ignore[override]
        return f"$.{self.records_key}[*]"

    @property
    def authenticator(self) -> APIKeyAuthenticator:  # type: ignore[override]
        token = self.config.get(self.credential_setting, "")
        return APIKeyAuthenticator(key="Authorization", value=f'Token token="{token}"', location="header")

    @property
    def http_headers(self) -> dict[str, str]:
        return {**super().http_headers, "Accept": "application/json"}

    @property
    def emit_activate_version_messages(self) -> bool:
        return bool(self.config.get("emit_activate_version_messages", True))

    def rate_limit_windows(self, request: requests.PreparedRequest) -> list[RollingWindow]:
        return [RollingWindow.shared("callrail", *limit) for limit in self.rate_limits]

    def get_new_paginator(self) -> CallRailPaginator:
        return CallRailPaginator(self.records_key, self.page_size)

    def get_http_request(self, *, page: PageContext) -> HTTPRequest:
        """A relative-pagination token is the API's own ``next_page`` URL, called unmodified when
        it points under the configured ``api_url``; otherwise (another host, a bare path, a path
        outside the mount) its query is sent to this stream's own URL, so a proxy or mount in
        ``api_url`` keeps working."""
        token = page.next_page_token
        if not isinstance(token, str):
            return super().get_http_request(page=page)
        link, base = urlsplit(token), urlsplit(self.url_base)
        mount = base.path.rstrip("/").rsplit("/v3", 1)[0]  # ".../callrail/v3" → ".../callrail"
        if (link.scheme and link.netloc and (link.scheme, link.netloc) == (base.scheme, base.netloc)
                and link.path.startswith(mount + "/")):
            url = token
        else:
            url = urlunsplit((*urlsplit(self.get_url(page.stream_context))[:3], link.query, ""))
        return HTTPRequest(url=url, method="GET", headers=self.http_headers, params={})

    def get_url_params(self, context: Context | None, next_page_token: dict | None) -> dict[str, t.Any]:
        params = {**super().get_url_params(context, next_page_token), "per_page": self.page_size,
                  **self.extra_params}
        params.update(next_page_token or {})
        return params

    def post_process(self, row: dict, context: Context | None = None) -> dict | None:
        if context and "account_id" in context:
            row["account_id"] = context["account_id"]
        return coerce_record(row, self.schema)

class AccountChildStream(CallRailStream):
    """A resource nested under ``/a/{account_id}/``; its state is kept per account."""

    state_partitioning_keys: t.ClassVar[list[str]] = ["account_id"]


class DateFilteredStream(AccountChildStream):
    """Incremental through the documented ``start_date`` filter, re-reading ``lookback_days``.

    Records arrive newest first, so the stream is unsorted: the SDK keeps the largest value
    seen and makes it the bookmark when the account's sync completes.  ``start_date`` is always
    sent, as a date (the form the docs show first): without any date parameter CallRail answers
    ``date_range=recent``, the last 7 days only.  Dates are read in the account's (or user's) time
    zone, so one extra day makes up for the offset from UTC.  The start never reaches past the
    25-month retention window (such a request is an error), so a first sync without
    ``start_date`` reads everything CallRail still keeps.
    """

    is_sorted = False
    tz_slack = timedelta(days=1)

    def get_url_params(self, context: Context | None, next_page_token: dict | None) -> dict[str, t.Any]:
        params = super().get_url_params(context, next_page_token)
        floor = retention_floor(int(self.config.get("retention_months", RETENTION_MONTHS)))
        start = self.get_starting_timestamp(context)
        day = floor
        if start is not None:
            if self.get_context_state(context).get("replication_key_value"):  # a delta, not a first sync
                start -= timedelta(days=int(self.config.get("lookback_days", 7)))
            day = max(floor, (start - self.tz_slack).date())
        params.setdefault("start_date", format_instant(datetime.combine(day, datetime.min.time()), "date"))
        return params

    def post_process(self, row: dict, context: Context | None = None) -> dict | None:
        row = super().post_process(row, context)
        if row is not None and row.get(self.replication_key):
            # One UTC spelling, so the SDK's string comparison of bookmarks orders instants.
            row[self.replication_key] = utc_iso(row[self.replication_key])
        return row


def retention_floor(months: int, today: date | None = None) -> date:
    """The earliest date a request may ask for: ``months`` calendar months ago, plus a margin."""
    today = today or datetime.now(timezone.utc).date()
    index = today.year * 12 + today.month - 1 - months
    year, month = divmod(index, 12)
    day = min(today.day, calendar.monthrange(year, month + 1)[1])
    return date(year, month + 1, day) + RETENTION_MARGIN


def coerce_record(row: dict, schema: dict) -> dict:
    """Values in the documented-but-loose spellings → the schema's type.

    The docs type ``recording_duration`` a string (``"27"``) and ``value`` an integer, while
    updates accept ``"$1.00"`` and webhooks send ``""``; tag ids are integers in lists and
    strings in create/update answers.  Integer and number columns take either spelling.
    """
    for name, spec in schema.get("properties", {}).items():
        value = row.get(name)
        if not isinstance(value, str):
            continue
        kinds = spec.get("type", [])
        kinds = [kinds] if isinstance(kinds, str) else kinds
        if "string" in kinds:
            continue
        if "integer" in kinds or "number" in kinds:
            row[name] = _number(value, integer="number" not in kinds)
        elif "boolean" in kinds and value.strip().lower() in ("true", "false"):
            row[name] = value.strip().lower() == "true"
    return row


def _number(text: str, integer: bool) -> int | float | None:
    cleaned = text.strip().replace("$", "").replace(",", "")
    if not cleaned:
        return None
    try:
        number = float(cleaned)
    except ValueError:
        return None
    if not math.isfinite(number):
        return None
    return int(number) if integer or number.is_integer() else number


def utc_iso(value: str) -> str:
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    parsed = parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)
    return parsed.astimezone(timezone.utc).isoformat(timespec="microseconds")
