"""CallRail's quirks on top of the shared base stream: token header, paging, account scope."""

from __future__ import annotations

import typing as t
from datetime import datetime, timedelta, timezone
from urllib.parse import parse_qsl, urlsplit

from singer_sdk.authenticators import APIKeyAuthenticator
from singer_sdk.pagination import BaseAPIPaginator

from tap_common import BaseRESTStream, RollingWindow
from tap_common.client import format_instant, json_body

if t.TYPE_CHECKING:
    import requests
    from singer_sdk.helpers.types import Context


class CallRailPaginator(BaseAPIPaginator[t.Optional[dict]]):
    """Both of CallRail's pagination styles; the token is the query to send for the next page.

    Offset pagination (every list): ``page`` + 1 until ``page`` reaches ``total_pages``.
    Relative pagination (calls, ``relative_pagination=true``): follow ``next_page`` while
    ``has_next_page`` — the next page's query is taken from that URL, so the stream keeps its
    own base URL (the sandbox mount, a proxy) while the API decides the cursor.
    """

    def __init__(self, records_key: str) -> None:
        super().__init__(None)
        self.records_key = records_key

    def get_next(self, response: requests.Response) -> dict | None:
        body = json_body(response)
        if "has_next_page" in body or ("next_page" in body and "total_pages" not in body):
            if body.get("has_next_page", True) and body.get("next_page"):
                return dict(parse_qsl(urlsplit(body["next_page"]).query, keep_blank_values=True))
            return None
        page, total = body.get("page"), body.get("total_pages")
        if not body.get(self.records_key) or page is None or total is None or int(page) >= int(total):
            return None
        return {"page": int(page) + 1}


class CallRailStream(BaseRESTStream):
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
        return CallRailPaginator(self.records_key)

    def get_url_params(self, context: Context | None, next_page_token: dict | None) -> dict[str, t.Any]:
        params = {**super().get_url_params(context, next_page_token), "per_page": self.page_size,
                  **self.extra_params}
        params.update(next_page_token or {})
        return params

    def post_process(self, row: dict, context: Context | None = None) -> dict | None:
        if context and "account_id" in context:
            row["account_id"] = context["account_id"]
        return row


class AccountChildStream(CallRailStream):
    """A resource nested under ``/a/{account_id}/``; its state is kept per account."""

    state_partitioning_keys: t.ClassVar[list[str]] = ["account_id"]


class DateFilteredStream(AccountChildStream):
    """Incremental through the documented ``start_date`` filter, re-reading ``lookback_days``.

    Records arrive newest first, so the stream is unsorted: the SDK keeps the largest value
    seen and makes it the bookmark when the account's sync completes.  ``start_date`` is sent
    as a date (the form every CallRail endpoint documents); dates are read in the company's
    time zone, so one extra day makes up for the offset from UTC.
    """

    is_sorted = False
    tz_slack = timedelta(days=1)

    def get_url_params(self, context: Context | None, next_page_token: dict | None) -> dict[str, t.Any]:
        params = super().get_url_params(context, next_page_token)
        start = self.get_starting_timestamp(context)
        if start is not None:
            if self.get_context_state(context).get("replication_key_value"):  # a delta, not a first sync
                start -= timedelta(days=int(self.config.get("lookback_days", 7)))
            params.setdefault("start_date", format_instant(start - self.tz_slack, "date"))
        return params

    def post_process(self, row: dict, context: Context | None = None) -> dict | None:
        row = super().post_process(row, context)
        if row is not None and row.get(self.replication_key):
            # One UTC spelling, so the SDK's string comparison of bookmarks orders instants.
            row[self.replication_key] = utc_iso(row[self.replication_key])
        return row


def utc_iso(value: str) -> str:
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    parsed = parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)
    return parsed.astimezone(timezone.utc).isoformat(timespec="microseconds")
