"""HubSpot CRM API emulation, as documented (developers.hubspot.com, CRM v3 objects, v4 associations).

Mounted at ``/hubspot`` (a tap's ``api_url`` is ``http://127.0.0.1:8765/hubspot``).
Auth: ``Authorization: Bearer demo-hubspot-token`` (private-app token); anything else → 401
``{"status": "error", "message": ..., "correlationId": ..., "category": "INVALID_AUTHENTICATION"}``.

- ``GET  /crm/v3/properties/{objectType}`` — property definitions (name, type, fieldType, options…).
- ``GET  /crm/v3/objects/{objectType}`` — ``limit`` (default 10, max 100), ``after`` (cursor from
  ``paging.next.after``; ``paging.next.link`` too), ``properties`` (comma-separated or repeated),
  ``propertiesWithHistory`` (then at most 50 objects a page), ``associations`` (object types whose
  associated ids to include), ``archived=true`` → only archived.
- ``GET  /crm/v3/objects/{objectType}/{id}`` — one object (404 when missing or archived).
- ``POST /crm/v3/objects/{objectType}/search`` — ``filterGroups`` (≤5 groups, ≤6 filters each, ≤18
  in all), one sort (default: creation order, oldest first), ``properties``, ``limit`` (≤200),
  ``after``; a request body over 3,000 characters → 400; at most 10,000 results per query
  (``after`` ≥ 10,000 → 400); archived objects are never returned; 5 requests/s, 429 above.
- ``POST /crm/v3/objects/{objectType}/batch/read`` — ≤100 inputs, ``properties``,
  ``propertiesWithHistory``, ``idProperty``; missing ids → 207 multi-status with ``errors``.
- ``POST /crm/v4/associations/{from}/{to}/batch/read`` — ≤1,000 inputs, per-input ``after`` paging;
  ``toObjectId`` is a number; inputs without associations → 207 with ``errors``.

Responses other than search carry ``X-HubSpot-RateLimit-Max/-Remaining/-Interval-Milliseconds`` and
``-Daily/-Daily-Remaining``; a 429 carries no ``Retry-After`` (the fault injector can add one).
Property values are strings (numbers, booleans ``"true"``/``"false"``, datetimes ISO-8601 UTC with
milliseconds, dates ``YYYY-MM-DD``, multiple-checkbox enumerations ``;``-joined) or null.

Object types: contacts (0-1), deals (0-3), appointments (0-421), and the custom objects divisions
(2-37778609) and genius_users (2-42119425); names, ids and ``p<portal>_<name>`` all address them.
Every request counts against a rolling 10-second limit (``requests_per_10s``), a request-target
longer than ``max_url_length`` gets 414.  Knobs: ``POST /_admin/hubspot/config``.
"""

from __future__ import annotations

import bisect
import uuid
from datetime import datetime, timezone
from typing import Any

from crm_sandbox.api.kit import Bearer, Request, Response, Vendor, Window, keyset, route
from crm_sandbox.api.vendors.hubspot import admin
from crm_sandbox.api.vendors.hubspot.model import (ASSOCIATION_TYPES, OBJECT_TYPES, ObjectType, Record,
                                                     build, iso)
from crm_sandbox.api.vendors.hubspot.search import SearchError, compile_filters, sort_key

#: "A query can contain a maximum of 3,000 characters. If the body of your request exceeds 3,000
#: characters, a 400 error will be returned." (search guide) — read strictly: the whole body.
SEARCH_MAX_BODY = 3_000
DAILY_LIMIT = 500_000

DEMO_TOKEN = "demo-hubspot-token"
PORTAL_ID = 4242424
OBJ = r"/crm/v3/objects/(?P<otype>[^/]+)"


def _is_search(request: Request) -> bool:
    return request.method == "POST" and request.path.endswith("/search")


#: Every request counts against the rolling 10-second window; search also against 5 per second.
TEN_SECONDLY = Window("requests_per_10s", 10.0, "You have reached your ten_secondly_rolling limit.",
                      extra={"policyName": "TEN_SECONDLY_ROLLING"})
SECONDLY = Window("search_per_second", 1.0, "You have reached your secondly limit.", applies=_is_search,
                  extra={"policyName": "SECONDLY"})


