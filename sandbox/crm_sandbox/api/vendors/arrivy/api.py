"""Arrivy REST API emulation, mounted at ``/arrivy/api/...`` (the docs' base ``https://www.arrivy.com/api``).

Contract emulated (every fact with its source in ``CONTRACT.md`` beside this file):

- Auth: ``X-Auth-Key`` and ``X-Auth-Token`` on every call; anything else → 401
  ``{"message": "UNAUTHORIZED", "description": "Wrong Credentials"}``. Every error has that
  shape (``INVALID_INPUT``, ``NOT_FOUND``, …).
- Lists are bare JSON arrays paged by ``page`` (from 1) and ``items_per_page``: tasks, entities
  and bookings default to 500, groups and a task's status list to 100; a non-integer or a value
  outside 1…500 → 400 ``Invalid items_per_page``. No envelope, no totals.
- ``GET /tasks``: scheduled tasks whose ``start_datetime`` lies in [``from``, ``to``] (both
  optional, ISO 8601; a bad one → 400), in calendar order; ``unscheduled=true`` → only the
  unscheduled tasks (by creation); ``tasks_with_no_datetime=true`` → tasks without a date;
  ``customer_id``, ``external_id`` filter. ``GET /tasks/{id}``, ``GET /tasks/{id}/status``
  (oldest first), ``GET /tasks/{id}/status/{status_id}``.
- ``GET /entities`` (``external_id``, ``email``, ``group_id`` filters), ``/groups``,
  ``/bookings``, ``/statuses`` (one answer, no paging), and ``GET /<list>/{id}``.
- Datetimes in UTC without an offset, plus ``*_original_iso_str`` in the task's zone.
- Rate limit (undocumented: off by default): knob ``per_second`` → 429 with ``Retry-After``.
- Knob ``docs_only``: tasks carry only the documented fields (no ``updated``, ``status``, …).

Admin mutations (``POST /_admin/arrivy/mutate``; ``at`` optional, default now; the change moves
the task's ``updated``, status changes included):

- ``{"action": "update", "object": "tasks"|"entities"|"groups"|"bookings"|"statuses", "ids": [...], "changes": {...}}``
- ``{"action": "delete", "object": <same>, "ids": [...]}`` (a task's history goes with it)
- ``{"action": "reschedule", "object": "tasks", "ids": [...], "start": iso}`` or ``"days": n`` (shift)
- ``{"action": "unschedule", "object": "tasks", "ids": [...]}``
- ``{"action": "report_status", "object": "tasks", "ids": [...], "type": "COMPLETE", "notes"?}``
- ``{"action": "create", "object": "tasks", "count"?, "start"? (iso; absent: unscheduled), "homeowner_id"?}``
- ``{"action": "update"|"delete", "object": "task_statuses", "ids": [status ids], "changes"?}``

``dump/<stream>`` returns the live records as the API sends them (task statuses with their
``task_id``): what a complete sync leaves in the warehouse besides the retired rows.
"""

from __future__ import annotations

import copy
from datetime import datetime, timedelta, timezone
from typing import Any, Callable

from crm_sandbox.api.kit import (AdminError, BadRequest, Headers, Request, Response, Vendor, Window, bool_arg,
                                 instant_arg, int_arg, page_number, parse_instant, route)
from crm_sandbox.api.vendors.arrivy.data import TEMPLATE_INSTALL, ArrivyData

AUTH_KEY, AUTH_TOKEN = "demo-arrivy-key", "demo-arrivy-token"
MAX_PAGE = 500
CODES = {400: "INVALID_INPUT", 401: "UNAUTHORIZED", 404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED",
         409: "CONFLICT", 429: "TOO_MANY_REQUESTS", 500: "INTERNAL_ERROR", 502: "BAD_GATEWAY",
         503: "SERVICE_UNAVAILABLE", 504: "GATEWAY_TIMEOUT"}
