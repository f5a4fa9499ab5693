"""CallRail API v3 emulation (apidocs.callrail.com), mounted at ``/callrail/v3/...``.

Contract emulated, as documented (every fact with its source: ``CONTRACT.md`` beside this file):

- Auth: ``Authorization: Token token="<api key>"`` (the unquoted form is accepted too); a key
  sees the accounts of its user.  Missing/unknown key → 401, another user's account → 403,
  unknown account → 404.  Errors are JSON ``{"error": "..."}`` (the docs publish no error schema).
- ``GET /v3/a.json`` lists accounts; per account ``companies.json``, ``trackers.json``,
  ``calls.json``, ``form_submissions.json``, ``text-messages.json`` (records under
  ``conversations``), ``tags.json`` and ``users.json``.
- Offset pagination: ``page`` (from 1), ``per_page`` (default 100, at most 250); the envelope
  carries ``page``, ``per_page``, ``total_pages`` and ``total_records``.  Calls also offer
  relative pagination (``relative_pagination=true``): the envelope carries ``has_next_page`` and
  ``next_page``, a full URL shaped like the docs' example (``…/calls?…&offset=1&page=2&…``, no
  ``.json``; ``offset`` = page index from 0) to be called unmodified.
- Date filters on calls (``start_time``), form submissions (``submitted_at``) and conversations
  (``last_message_at``): ``date_range`` (``recent`` — the default when no date parameter is sent:
  the previous 7 days including today —, ``today``, ``yesterday``, ``last_7_days``,
  ``last_30_days``, ``this_month``, ``last_month``, ``this_year``, ``last_year``, ``all_time``) or
  ``start_date``/``end_date`` (ISO 8601 date, inclusive, or a date and time).  Dates are read in
  the account's time zone (the demo user's ``America/New_York``) unless ``time_zone=`` names
  another.  Data retention: communication records older than 25 months are deleted, and a request
  reaching before that (``start_date`` earlier, or ``date_range=all_time``) is answered 400.
- Field selection (``fields=``): the calls' user-requested fields, ``numeric_id`` on accounts,
  ``campaign_name``/``swap_targets`` on trackers; unknown names are ignored.
- Sorting (``sort``; ``order`` asc|desc, which needs ``sort``) on each endpoint's documented fields;
  default order newest first for calls, forms and conversations, alphabetical otherwise.
  Filters: ``company_id`` everywhere; ``status`` (companies, trackers, tags), ``type`` (trackers),
  ``tag_level`` (tags), ``direction``/``lead_status``/``tracker_id`` (calls),
  ``hipaa_account`` (accounts).
- Timestamps: calls and tags "in the current timezone with an offset"; companies, trackers, form
  submissions and conversations in UTC (``…Z``).  ``recording_duration`` is a string; ``value``
  an integer; conversations carry at most two ``recent_messages``.
- Rate limits per account (``/a.json`` per key): 1,000 requests an hour and 10,000 a day → 429
  without ``Retry-After`` (none is documented).  Knobs: ``hourly_limit``, ``daily_limit``,
  ``max_per_page``, ``retention_months`` (null = keep everything).
- Writes: ``PUT calls/{id}.json`` (note, lead_status, value, customer_name, tags, append_tags)
  and ``DELETE tags/{id}.json``.

Admin mutations (``POST /_admin/callrail/mutate``), ``object`` being a stream name:

- ``{"action": "create", "object": "calls", "account_id"?, "count"?, "at"?, "note"?}``
- ``{"action": "update", "object": "calls", "ids": [...], "changes": {"note": ...}}``
- ``{"action": "delete", "object": "tags", "ids": [...]}``
- ``{"action": "create", "object": "text_messages", "ids": [conversation ids], "content"?, "at"?}``

``dump/<stream>`` returns what a complete sync should leave in the warehouse: the API records
plus ``account_id`` (calls with the fields tap-callrail requests, trackers and accounts with
their opt-in fields), without records past the retention period.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from crm_sandbox.api.kit import (AdminError, BadRequest, HeaderTemplate, Request, Response, Vendor, Window,
                                 int_arg, next_url, page_number, parse_instant, route)
from crm_sandbox.api.kit.instants import parse_date_or_instant
from crm_sandbox.api.vendors.callrail.data import (
    ACCOUNT_TIME_ZONE, DATE_FILTERED, DEFAULT_CALL_FIELDS, OPT_IN_FIELDS, OPTIONAL_CALL_FIELDS,
    RESOURCES, CallRailData, Row, stamp,
)

API_KEY = "demo-callrail-key"
#: A second user who only sees the Carolinas account (CallRail keys carry their user's scope).
SCOPED_KEYS = {"demo-callrail-carolinas-key": ("Demo Exteriors Carolinas",)}
#: The extra call fields tap-callrail asks for; ``dump("calls")`` renders these.
WAREHOUSE_CALL_FIELDS = ("agent_email", "call_type", "campaign", "company_id", "company_name",
                         "note", "tags", "lead_status", "value")
#: The opt-in fields tap-callrail requests per resource; ``dump`` renders these.
WAREHOUSE_FIELDS = {"calls": WAREHOUSE_CALL_FIELDS, "accounts": ("numeric_id",),
                    "trackers": ("campaign_name", "swap_targets")}
STREAMS = {"accounts": None, "companies": "companies", "trackers": "trackers", "calls": "calls",
           "form_submissions": "form_submissions", "text_messages": "text-messages",
           "tags": "tags", "users": "users"}
#: Documented sort fields per list endpoint (conversations document none).
SORTABLE = {"accounts": {"name"}, "companies": {"name"}, "trackers": {"name"}, "tags": {"name"},
            "users": {"email", "created_at"}, "text-messages": set(),
            "calls": {"customer_name", "customer_phone_number", "duration", "start_time", "source",
                      "customer_city", "customer_country", "landing_page_url", "device_type",
                      "answered", "first_call", "source_name", "lead_status", "tags"},
            "form_submissions": {"created_at", "submitted_at", "form_url"}}
#: Documented equality filters per list endpoint (besides ``company_id`` and the date filters).
FILTERS = {"accounts": {"hipaa_account"}, "companies": {"status"}, "trackers": {"type", "status"},
           "tags": {"status", "tag_level"}, "calls": {"direction", "lead_status", "tracker_id"},
           "form_submissions": {"lead_status"}}
#: "Communication Records … are retained for 25 months, after which they are automatically deleted."
RETENTION_MONTHS = 25
#: The purge runs a little ahead of the limit requests are checked against (records are gone by
#: the time a request could reach them).
PURGE_AHEAD = timedelta(days=3)
DATE_RANGES = ("recent", "today", "yesterday", "last_7_days", "last_30_days", "this_month",
               "last_month", "this_year", "last_year", "all_time")
ACCOUNT = r"(?P<account_id>[A-Za-z0-9]+)"
AUTH = HeaderTemplate("Authorization", 'Token token="{api_key}"')  # the unquoted form works too
RATE_LIMITED = "API rate limit exceeded. Please slow down your requests."


def _rate_bucket(request: Request) -> str:
    """"CallRail limits the number of requests to the API made by an account" (``/a.json``: per key)."""
    head, _, rest = request.path.partition("/v3/a/")
    account = rest.split("/")[0].split(".")[0] if not head and rest else None
    return f"account:{account}" if account else f"key:{AUTH.presented(request)}"


class CallRail(Vendor):
    name = "callrail"
    credentials = {"api_key": API_KEY}
    auth = AUTH
    knobs = {"accepted": [API_KEY, *SCOPED_KEYS], "hourly_limit": 1000, "daily_limit": 10_000,
             "max_per_page": 250, "retention_months": RETENTION_MONTHS}
    # No rate-limit headers and no ``Retry-After`` are documented.
    rate_windows = (Window("hourly_limit", 3_600, RATE_LIMITED, bucket=_rate_bucket),
                    Window("daily_limit", 86_400, RATE_LIMITED, bucket=_rate_bucket))

    def __init__(self, world) -> None:
        super().__init__(world)
        self.data = CallRailData.build(world)

    # ---- auth, errors -------------------------------------------------------------------
    def unauthorized(self, request: Request) -> Response:
        return self.error(401, "HTTP Token: Access denied.")

    def _visible(self, request: Request) -> list[str]:
        key = AUTH.presented(request)
        names = SCOPED_KEYS.get(key)
        return [a for a, body in self.data.accounts.items() if names is None or body["name"] in names]

    def _account(self, request: Request, account_id: str) -> Response | None:
        if account_id not in self.data.accounts:
            return self.error(404, "Not found")
        if account_id not in self._visible(request):
            return self.error(403, "You do not have access to this account.")
        return None

    # ---- list endpoints -----------------------------------------------------------------
    @route("GET", r"/v3/a\.json")
    def list_accounts(self, request: Request) -> Response:
        accounts = [self.data.accounts[a] for a in self._visible(request)]
        if (hipaa := request.arg("hipaa_account")) is not None:
            accounts = [a for a in accounts if str(a["hipaa_account"]).lower() == hipaa.lower()]
        self._check_sort("accounts", request)
        accounts.sort(key=lambda a: a["name"], reverse=request.arg("order") == "desc")
        fields = request.args("fields")
        return self._offset_page(request, "accounts", [self._opt_in("accounts", a, fields) for a in accounts])

    @route("GET", rf"/v3/a/{ACCOUNT}\.json")
    def get_account(self, request: Request, account_id: str) -> Response:
        return self._account(request, account_id) or Response(
            200, self._opt_in("accounts", self.data.accounts[account_id], request.args("fields")))

    @route("GET", rf"/v3/a/{ACCOUNT}/(?P<resource>companies|trackers|form_submissions|text-messages|tags|users)\.json")
    def list_resource(self, request: Request, account_id: str, resource: str) -> Response:
        return self._account(request, account_id) or self._list(request, account_id, resource)

    @route("GET", rf"/v3/a/{ACCOUNT}/calls(?:\.json)?")
    def list_calls(self, request: Request, account_id: str) -> Response:
        """``calls.json``; relative pagination's ``next_page`` URLs drop the ``.json`` (docs' example)."""
        return self._account(request, account_id) or self._list(request, account_id, "calls")

    @route("GET", rf"/v3/a/{ACCOUNT}/(?P<resource>companies|trackers|calls|tags|users)/(?P<record_id>\w+)\.json")
    def get_record(self, request: Request, account_id: str, resource: str, record_id: str) -> Response:
        denied = self._account(request, account_id)
        row = self.data.rows.get(account_id, {}).get(resource, {}).get(record_id)
        if denied or row is None or not self._retained(resource, row):
            return denied or self.error(404, "Not found")
        return Response(200, self._render(resource, row, request.args("fields"), self._time_zone(request)))

    @route("PUT", rf"/v3/a/{ACCOUNT}/calls/(?P<call_id>\w+)\.json")
    def update_call(self, request: Request, account_id: str, call_id: str) -> Response:
        denied = self._account(request, account_id)
        if denied or call_id not in self.data.rows[account_id]["calls"]:
            return denied or self.error(404, "Not found")
        try:
            changes = request.json() or {}
        except ValueError:
            return self.error(406, "Parameters must be sent as JSON.")
        self.data.update_call(account_id, call_id, changes)
        return Response(200, self._render("calls", self.data.rows[account_id]["calls"][call_id], [],
                                          ACCOUNT_TIME_ZONE))

    @route("DELETE", rf"/v3/a/{ACCOUNT}/tags/(?P<tag_id>\d+)\.json")
    def remove_tag(self, request: Request, account_id: str, tag_id: str) -> Response:
        denied = self._account(request, account_id)
        if denied or tag_id not in self.data.rows[account_id]["tags"]:
            return denied or self.error(404, "Not found")
        self.data.delete_tag(account_id, tag_id)
        return Response(204, None)

    def _list(self, request: Request, account_id: str, resource: str) -> Response:
        key, stamp_field = RESOURCES[resource]
        tz = self._time_zone(request)
        rows = [r for r in self.data.rows[account_id][resource].values() if self._retained(resource, r)]
        if company := request.arg("company_id"):
            rows = [r for r in rows if _company_id(r.body) == company]
        for name in FILTERS.get(resource, ()):
            if (wanted := request.arg(name)) is not None:
                rows = [r for r in rows if str(_field(r.body, name)).lower() == wanted.lower()]
        if resource in DATE_FILTERED:
            rows = self._date_filter(rows, request, tz)
        self._check_sort(resource, request)
        rows = _sort(rows, resource, stamp_field, request.arg("sort"), request.arg("order"))
        fields = request.args("fields")
        if resource == "calls" and (request.arg("relative_pagination") or "").lower() == "true":
            return self._relative_page(request, account_id, rows, fields, tz)
        return self._offset_page(request, key, [self._render(resource, r, fields, tz) for r in rows])

    def _per_page(self, request: Request) -> int:
        per_page = int_arg(request, "per_page", 100, minimum=1)
        return min(per_page, 250, self.knobs["max_per_page"])

    def _offset_page(self, request: Request, key: str, records: list[dict]) -> Response:
        page = page_number(records, int_arg(request, "page", 1, minimum=1), self._per_page(request))
        return Response(200, {"page": page.number, "per_page": page.per_page, "total_pages": page.total_pages,
                              "total_records": page.total, key: page.items})

    def _relative_page(self, request: Request, account_id: str, rows: list[Row], fields: list[str],
                       tz: str) -> Response:
        page = page_number(rows, int_arg(request, "offset", 0, minimum=0), self._per_page(request), first=0)
        next_page = None
        if page.has_more:
            # Shaped like the docs' example: the index URL without ``.json``, every parameter kept,
            # ``format=json``, ``offset`` and ``page`` of the next page.
            next_page = next_url(request, f"/{self.name}", f"/v3/a/{account_id}/calls", format="json",
                                 offset=page.next, page=page.next + 1)
        return Response(200, {"next_page": next_page, "has_next_page": page.has_more, "per_page": page.per_page,
                              "calls": [self._render("calls", r, fields, tz) for r in page.items]})

    def _render(self, resource: str, row: Row, fields: list[str] | None, tz: str) -> dict:
        if resource != "calls":
            return self._opt_in(resource, row.body, fields)
        wanted = set(DEFAULT_CALL_FIELDS) | (set(fields or ()) & set(OPTIONAL_CALL_FIELDS))
        body = {k: v for k, v in row.body.items() if k in wanted}
        # "The date and time the call started in the current timezone … with an offset"
        body["start_time"] = stamp(row.when, tz)
        if "created_at" in body:
            body["created_at"] = stamp(row.when, tz)
        return body

    @staticmethod
    def _opt_in(resource: str, body: dict, fields: list[str] | None) -> dict:
        """Drop the fields an endpoint returns only on request (field selection)."""
        hidden = set(OPT_IN_FIELDS.get(resource, ())) - set(fields or ())
        return {k: v for k, v in body.items() if k not in hidden}

    @staticmethod
    def _check_sort(resource: str, request: Request) -> None:
        sort, order = request.arg("sort"), request.arg("order")
        if order is not None and order not in ("asc", "desc"):
            raise BadRequest("order must be asc or desc")
        if order is not None and sort is None:
            raise BadRequest("order requires sort")
        allowed = SORTABLE.get(resource, set())
        if sort is not None and sort not in allowed:
            raise BadRequest(f"sort is not available for {sort!r}; sortable: {', '.join(sorted(allowed)) or 'none'}")

    @staticmethod
    def _time_zone(request: Request) -> str:
        name = request.arg("time_zone") or "user"
        if name == "user":
            return ACCOUNT_TIME_ZONE
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            raise BadRequest(f"time_zone {name!r} is not a known time zone") from None
        return name

    # ---- retention -----------------------------------------------------------------------
    def _retention_floor(self, tz: str) -> date | None:
        """The first local date a request may reach back to (None: no retention)."""
        months = self.knobs.get("retention_months")
        if months is None:
            return None
        return _months_before(datetime.now(ZoneInfo(tz)).date(), int(months))

    def _retained(self, resource: str, row: Row) -> bool:
        months = self.knobs.get("retention_months")
        if resource not in DATE_FILTERED or months is None:
            return True
        now = datetime.now(timezone.utc)
        purged_before = datetime.combine(_months_before(now.date(), int(months)), now.timetz()) + PURGE_AHEAD
        return row.when >= purged_before

    def _date_filter(self, rows: list[Row], request: Request, tz: str) -> list[Row]:
        start, end, named = request.arg("start_date"), request.arg("end_date"), request.arg("date_range")
        floor = self._retention_floor(tz)
        retention_error = ("The requested date range is outside of the data retention period of "
                           f"{self.knobs.get('retention_months')} months; please revise your date range.")
        if start or end:
            lo = _bound(start, "start_date") if start else None
            hi = _bound(end, "end_date") if end else None
            try:
                backwards = lo is not None and hi is not None and _comparable(lo) > _comparable(hi)
            except TypeError:  # a date against a time, or naive against aware: no check
                backwards = False
            if backwards:
                raise BadRequest("start_date must be before end_date")
            if floor is not None and lo is not None and _local_date(lo, tz) < floor:
                raise BadRequest(retention_error)
            return [r for r in rows if _within(r, lo, hi, tz)]
        named = named or "recent"  # "the API default when no other date range parameters are specified"
        if named not in DATE_RANGES:
            raise BadRequest(f"date_range must be one of {', '.join(DATE_RANGES)}")
        if named == "all_time" and floor is not None:
            raise BadRequest(retention_error)
        lo, hi = _range_dates(named, datetime.now(ZoneInfo(tz)).date())
        return [r for r in rows if _within(r, lo, hi, tz)]

    # ---- admin --------------------------------------------------------------------------
    def _find(self, resource: str, record_id: str) -> str:
        for account_id, resources in self.data.rows.items():
            if str(record_id) in resources[resource]:
                return account_id
        raise AdminError(f"no {resource} record {record_id!r}", 404)

    def mutate(self, body: dict[str, Any]) -> dict[str, Any]:
        action, obj = body.get("action"), body.get("object")
        at = parse_instant(body["at"]) if body.get("at") else None
        if (action, obj) == ("create", "calls"):
            account_id = body.get("account_id") or next(iter(self.data.accounts))
            if account_id not in self.data.accounts:
                raise AdminError(f"unknown account {account_id!r}", 404)
            at = at or datetime.now(timezone.utc) - timedelta(minutes=1)
            ids = [self.data.new_call(account_id, at, body.get("homeowner_id"), body.get("note"))["id"]
                   for _ in range(int(body.get("count", 1)))]
        elif (action, obj) == ("update", "calls"):
            ids = list(body.get("ids") or [])
            for call_id in ids:
                self.data.update_call(self._find("calls", call_id), call_id, body.get("changes") or {})
        elif (action, obj) == ("delete", "tags"):
            ids = [str(i) for i in body.get("ids") or []]
            for tag_id in ids:
                self.data.delete_tag(self._find("tags", tag_id), tag_id)
        elif (action, obj) == ("create", "text_messages"):
            ids = list(body.get("ids") or [])
            at = at or datetime.now(timezone.utc) - timedelta(minutes=1)
            for conv_id in ids:
                self.data.new_text_message(self._find("text-messages", conv_id), conv_id,
                                           body.get("content", "Following up on my estimate"), at)
        else:
            raise AdminError(f"unsupported mutation {action!r} on {obj!r}")
        return {"ids": ids, "at": at.isoformat() if at else None}

    def dump(self, obj: str) -> list[dict[str, Any]]:
        if obj not in STREAMS:
            raise AdminError(f"callrail has no object {obj!r}", 404)
        if obj == "accounts":
            return [dict(a) for a in self.data.accounts.values()]
        resource = STREAMS[obj]
        fields = list(WAREHOUSE_FIELDS.get(resource, ()))
        out = []
        for account_id, resources in self.data.rows.items():
            for row in resources[resource].values():
                if self._retained(resource, row):
                    out.append({**self._render(resource, row, fields, ACCOUNT_TIME_ZONE),
                                "account_id": account_id})
        return out


# ---- helpers ------------------------------------------------------------------------------
def _company_id(body: dict) -> str | None:
    return body.get("company_id") or (body.get("company") or {}).get("id")


def _field(body: dict, name: str):
    if name == "tracker_id" and "tracker_id" not in body:
        return None
    return body.get(name)


def _months_before(day: date, months: int) -> date:
    """``day`` minus whole calendar months (the day clamped to the target month's length)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return day.replace(year=year, month=month + 1, day=min(day.day, calendar.monthrange(year, month + 1)[1]))


def _local_date(bound: date | datetime, tz: str) -> date:
    if isinstance(bound, datetime):
        return (bound.astimezone(ZoneInfo(tz)) if bound.tzinfo else bound).date()
    return bound


def _bound(value: str, name: str) -> date | datetime:
    try:
        return parse_date_or_instant(value)
    except ValueError:
        raise BadRequest(f"{name} must be an ISO 8601 date or time, got {value!r}") from None


def _range_dates(name: str, today: date) -> tuple[date | None, date | None]:
    first_of_month = today.replace(day=1)
    last_month_end = first_of_month - timedelta(days=1)
    return {
        # recent: "the previous 7 days, including the current date"; last_7_days / last_30_days:
        # "… not including the current date"
        "recent": (today - timedelta(days=6), today), "today": (today, today),
        "yesterday": (today - timedelta(days=1),) * 2,
        "last_7_days": (today - timedelta(days=7), today - timedelta(days=1)),
        "last_30_days": (today - timedelta(days=30), today - timedelta(days=1)),
        "this_month": (first_of_month, today),
        "last_month": (last_month_end.replace(day=1), last_month_end),
        "this_year": (today.replace(month=1, day=1), today),
        "last_year": (date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)),
        "all_time": (None, None),
    }[name]


def _within(row: Row, lo, hi, tz: str) -> bool:
    local = row.when.astimezone(ZoneInfo(tz))
    for bound, is_low in ((lo, True), (hi, False)):
        if bound is None:
            continue
        if isinstance(bound, datetime):
            mine = row.when if bound.tzinfo else local.replace(tzinfo=None)
        else:
            mine = local.date()
        if (mine < bound) if is_low else (mine > bound):
            return False
    return True


def _comparable(value: date | datetime):
    if isinstance(value, datetime) and value.tzinfo:
        return calendar.timegm(value.utctimetuple())
    return value


def _sort(rows: list[Row], resource: str, stamp_field: str, sort: str | None, order: str | None) -> list[Row]:
    chronological = resource in DATE_FILTERED
    field = sort or (stamp_field if chronological else "name")
    descending = order == "desc" if order else (field == stamp_field and chronological)

    def key(row: Row):
        if field == stamp_field:
            return (row.when, str(row.body["id"]))
        value = row.body.get(field)
        return (value is None, value if value is not None else "", str(row.body["id"]))

    return sorted(rows, key=key, reverse=descending)


VENDOR = CallRail
