"""CallRail API v3 emulation (apidocs.callrail.com), mounted at ``/callrail/v3/...``.

Contract emulated, as documented:

- Auth: ``Authorization: Token token="<api key>"`` (the unquoted form is accepted too); a key
  sees the accounts of its user.  Missing/unknown key → 401, another user's account → 403,
  unknown account → 404.  Errors are JSON ``{"error": "..."}``.
- ``GET /v3/a.json`` lists accounts; per account ``companies.json``, ``trackers.json``,
  ``calls.json``, ``form_submissions.json``, ``text-messages.json`` (records under
  ``conversations``), ``tags.json`` and ``users.json``.
- Offset pagination: ``page`` (from 1), ``per_page`` (default 100, at most 250); the envelope
  carries ``page``, ``per_page``, ``total_pages`` and ``total_records``.  Calls also offer
  relative pagination (``relative_pagination=true``): the envelope carries ``per_page``,
  ``has_next_page`` and ``next_page`` (a full URL, ``offset`` = page index from 0).
- Date filters on calls (``start_time``), form submissions (``submitted_at``) and text
  conversations (``last_message_at``): ``start_date``/``end_date`` (ISO 8601 date, inclusive,
  in the company's time zone, or a datetime) or ``date_range`` (``recent``, ``today``,
  ``yesterday``, ``last_7_days``, ``last_30_days``, ``this_month``, ``last_month``,
  ``this_year``, ``last_year``, ``all_time``).  ``company_id`` filters every list.
- ``fields=`` adds user-requested call fields; ``sort``/``order`` (asc|desc) order a list.
  Default order: newest first for calls, forms and texts, alphabetical otherwise.
- Rate limits per key: 1,000 requests an hour and 10,000 a day → 429 (no ``Retry-After``,
  as documented).  Knobs: ``hourly_limit``, ``daily_limit``, ``max_per_page``.
- Writes: ``PUT calls/{id}.json`` (note, lead_status, value, customer_name, tags) and
  ``DELETE tags/{id}.json``.

Admin mutations (``POST /_admin/callrail/mutate``), ``object`` being a stream name:

- ``{"action": "create", "object": "calls", "account_id"?, "count"?, "at"?, "note"?}``
- ``{"action": "update", "object": "calls", "ids": [...], "changes": {"note": ...}}``
- ``{"action": "delete", "object": "tags", "ids": [...]}``
- ``{"action": "create", "object": "text_messages", "ids": [conversation ids], "content"?, "at"?}``

``dump/<stream>`` returns what a complete sync should leave in the warehouse: the API records
plus ``account_id`` (calls with the fields tap-callrail requests).
"""

from __future__ import annotations

import calendar
import math
import re
import time
from datetime import date, datetime, timedelta, timezone
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from crm_sandbox.api.http import Request, Response, route
from crm_sandbox.api.vendor import AdminError, Vendor
from crm_sandbox.api.vendors.callrail_data import (
    DATE_FILTERED, DEFAULT_CALL_FIELDS, OPTIONAL_CALL_FIELDS, RESOURCES, CallRailData, Row,
)

API_KEY = "demo-callrail-key"
#: A second user who only sees the Carolinas account (CallRail keys carry their user's scope).
SCOPED_KEYS = {"demo-callrail-carolinas-key": ("Demo Exteriors Carolinas",)}
#: The extra call fields tap-callrail asks for; ``dump("calls")`` renders these.
WAREHOUSE_CALL_FIELDS = ("agent_email", "call_type", "campaign", "company_id", "company_name",
                         "note", "tags", "lead_status", "value")
STREAMS = {"accounts": None, "companies": "companies", "trackers": "trackers", "calls": "calls",
           "form_submissions": "form_submissions", "text_messages": "text-messages",
           "tags": "tags", "users": "users"}
SORTABLE = {"calls": {"start_time", "customer_name", "customer_phone_number", "duration", "source"},
            "form_submissions": {"submitted_at", "customer_name"},
            "text-messages": {"last_message_at", "customer_name"}}
DATE_RANGES = ("recent", "today", "yesterday", "last_7_days", "last_30_days", "this_month",
               "last_month", "this_year", "last_year", "all_time")
TOKEN = re.compile(r'^Token\s+token="?([^",\s]+)"?\s*$', re.IGNORECASE)
ACCOUNT = r"(?P<account_id>[A-Za-z0-9]+)"


class BadRequest(Exception):
    pass