class HubSpot(Vendor):
    name = "hubspot"
    credentials = {"access_token": DEMO_TOKEN}
    auth = Bearer()
    knobs = {"accepted": [DEMO_TOKEN], "search_per_second": 5, "requests_per_10s": 150,
             "max_url_length": 15_000, "search_max_results": 10_000, "list_max_limit": 100,
             "search_max_limit": 200, "association_page_size": 500, "search_max_body": SEARCH_MAX_BODY}
    rate_windows = (TEN_SECONDLY, SECONDLY)

    def __init__(self, world) -> None:
        super().__init__(world)
        self.types = {t.id: t for t in OBJECT_TYPES}
        self.aliases = {a: t for t in OBJECT_TYPES for a in t.aliases(PORTAL_ID)}
        self.data, self.links = build(world)
        self._daily = 0
        self._ids: dict[str, tuple[int, list[int]]] = {}  # object type → (count, sorted ids)

    # -- errors and auth --------------------------------------------------------------------
    def error(self, status: int, message: str, **extra: Any) -> Response:
        category = {400: "VALIDATION_ERROR", 401: "INVALID_AUTHENTICATION", 403: "MISSING_SCOPES",
                    404: "OBJECT_NOT_FOUND", 429: "RATE_LIMITS"}.get(status)
        body = {"status": "error", "message": message, "correlationId": str(uuid.uuid4()), **extra}
        if category and "category" not in extra:
            body["category"] = category
        if status == 429:
            body.setdefault("errorType", "RATE_LIMIT")
        return Response(status, body)

    def unauthorized(self, request: Request) -> Response:
        presented = self.auth.presented(request)
        if presented is not None and self.accepts(presented, request):  # fault ``expire_token``
            return self.error(401, "The OAuth token used to make this call expired 1 minute(s) ago.",
                              category="EXPIRED_AUTHENTICATION")
        return self.error(401, "Authentication credentials not found. This API supports OAuth 2.0 "
                               "authentication and you can find more details at "
                               "https://developers.hubspot.com/docs/methods/auth/oauth-overview")

    def dispatch(self, request: Request) -> Response:
        if len(request.raw_target) > self.knobs["max_url_length"]:
            return Response(414, "<html><body><h1>414 Request-URI Too Large</h1></body></html>",
                            {"Content-Type": "text/html"})
        self._daily += 1
        try:
            response = super().dispatch(request)
        except (SearchError, ValueError, TypeError, KeyError, AttributeError) as exc:
            response = self.error(400, f"Invalid input: {exc}")
        if not _is_search(request):
            limit = self.knobs["requests_per_10s"] or 0
            response.headers.update({
                "X-HubSpot-RateLimit-Max": str(limit),
                "X-HubSpot-RateLimit-Remaining": str(max(0, limit - self.rates.used(TEN_SECONDLY, request))),
                "X-HubSpot-RateLimit-Interval-Milliseconds": "10000",
                "X-HubSpot-RateLimit-Daily": str(DAILY_LIMIT),
                "X-HubSpot-RateLimit-Daily-Remaining": str(max(0, DAILY_LIMIT - self._daily))})
        return response

    # -- helpers ----------------------------------------------------------------------------
    def otype(self, name: str) -> ObjectType:
        try:
            return self.aliases[name]
        except KeyError:
            raise KeyError(name) from None

    def _unknown(self, name: str) -> Response:
        return self.error(400, f"Unable to infer object type from: {name}")

    def render(self, otype: ObjectType, rec: Record, props: list[str] | None,
               history: list[str] | None = None, associations: list[str] | None = None) -> dict[str, Any]:
        names = props if props else list(otype.defaults)
        out: dict[str, Any] = {
            "id": str(rec.id),
            "properties": {n: rec.properties.get(n) for n in names if n in otype.props},
            "createdAt": iso(rec.created_at), "updatedAt": iso(rec.updated_at),
            "archived": rec.archived_at is not None}
        if history:
            out["propertiesWithHistory"] = {n: admin.history_of(rec, n) for n in history if n in otype.props}
        if rec.archived_at is not None:
            out["archivedAt"] = iso(rec.archived_at)
        linked: dict[str, Any] = {}
        for name in associations or ():
            target = self.aliases.get(name)
            if target is None:
                continue  # "If any of the specified associations do not exist, they will be ignored."
            ids = self.associated(otype, rec.id, target)
            if ids:
                kind = f"{_singular(otype.name)}_to_{_singular(target.name)}"
                linked[name] = {"results": [{"id": str(i), "type": kind} for i in ids]}
        if linked:
            out["associations"] = linked
        return out

    def _limit(self, raw: Any, default: int, maximum: int) -> int:
        limit = int(raw) if raw not in (None, "") else default
        if not 1 <= limit <= maximum:
            raise ValueError(f"limit must be between 1 and {maximum}, got {limit}")
        return limit

    # -- endpoints --------------------------------------------------------------------------
    @route("GET", r"/crm/v3/properties/(?P<otype>[^/]+)")
    def properties(self, request: Request, otype: str) -> Response:
        if otype not in self.aliases:
            return self._unknown(otype)
        t = self.otype(otype)
        return Response(200, {"results": [admin.property_definition(t, p, i)
                                          for i, p in enumerate(t.props.values())]})

    @route("GET", OBJ)
    def list_objects(self, request: Request, otype: str) -> Response:
        if otype not in self.aliases:
            return self._unknown(otype)
        t = self.otype(otype)
        history = request.args("propertiesWithHistory")
        # "Usage of this parameter will reduce the maximum number of objects that can be read by a
        # single request": 50 with history.
        limit = self._limit(request.arg("limit"), 10, 50 if history else self.knobs["list_max_limit"])
        archived = (request.arg("archived") or "false").lower() == "true"
        page = keyset(self._live_from(t, int(request.arg("after") or 0), limit + 1, archived),
                      None, limit, key=lambda r: r.id, inclusive=True)
        body: dict[str, Any] = {"results": [
            self.render(t, r, request.args("properties"), history, request.args("associations"))
            for r in page.items]}
        if page.has_more:  # ``after`` is the first id of the next page (HubSpot's reading)
            body["paging"] = {"next": {"after": str(page.next), "link": f"?after={page.next}"}}
        return Response(200, body)

    def _live_from(self, t: ObjectType, after: int, count: int, archived: bool) -> list[Record]:
        """Up to ``count`` records with id ≥ ``after``, ascending, archived or not: a bisect into a
        sorted id list (rebuilt only when records were created), then as many steps as found."""
        records = self.data[t.id]
        cached = self._ids.get(t.id)
        if cached is None or cached[0] != len(records):
            cached = self._ids[t.id] = (len(records), sorted(records))
        ids, out = cached[1], []
        for rid in ids[bisect.bisect_left(ids, after):]:
            rec = records[rid]
            if (rec.archived_at is not None) == archived:
                out.append(rec)
                if len(out) == count:
                    break
        return out

    @route("GET", OBJ + r"/(?P<oid>\d+)")
    def read_object(self, request: Request, otype: str, oid: str) -> Response:
        if otype not in self.aliases:
            return self._unknown(otype)
        t = self.otype(otype)
        rec = self.data[t.id].get(int(oid))
        archived = (request.arg("archived") or "false").lower() == "true"
        if rec is None or (rec.archived_at is not None) != archived:
            return self.error(404, "Object not found.  objectId are usually numeric.")
        return Response(200, self.render(t, rec, request.args("properties"),
                                         request.args("propertiesWithHistory"), request.args("associations")))

    @route("POST", OBJ + r"/search")
    def search(self, request: Request, otype: str) -> Response:
        if otype not in self.aliases:
            return self._unknown(otype)
        if len(request.body) > self.knobs["search_max_body"]:
            return self.error(400, f"The request body has {len(request.body)} characters; a search "
                                   f"query can contain at most {self.knobs['search_max_body']}.")
        t, body = self.otype(otype), request.json() or {}
        limit = self._limit(body.get("limit"), 10, self.knobs["search_max_limit"])
        offset = int(body.get("after") or 0)
        cap = self.knobs["search_max_results"]
        if offset >= cap:
            return self.error(400, f"Paging beyond {cap} results is not supported by search; "
                                   "narrow the query with filters.")
        match = compile_filters(t, body.get("filterGroups") or [])
        key, descending = sort_key(t, body.get("sorts") or [])
        rows = sorted((r for r in self.data[t.id].values() if r.archived_at is None and match(r)),
                      key=key, reverse=descending)
        page = rows[offset:min(offset + limit, cap)]
        out: dict[str, Any] = {"total": len(rows),
                               "results": [self.render(t, r, body.get("properties")) for r in page]}
        if offset + len(page) < len(rows):
            out["paging"] = {"next": {"after": str(offset + len(page))}}
        return Response(200, out)

    @route("POST", OBJ + r"/batch/read")
    def batch_read(self, request: Request, otype: str) -> Response:
        if otype not in self.aliases:
            return self._unknown(otype)
        t, body = self.otype(otype), request.json() or {}
        inputs = body.get("inputs") or []
        if len(inputs) > 100:
            return self.error(400, f"Batch input size {len(inputs)} exceeds the limit of 100")
        archived = (request.arg("archived") or "false").lower() == "true"
        id_property = body.get("idProperty")
        if id_property and id_property not in t.props:
            return self.error(400, f"Unknown idProperty {id_property!r} for {t.name}")
        index = ({rec.properties.get(id_property): rec for rec in self.data[t.id].values()}
                 if id_property else None)
        found, missing = [], []
        for item in inputs:
            key = str(item.get("id", ""))
            if index is not None:
                rec = index.get(key)
            else:
                rec = self.data[t.id].get(int(key)) if key.isdigit() else None
            if rec is None or (rec.archived_at is not None) != archived:
                missing.append(key)
            else:
                found.append(self.render(t, rec, body.get("properties"), body.get("propertiesWithHistory")))
        stamp = iso(datetime.now(timezone.utc))
        out: dict[str, Any] = {"status": "COMPLETE", "results": found, "startedAt": stamp, "completedAt": stamp}
        if missing:
            out["numErrors"] = 1
            out["errors"] = [{"status": "error", "category": "OBJECT_NOT_FOUND",
                              "message": f"Could not get some {t.name.upper()} objects, they may be "
                                         "deleted or not exist. Check that ids are valid.",
                              "context": {"ids": missing}}]
        return Response(207 if missing else 200, out)

    @route("POST", r"/crm/v4/associations/(?P<src>[^/]+)/(?P<dst>[^/]+)/batch/read")
    def association_batch_read(self, request: Request, src: str, dst: str) -> Response:
        for name in (src, dst):
            if name not in self.aliases:
                return self._unknown(name)
        a, b = self.otype(src), self.otype(dst)
        inputs = (request.json() or {}).get("inputs") or []
        if len(inputs) > 1000:
            return self.error(400, f"Batch input size {len(inputs)} exceeds the limit of 1000")
        size, results, missing = self.knobs["association_page_size"], [], []
        type_id, category = ASSOCIATION_TYPES.get((a.id, b.id), (1, "USER_DEFINED"))
        for item in inputs:
            from_id = int(item["id"])
            targets = self.associated(a, from_id, b)
            start = int(item.get("after") or 0)
            page = [x for x in targets if x > start][:size]
            if not page:
                missing.append(str(from_id))
                continue
            entry: dict[str, Any] = {"from": {"id": str(from_id)}, "to": [
                {"toObjectId": x, "associationTypes": [{"category": category, "typeId": type_id,
                                                        "label": None}]} for x in page]}
            if len([x for x in targets if x > start]) > size:
                entry["paging"] = {"next": {"after": str(page[-1]), "link": None}}
            results.append(entry)
        stamp = iso(datetime.now(timezone.utc))
        out: dict[str, Any] = {"status": "COMPLETE", "results": results, "startedAt": stamp,
                               "completedAt": stamp}
        if missing:
            out["numErrors"] = len(missing)
            out["errors"] = [{"status": "error", "category": "OBJECT_NOT_FOUND",
                              "subCategory": "crm.associations.NO_ASSOCIATIONS_FOUND",
                              "message": f"No {b.name} is associated with {a.name} {mid}.",
                              "context": {"fromObjectId": [mid]}} for mid in missing]
        return Response(207 if missing else 200, out)

    def associated(self, a: ObjectType, from_id: int, b: ObjectType) -> list[int]:
        """Ids of live ``b`` objects associated with live ``a`` object ``from_id``, ascending."""
        source = self.data[a.id].get(from_id)
        if source is None or source.archived_at is not None:
            return []
        live = self.data[b.id]
        return sorted(x for x in self.links.targets(a.id, from_id, b.id)
                      if x in live and live[x].archived_at is None)

    # -- admin ------------------------------------------------------------------------------
    def mutate(self, body: dict[str, Any]) -> dict[str, Any]:
        return admin.mutate(self, body)

    def dump(self, obj: str) -> list[dict[str, Any]]:
        return admin.dump(self, obj)


def _singular(name: str) -> str:
    return name[:-1] if name.endswith("s") else name


VENDOR = HubSpot