LISTS = ("entities", "groups", "bookings")
#: Documented default page sizes (the docs disagree on groups and status lists: 100 vs 500).
DEFAULT_PAGE = {"tasks": 500, "entities": 500, "bookings": 500, "groups": 100, "status": 100}
ID = r"(?P<record_id>\d+)"
#: The task fields Arrivy's pages document (knob ``docs_only`` hides the rest, as an emulation
#: written from the docs alone would: no ``updated``, no ``status``).
DOCUMENTED_TASK_FIELDS = frozenset((
    "id", "url_safe_id", "title", "details", "start_datetime", "end_datetime", "start_datetime_original_iso_str",
    "end_datetime_original_iso_str", "customer_first_name", "customer_last_name", "customer_email",
    "customer_company_name", "customer_address_line_1", "customer_address_line_2", "customer_city",
    "customer_state", "customer_country", "customer_zipcode", "customer_exact_location", "customer_mobile_number",
    "customer_phone", "customer_id", "customer_notes", "unscheduled", "group_id", "notifications", "extra_fields",
    "source", "source_id", "external_id", "external_url", "template", "entity_ids", "resource_ids",
    "additional_addresses", "items", "enable_time_window_display", "time_window_start"))


class Arrivy(Vendor):
    name = "arrivy"
    credentials = {"auth_key": AUTH_KEY, "auth_token": AUTH_TOKEN}
    auth = Headers("X-Auth-Key", "X-Auth-Token")
    knobs = {"accepted": [[AUTH_KEY, AUTH_TOKEN]], "per_second": None, "docs_only": False}
    rate_windows = (Window("per_second", 1, "Rate limit exceeded", retry_after=True),)

    def __init__(self, world) -> None:  # noqa: ANN001
        super().__init__(world)
        self.data = ArrivyData(world)

    def error(self, status: int, message: str, **extra: Any) -> Response:
        return Response(status, {"message": CODES.get(status, "ERROR"), "description": message, **extra})

    def unauthorized(self, request: Request) -> Response:
        return self.error(401, "Wrong Credentials")

    # ---- tasks --------------------------------------------------------------------------
    @route("GET", r"/api/tasks")
    def list_tasks(self, request: Request) -> Response:
        tasks = list(self.data.tasks.values())
        if _arg(bool_arg, request, "tasks_with_no_datetime"):
            tasks = [t for t in tasks if not t["start_datetime"]]
        elif _arg(bool_arg, request, "unscheduled"):
            tasks = [t for t in tasks if t["unscheduled"]]
        else:
            tasks = [t for t in tasks if not t["unscheduled"] and t["start_datetime"]]
        lo, hi = _arg(instant_arg, request, "from"), _arg(instant_arg, request, "to")
        if lo or hi:
            tasks = [t for t in tasks if t["start_datetime"] and (lo is None or _utc(t["start_datetime"]) >= lo)
                     and (hi is None or _utc(t["start_datetime"]) <= hi)]
        for name in ("customer_id", "external_id"):
            if (wanted := request.arg(name)) is not None:
                tasks = [t for t in tasks if str(t[name]) == wanted]
        tasks.sort(key=lambda t: (t["start_datetime"] or t["created"], t["id"]))
        return self._page(request, "tasks", [self._task(t) for t in tasks])

    @route("GET", rf"/api/tasks/{ID}")
    def get_task(self, request: Request, record_id: str) -> Response:
        task = self.data.tasks.get(int(record_id))
        return Response(200, self._task(task)) if task else self.error(404, "NOT_FOUND")

    @route("GET", rf"/api/tasks/{ID}/status")
    def list_task_statuses(self, request: Request, record_id: str) -> Response:
        history = self.data.history.get(int(record_id))
        if history is None:
            return self.error(404, "NOT_FOUND")
        return self._page(request, "status", sorted(history, key=lambda s: (s["time"], s["id"])))

    @route("GET", rf"/api/tasks/{ID}/status/(?P<status_id>\d+)")
    def get_task_status(self, request: Request, record_id: str, status_id: str) -> Response:
        found = [s for s in self.data.history.get(int(record_id), []) if s["id"] == int(status_id)]
        return Response(200, found[0]) if found else self.error(404, "NOT_FOUND")

    # ---- entities, groups, bookings, statuses -------------------------------------------
    @route("GET", r"/api/(?P<kind>entities|groups|bookings)")
    def list_records(self, request: Request, kind: str) -> Response:
        records = sorted(self.data.records(kind).values(), key=lambda r: r["id"])
        if kind == "entities":
            for name in ("external_id", "email", "group_id"):
                if (wanted := request.arg(name)) is not None:
                    records = [r for r in records if str(r.get(name)) == wanted]
        return self._page(request, kind, records)

    @route("GET", rf"/api/(?P<kind>entities|groups|bookings)/{ID}")
    def get_record(self, request: Request, kind: str, record_id: str) -> Response:
        record = self.data.records(kind).get(int(record_id))
        return Response(200, record) if record else self.error(404, "NOT_FOUND")

    @route("GET", r"/api/statuses")
    def list_statuses(self, request: Request) -> Response:
        return Response(200, sorted(self.data.statuses.values(), key=lambda s: s["id"]))

    def _task(self, task: dict) -> dict:
        return {k: v for k, v in task.items() if k in DOCUMENTED_TASK_FIELDS} if self.knobs["docs_only"] else task

    def _page(self, request: Request, kind: str, items: list[dict]) -> Response:
        page = _arg(int_arg, request, "page", 1, minimum=1)
        size = _arg(int_arg, request, "items_per_page", DEFAULT_PAGE[kind], minimum=1, maximum=MAX_PAGE)
        return Response(200, page_number(items, page, size).items)

    # ---- admin --------------------------------------------------------------------------
    def mutate(self, body: dict[str, Any]) -> dict[str, Any]:
        action, obj = body.get("action"), body.get("object")
        at = parse_instant(body["at"]) if body.get("at") else datetime.now(timezone.utc).replace(microsecond=0)
        ids = [int(i) for i in body.get("ids") or []]
        try:
            if obj == "task_statuses" and action in ("update", "delete"):
                for sid in ids:
                    if action == "update":
                        self.data.edit_status(sid, body.get("changes") or {}, at)
                    else:
                        self.data.delete_status(sid, at)
            elif action == "create" and obj == "tasks":
                ids = [self._create_task(body, at) for _ in range(int(body.get("count", 1)))]
            elif action in ("update", "delete") and obj in ("tasks", "statuses", *LISTS):
                for rid in ids:
                    if action == "update":
                        self.data.update(obj, rid, body.get("changes") or {}, at)
                    else:
                        self.data.delete(obj, rid)
            elif obj == "tasks" and action in ("reschedule", "unschedule", "report_status"):
                for tid in ids:
                    self._task_action(action, tid, body, at)
            else:
                raise AdminError(f"unsupported mutation {action!r} on {obj!r}")
        except (KeyError, StopIteration) as exc:
            raise AdminError(f"unknown id in {body}: {exc}", 404) from None
        return {"ids": ids, "at": at.isoformat()}

    def _task_action(self, action: str, task_id: int, body: dict, at: datetime) -> None:
        task = self.data.tasks[task_id]
        if action == "unschedule":
            self.data.reschedule(task_id, None, at)
        elif action == "reschedule":
            start = parse_instant(body["start"]) if body.get("start") else (
                _utc(task["start_datetime"] or task["created"]) + timedelta(days=float(body.get("days", 1))))
            self.data.reschedule(task_id, start, at)
        else:
            self.data.add_status(task_id, body.get("type", "COMPLETE"), at, reporter=task["entity_ids"][0],
                                 notes=body.get("notes"), source="web")

    def _create_task(self, body: dict, at: datetime) -> int:
        homeowner = self.world.homeowner(int(body["homeowner_id"])) if body.get("homeowner_id") \
            else self.world.homeowners[len(self.data.tasks) % len(self.world.homeowners)]
        start = parse_instant(body["start"]) if body.get("start") else None
        task = self.data.new_task(division_id=homeowner.division_id, homeowner_id=homeowner.id,
                                  title=f"Estimate follow-up - {homeowner.last_name}", created=at, start=start,
                                  minutes=120, job_id=None, template=TEMPLATE_INSTALL)
        return task["id"]

    def dump(self, obj: str) -> list[dict[str, Any]]:
        if obj == "task_statuses":
            return [{**copy.deepcopy(s), "task_id": task_id}
                    for task_id, history in sorted(self.data.history.items()) for s in history]
        if obj not in ("tasks", "statuses", *LISTS):
            raise AdminError(f"arrivy has no object {obj!r}", 404)
        return [copy.deepcopy(r) for _, r in sorted(self.data.records(obj).items())]


def _arg(parse: Callable[..., Any], request: Request, name: str, *args: Any, **kwargs: Any) -> Any:
    """A kit query parser, with Arrivy's 400: it names only the parameter ("Invalid items_per_page")."""
    try:
        return parse(request, name, *args, **kwargs)
    except BadRequest:
        raise BadRequest(f"Invalid {name}") from None


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


__all__ = ["AUTH_KEY", "AUTH_TOKEN", "Arrivy"]