class CallRail(Vendor):
    name = "callrail"
    credentials = {"api_key": API_KEY}

    def __init__(self, world) -> None:
        super().__init__(world)
        self.data = CallRailData.build(world)
        self.knobs = {"hourly_limit": 1000, "daily_limit": 10_000, "max_per_page": 250}
        self._hits: dict[str, list[float]] = {}

    # ---- auth, limits, errors -----------------------------------------------------------
    def _key(self, request: Request) -> str | None:
        match = TOKEN.match(request.headers.get("authorization", ""))
        return match.group(1) if match else None

    def authenticate(self, request: Request) -> Response | None:
        key = self._key(request)
        if key != API_KEY and key not in SCOPED_KEYS:
            return self.unauthorized(request)
        now = time.time()
        hits = [t for t in self._hits.get(key, []) if t > now - 86_400]
        last_hour = sum(1 for t in hits if t > now - 3_600)
        if last_hour >= self.knobs["hourly_limit"] or len(hits) >= self.knobs["daily_limit"]:
            self._hits[key] = hits
            return self.error(429, "API rate limit exceeded. Please slow down your requests.")
        self._hits[key] = hits + [now]
        return None

    def unauthorized(self, request: Request) -> Response:
        return self.error(401, "HTTP Token: Access denied.")

    def _visible(self, request: Request) -> list[str]:
        key = self._key(request)
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
        accounts = sorted((self.data.accounts[a] for a in self._visible(request)), key=lambda a: a["name"])
        return self._guarded(lambda: self._offset_page(request, "accounts", accounts))

    @route("GET", rf"/v3/a/{ACCOUNT}\.json")
    def get_account(self, request: Request, account_id: str) -> Response:
        return self._account(request, account_id) or Response(200, self.data.accounts[account_id])

    @route("GET", rf"/v3/a/{ACCOUNT}/(?P<resource>companies|trackers|calls|form_submissions|text-messages|tags|users)\.json")
    def list_resource(self, request: Request, account_id: str, resource: str) -> Response:
        return self._account(request, account_id) or self._guarded(
            lambda: self._list(request, account_id, resource))

    @route("GET", rf"/v3/a/{ACCOUNT}/(?P<resource>companies|trackers|calls|tags|users)/(?P<record_id>\w+)\.json")
    def get_record(self, request: Request, account_id: str, resource: str, record_id: str) -> Response:
        denied = self._account(request, account_id)
        row = self.data.rows.get(account_id, {}).get(resource, {}).get(record_id)
        if denied or row is None:
            return denied or self.error(404, "Not found")
        return Response(200, self._render(resource, row, request.args("fields")))

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
        return Response(200, self._render("calls", self.data.rows[account_id]["calls"][call_id],
                                          list(WAREHOUSE_CALL_FIELDS)))

    @route("DELETE", rf"/v3/a/{ACCOUNT}/tags/(?P<tag_id>\d+)\.json")
    def remove_tag(self, request: Request, account_id: str, tag_id: str) -> Response:
        denied = self._account(request, account_id)
        if denied or tag_id not in self.data.rows[account_id]["tags"]:
            return denied or self.error(404, "Not found")
        self.data.delete_tag(account_id, tag_id)
        return Response(204, None)

    def _guarded(self, build) -> Response:
        try:
            return build()
        except BadRequest as exc:
            return self.error(400, str(exc))

    def _list(self, request: Request, account_id: str, resource: str) -> Response:
        key, stamp_field = RESOURCES[resource]
        rows = list(self.data.rows[account_id][resource].values())
        if company := request.arg("company_id"):
            rows = [r for r in rows if _company_id(r.body) == company]
        if status := request.arg("status"):
            rows = [r for r in rows if r.body.get("status") == status]
        if resource in DATE_FILTERED:
            rows = _date_filter(rows, request)
        rows = _sort(rows, resource, stamp_field, request.arg("sort"), request.arg("order"))
        fields = request.args("fields")
        if resource == "calls" and (request.arg("relative_pagination") or "").lower() == "true":
            return self._relative_page(request, rows, fields)
        return self._offset_page(request, key, [self._render(resource, r, fields) for r in rows])

    def _per_page(self, request: Request) -> int:
        per_page = _positive(request.arg("per_page", "100"), "per_page")
        return min(per_page, 250, self.knobs["max_per_page"])

    def _offset_page(self, request: Request, key: str, records: list[dict]) -> Response:
        page = _positive(request.arg("page", "1"), "page")
        per_page = self._per_page(request)
        total = len(records)
        return Response(200, {"page": page, "per_page": per_page,
                              "total_pages": math.ceil(total / per_page), "total_records": total,
                              key: records[(page - 1) * per_page: page * per_page]})

    def _relative_page(self, request: Request, rows: list[Row], fields: list[str]) -> Response:
        offset = int(request.arg("offset", "0")) if (request.arg("offset") or "0").isdigit() else -1
        if offset < 0:
            raise BadRequest("offset must be a non-negative integer")
        per_page = self._per_page(request)
        chunk = rows[offset * per_page:(offset + 1) * per_page]
        more = (offset + 1) * per_page < len(rows)
        next_page = None
        if more:
            query = {k: v for k, v in request.query.items() if k not in ("offset", "page")}
            query["offset"] = [str(offset + 1)]
            host = request.headers.get("host", "127.0.0.1")
            next_page = f"http://{host}/{self.name}{request.path}?{urlencode(query, doseq=True)}"
        return Response(200, {"per_page": per_page, "has_next_page": more, "next_page": next_page,
                              "calls": [self._render("calls", r, fields) for r in chunk]})

    def _render(self, resource: str, row: Row, fields: list[str] | None) -> dict:
        if resource != "calls":
            return dict(row.body)
        wanted = set(DEFAULT_CALL_FIELDS) | (set(fields or ()) & set(OPTIONAL_CALL_FIELDS))
        return {k: v for k, v in row.body.items() if k in wanted}

    # ---- admin --------------------------------------------------------------------------
    def _find(self, resource: str, record_id: str) -> str:
        for account_id, resources in self.data.rows.items():
            if str(record_id) in resources[resource]:
                return account_id
        raise AdminError(f"no {resource} record {record_id!r}", 404)

    def mutate(self, body: dict[str, Any]) -> dict[str, Any]:
        action, obj = body.get("action"), body.get("object")
        at = _parse_instant(body["at"]) if body.get("at") else None
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
        out = []
        for account_id, resources in self.data.rows.items():
            for row in resources[STREAMS[obj]].values():
                out.append({**self._render(STREAMS[obj], row, list(WAREHOUSE_CALL_FIELDS)),
                            "account_id": account_id})
        return out

    def configure(self, settings: dict[str, Any]) -> dict[str, Any]:
        unknown = set(settings) - set(self.knobs)
        if unknown:
            raise AdminError(f"callrail has no settings {sorted(unknown)}")
        self.knobs.update({k: int(v) for k, v in settings.items()})
        if settings:
            self._hits.clear()
        return dict(self.knobs)


