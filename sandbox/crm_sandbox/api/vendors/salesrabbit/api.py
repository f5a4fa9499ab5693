"""SalesRabbit API emulation, mounted at ``/salesrabbit/...`` (every fact with its public
source, and what no public source says: ``CONTRACT.md`` beside this file).

- Auth ``Authorization: Bearer <token>``; otherwise 401 ``{"message": "Unauthenticated."}``.
- ``GET /leads``: pages from 1 (``page`` < 1 answers page 1); page size ``perPage`` or ``limit``
  (default 1000, at most the knob ``max_page_size``); ascending ``id``; envelope
  ``{"data": [...], "meta": {"morePages": bool}}``.  Deleted leads stay listed with ``deletedAt``.
- ``GET /users``: pages from 0, envelope ``{"data": [...]}``.  The knob ``users_repeat_pages``
  reproduces the quirk the predecessor hit: ``full_list`` (default) answers every page with every
  user; ``first_page`` ignores ``page`` but honours the page size; ``off`` pages normally.
- ``If-Modified-Since`` (both lists): rows whose ``dateModified`` is at or after the header's
  second (knob ``if_modified_since``: ``at_or_after``; ``after`` is HTTP's reading, strictly
  later); ISO-8601 or an HTTP-date; an unparsable header is ignored (RFC 9110 §13.1.3).
- 429 with ``Retry-After`` past ``requests_per_minute`` (knob; null = no limit).

Admin: ``mutate`` — ``{"action": "create"|"update"|"delete"|"restore", "object": "leads",
"ids"|"count", "at"?, "changes"?, "division_id"?}`` and ``{"action": "create"|"update"|
"deactivate"|"remove", "object": "users", "ids"|"count", "at"?, "division_id"?}``; many records
share one ``at``.  ``dump/leads`` and ``dump/users``: every record as the warehouse holds it
after a complete sync (``""`` loaded as null; deleted leads with ``_sdc_deleted_at``).
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from crm_sandbox.api.kit import (AdminError, Bearer, Request, Response, Vendor, Window, int_arg, page_number,
                                 parse_instant, route)
from crm_sandbox.api.vendors.salesrabbit.data import ROLES, SalesRabbitData, stamp
from crm_sandbox.world import FIRST_NAMES, LAST_NAMES

TOKEN = "demo-salesrabbit-token"
DEFAULT_PAGE_SIZE = 1000
REPEAT_MODES = ("full_list", "first_page", "off")
SINCE_MODES = ("at_or_after", "after")


class SalesRabbit(Vendor):
    name = "salesrabbit"
    credentials = {"api_token": TOKEN}
    auth = Bearer()
    knobs = {"accepted": [TOKEN], "requests_per_minute": 600, "max_page_size": 2000,
             "users_repeat_pages": "full_list", "if_modified_since": "at_or_after"}
    rate_windows = (Window("requests_per_minute", 60, "Too Many Requests", retry_after=True),)

    def __init__(self, world) -> None:  # noqa: ANN001
        super().__init__(world)
        self.data = SalesRabbitData(world)

    def error(self, status: int, message: str, **extra: Any) -> Response:
        return Response(status, {"message": message, **extra})

    def unauthorized(self, request: Request) -> Response:
        return self.error(401, "Unauthenticated.")

    # -- lists ----------------------------------------------------------------------------------
    @route("GET", r"/leads")
    def list_leads(self, request: Request) -> Response:
        rows = self._modified_since(request, self.data.leads.values())
        page = page_number(rows, int_arg(request, "page", 1, minimum=1, clamp=True), self._page_size(request))
        return Response(200, {"data": page.items, "meta": {"morePages": page.has_more}})

    @route("GET", r"/users")
    def list_users(self, request: Request) -> Response:
        rows, size = self._modified_since(request, self.data.users.values()), self._page_size(request)
        mode = self.knobs["users_repeat_pages"]
        if mode == "full_list":
            return Response(200, {"data": rows})
        if mode == "first_page":
            return Response(200, {"data": rows[:size]})
        return Response(200, {"data": page_number(rows, int_arg(request, "page", 0, minimum=0), size, first=0).items})

    def _page_size(self, request: Request) -> int:
        name = "perPage" if request.arg("perPage") not in (None, "") else "limit"
        return int_arg(request, name, DEFAULT_PAGE_SIZE, minimum=1, maximum=int(self.knobs["max_page_size"]),
                       clamp=True)

    def _modified_since(self, request: Request, rows) -> list[dict]:  # noqa: ANN001
        header = request.headers.get("if-modified-since")
        try:
            since = stamp(parse_instant(header)) if header else None  # whole seconds
        except ValueError:
            since = None
        if since is None:
            return list(rows)
        # One spelling (whole seconds, +00:00): the strings order as the instants do.
        if self.knobs["if_modified_since"] == "after":
            return [r for r in rows if r["dateModified"] > since]
        return [r for r in rows if r["dateModified"] >= since]

    # -- admin ----------------------------------------------------------------------------------
    def configure(self, settings: dict[str, Any]) -> dict[str, Any]:
        for knob, modes in (("users_repeat_pages", REPEAT_MODES), ("if_modified_since", SINCE_MODES)):
            if settings.get(knob, modes[0]) not in modes:
                raise AdminError(f"{knob} must be one of {list(modes)}")
        return super().configure(settings)

    def mutate(self, body: dict[str, Any]) -> dict[str, Any]:
        action, obj = body.get("action"), body.get("object")
        at = (parse_instant(body["at"]) if body.get("at") else datetime.now(timezone.utc)).replace(microsecond=0)
        handler = getattr(self, f"_{obj}_{action}", None) if obj in ("leads", "users") else None
        if handler is None:
            raise AdminError(f"unknown mutation {action!r} on {obj!r}")
        return {"ids": handler(body, at), "at": stamp(at)}

    def _targets(self, body: dict, table: dict[int, dict], live: bool = True) -> list[dict]:
        if "ids" in body:
            missing = [i for i in body["ids"] if i not in table]
            if missing:
                raise AdminError(f"no such {body['object']}: {missing}", 404)
            return [table[i] for i in body["ids"]]
        candidates = [r for r in table.values() if not (live and r.get("deletedAt"))]
        return candidates[: int(body.get("count", 1))]

    def _leads_create(self, body: dict, at: datetime) -> list[int]:
        return [self.data.pin(at, body.get("division_id"))["id"] for _ in range(int(body.get("count", 1)))]

    def _leads_update(self, body: dict, at: datetime) -> list[int]:
        leads = self._targets(body, self.data.leads)
        for lead in leads:
            lead.update({"status": "Come Back", "statusModified": stamp(at), "notes": "Knocked again",
                         **body.get("changes", {}), "dateModified": stamp(at)})
        return [lead["id"] for lead in leads]

    def _leads_delete(self, body: dict, at: datetime) -> list[int]:
        leads = self._targets(body, self.data.leads)
        for lead in leads:
            lead.update(deletedAt=stamp(at), dateModified=stamp(at))
        return [lead["id"] for lead in leads]

    def _leads_restore(self, body: dict, at: datetime) -> list[int]:
        leads = self._targets(body, self.data.leads, live=False)
        for lead in leads:
            lead.update(deletedAt=None, dateModified=stamp(at))
        return [lead["id"] for lead in leads]

    def _users_create(self, body: dict, at: datetime) -> list[int]:
        made = []
        for _ in range(int(body.get("count", 1))):
            user_id = max(self.data.users) + 1
            first, last = FIRST_NAMES[user_id % len(FIRST_NAMES)], LAST_NAMES[user_id % len(LAST_NAMES)]
            division = self.data.divisions[int(body.get("division_id", 1))]
            self.data.users[user_id] = {
                "id": user_id, "firstName": first, "lastName": last, "email": f"{first}.{last}.{user_id}@demo.example".lower(),
                "phone": "", "active": True, "hireDate": at.date().isoformat(), "businessUnit": None,
                "department": "Sales", "role": ROLES[3], "office": division.label, "team": f"{division.label} Canvass",
                "region": "North" if division.region_id == 1 else "South", "orgId": 5001, "supervisorId": None,
                "recruiterId": None, "cmsId": None, "leadRepCmsId": None, "photo_url": None, "externalIds": [],
                "dateCreated": stamp(at), "dateModified": stamp(at)}
            self.data.division_of[user_id] = division.id
            made.append(user_id)
        self.data.index_users()
        return made

    def _users_update(self, body: dict, at: datetime) -> list[int]:
        users = self._targets(body, self.data.users)
        for user in users:
            user.update({**(body.get("changes") or {"team": f"{user['office']} Storm"}), "dateModified": stamp(at)})
        return [user["id"] for user in users]

    def _users_deactivate(self, body: dict, at: datetime) -> list[int]:
        return self._users_update({**body, "changes": {"active": False}}, at)

    def _users_remove(self, body: dict, at: datetime) -> list[int]:
        users = self._targets(body, self.data.users)
        for user in users:
            del self.data.users[user["id"]]
        self.data.index_users()
        return [user["id"] for user in users]

    def dump(self, obj: str) -> list[dict[str, Any]]:
        if obj == "leads":
            return [{**_blank_is_null(lead), "_sdc_deleted_at": lead["deletedAt"]} for lead in self.data.leads.values()]
        if obj == "users":
            return [_blank_is_null(user) for user in self.data.users.values()]
        raise AdminError(f"salesrabbit has no object {obj!r} (leads, users)", 404)


def _blank_is_null(record: dict) -> dict:
    """SalesRabbit's ``""`` for an unknown value, as the tap loads it (null; nested objects stay)."""
    return {k: (None if isinstance(v, str) and not v.strip() else v) for k, v in record.items()}