# ---- helpers ------------------------------------------------------------------------------
def _company_id(body: dict) -> str | None:
    return body.get("company_id") or (body.get("company") or {}).get("id")


def _positive(value: str | None, name: str) -> int:
    if not value or not value.isdigit() or int(value) < 1:
        raise BadRequest(f"{name} must be a positive integer")
    return int(value)


def _parse_instant(value: str) -> datetime:
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def _bound(value: str, name: str) -> date | datetime:
    try:
        if len(value) == 10:
            return date.fromisoformat(value)
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise BadRequest(f"{name} must be an ISO 8601 date or time, got {value!r}") from None


def _range_dates(name: str, today: date) -> tuple[date | None, date | None]:
    first_of_month = today.replace(day=1)
    last_month_end = first_of_month - timedelta(days=1)
    return {
        "recent": (today - timedelta(days=29), today), "today": (today, today),
        "yesterday": (today - timedelta(days=1),) * 2,
        "last_7_days": (today - timedelta(days=6), today),
        "last_30_days": (today - timedelta(days=29), today),
        "this_month": (first_of_month, today),
        "last_month": (last_month_end.replace(day=1), last_month_end),
        "this_year": (today.replace(month=1, day=1), today),
        "last_year": (date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)),
        "all_time": (None, None),
    }[name]


def _within(row: Row, lo, hi) -> bool:
    local = row.when.astimezone(ZoneInfo(row.tz))
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


def _date_filter(rows: list[Row], request: Request) -> list[Row]:
    start, end, named = request.arg("start_date"), request.arg("end_date"), request.arg("date_range")
    if start or end:
        lo = _bound(start, "start_date") if start else None
        hi = _bound(end, "end_date") if end else None
        try:
            backwards = lo is not None and hi is not None and _comparable(lo) > _comparable(hi)
        except TypeError:  # a date against a time, or naive against aware: no check
            backwards = False
        if backwards:
            raise BadRequest("start_date must be before end_date")
        return [r for r in rows if _within(r, lo, hi)]
    if named:
        if named not in DATE_RANGES:
            raise BadRequest(f"date_range must be one of {', '.join(DATE_RANGES)}")
        kept = []
        for r in rows:
            lo, hi = _range_dates(named, datetime.now(ZoneInfo(r.tz)).date())
            if _within(r, lo, hi):
                kept.append(r)
        return kept
    return rows


def _comparable(value: date | datetime):
    if isinstance(value, datetime) and value.tzinfo:
        return calendar.timegm(value.utctimetuple())
    return value


def _sort(rows: list[Row], resource: str, stamp_field: str, sort: str | None, order: str | None) -> list[Row]:
    if order is not None and order not in ("asc", "desc"):
        raise BadRequest("order must be asc or desc")
    if sort is not None and sort not in SORTABLE.get(resource, {"name", "created_at"}):
        raise BadRequest(f"sort must be one of {', '.join(sorted(SORTABLE.get(resource, {'name', 'created_at'})))}")
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
