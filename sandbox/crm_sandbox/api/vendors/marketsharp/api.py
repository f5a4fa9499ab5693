"""MarketSharp API emulation: a read-only OData v2 service (WCF Data Services, Atom XML), mounted
at ``/marketsharp/WcfDataService.svc/...``.  Every fact with its public source: ``CONTRACT.md``.

- Auth: ``Authorization: <companyId>:<apiKey>:<unix seconds>:<Base64(HMAC-SHA256(key =
  Base64-decoded secret, companyId + apiKey + unix seconds))>`` on every request; a wrong
  signature, unknown key or a timestamp more than ``max_clock_skew`` seconds from the server's
  clock → 401 with an OData error body.  GET only (405 otherwise).
- ``GET /WcfDataService.svc/`` (service document), ``/$metadata`` (EDMX), ``/<EntitySet>``
  (Atom feed), ``/<EntitySet>/$count``.  Unknown set → 404 "Resource not found for the segment".
- Query options: ``$filter``, ``$orderby``, ``$top``, ``$skip``, ``$skiptoken``,
  ``$inlinecount=allpages`` (see ``odata.py``); without ``$orderby`` rows come in storage order,
  which an update changes (the row moves to the end), as an unordered SQL read does.
- Server-driven paging (knob ``server_page_size``, default off — see CONTRACT.md): a page holds at
  most that many entries and ends with ``<link rel="next">`` carrying ``$skiptoken``.
- Errors: ``<error xmlns="…/metadata"><code/><message xml:lang="en-US">…</message></error>``.

Admin: ``mutate`` — ``{"action": "create", "object": "contacts", "count"?, "at"?}``,
``{"action": "update", "object": <stream>, "ids": [...], "changes"?: {wire name: value}, "at"?}``
(moves ``lastUpdate`` to ``at``), ``{"action": "delete", "object": <stream>, "ids": [...]}``;
knob ``mutate_after`` = ``{"requests": n, "body": <mutation>}`` applies a mutation just before the
n-th feed request is answered (a change *during* a sync); knob ``corrupt_set`` = an entity set
whose feeds carry a raw ``<`` in a value (a malformed document, for the tap's error test);
knob ``silent_page_cap`` cuts every page to that many rows without a next link.  ``dump/<stream>``: the rows as the
warehouse should hold them (snake_case columns).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import time
from datetime import datetime, timedelta, timezone
from typing import Any

from crm_sandbox.api.kit import AdminError, BadRequest, Request, Response, Vendor, int_arg, next_url, route
from crm_sandbox.api.kit.auth import Scheme

from . import atom
from .data import MarketSharpData, guid
from .model import BY_STREAM, ENTITY_SETS, EntitySet
from .odata import edm_datetime, literal, parse_filter, parse_orderby, parse_skiptoken, sort_rows, sql_datetime

COMPANY_ID = "2157"
API_KEY = "6f1c2d9e-4b7a-4c1e-9a53-2e8d7b0c4f11"
SECRET_KEY = base64.b64encode(hashlib.sha256(b"demo-marketsharp-secret").digest()).decode()
SERVICE = "/WcfDataService.svc"
ATOM_TYPE = "application/atom+xml;charset=utf-8"
XML_TYPE = "application/xml;charset=utf-8"
SNAKE_CACHE: dict[str, str] = {}


class HmacHeader(Scheme):
    """``companyId:apiKey:epoch:signature`` → the four parts (None when malformed)."""

    def presented(self, request: Request) -> tuple[str, str, str, str] | None:
        parts = request.headers.get("authorization", "").strip().split(":")
        return tuple(parts) if len(parts) == 4 and all(parts) else None  # type: ignore[return-value]


def signature(secret_b64: str, company_id: str, api_key: str, epoch: str) -> str:
    key = base64.b64decode(secret_b64)
    return base64.b64encode(hmac.new(key, f"{company_id}{api_key}{epoch}".encode(), hashlib.sha256).digest()).decode()


def snake(name: str) -> str:
    if name not in SNAKE_CACHE:
        SNAKE_CACHE[name] = "".join(f"_{c.lower()}" if c.isupper() else c for c in name)
    return SNAKE_CACHE[name]


class MarketSharp(Vendor):
    name = "marketsharp"
    credentials = {"company_id": COMPANY_ID, "api_key": API_KEY, "secret_key": SECRET_KEY}
    auth = HmacHeader()
    knobs = {"accepted": [[COMPANY_ID, API_KEY, SECRET_KEY]], "max_clock_skew": 300,
             "server_page_size": None, "mutate_after": None, "corrupt_set": None,
             "silent_page_cap": None}

    def __init__(self, world) -> None:
        super().__init__(world)
        self.data = MarketSharpData(world)
        self.feed_requests = 0
        self.created = 0

    # ---- auth and errors ----------------------------------------------------------------
    def accepts(self, presented: Any, request: Request) -> bool:
        company, key, epoch, sig = presented
        secrets = [s for c, k, s in self.knobs["accepted"] if (c, k) == (company, key)]
        try:
            skew = abs(time.time() - int(epoch))
            valid = any(hmac.compare_digest(signature(s, company, key, epoch), sig) for s in secrets)
        except (ValueError, binascii.Error):
            return False
        return valid and skew <= float(self.knobs["max_clock_skew"])

    def unauthorized(self, request: Request) -> Response:
        return self.error(401, "Authorization failed: the Authorization header is missing, malformed, "
                               "signed with the wrong key or too old.")

    def error(self, status: int, message: str, **extra: Any) -> Response:
        return Response(status, atom.error(message), {"Content-Type": XML_TYPE, "DataServiceVersion": "1.0;"})

    def base(self, request: Request) -> str:
        return f"http://{request.headers.get('host', '127.0.0.1')}/{self.name}{SERVICE}/"

    # ---- routes -------------------------------------------------------------------------
    @route("GET", rf"{SERVICE}/?")
    def service(self, request: Request) -> Response:
        return Response(200, atom.service_document(self.base(request), ENTITY_SETS.values()),
                        {"Content-Type": "application/atomsvc+xml;charset=utf-8", "DataServiceVersion": "1.0;"})

    @route("GET", rf"{SERVICE}/\$metadata")
    def metadata(self, request: Request) -> Response:
        return Response(200, atom.metadata(ENTITY_SETS.values()), {"Content-Type": XML_TYPE, "DataServiceVersion": "1.0;"})

    @route("GET", rf"{SERVICE}/(?P<segment>[A-Za-z]+)/\$count")
    def count(self, request: Request, segment: str) -> Response:
        entity = self._entity(segment)
        rows = self._query(entity, request)
        return Response(200, str(len(rows)), {"Content-Type": "text/plain;charset=utf-8", "DataServiceVersion": "2.0;"})

    @route("GET", rf"{SERVICE}/(?P<segment>[A-Za-z]+)")
    def entity_set(self, request: Request, segment: str) -> Response:
        entity = self._entity(segment)
        self._mutate_during_sync()
        rows = self._query(entity, request)
        total = len(rows)
        order = parse_orderby(entity, request.arg("$orderby"))
        page_size = self.knobs["server_page_size"]
        if token := request.arg("$skiptoken"):
            if not page_size:
                raise BadRequest("Skip tokens can only be provided for entity sets with a configured page size.")
            rows = self._after_token(entity, rows, order, token)
        skip = int_arg(request, "$skip", 0, minimum=0) or 0
        top = int_arg(request, "$top", None, minimum=0)
        rows = rows[skip:]
        if top is not None:
            rows = rows[:top]
        if self.knobs["silent_page_cap"]:  # a server that caps pages without saying so (not WCF's way)
            rows = rows[:self.knobs["silent_page_cap"]]
        link = None
        if page_size and len(rows) > page_size:
            rows, last = rows[:page_size], rows[page_size - 1]
            keys = [name for name, _ in order] + ([entity.key] if entity.key not in dict(order) else [])
            token = ",".join(literal(entity.types[k], last[k]) for k in keys)
            link = next_url(request, f"/{self.name}", drop=("$skip",), **{
                "$skiptoken": token, "$top": top - page_size if top is not None else None})
        count = total if request.arg("$inlinecount") == "allpages" else None
        body = atom.feed(self.base(request), entity, rows, datetime.now(timezone.utc), link, count)
        if self.knobs["corrupt_set"] == entity.name:  # a test's malformed document: a raw "<" in a value
            body = body.replace("</m:properties>", "<d:note>a < b</d:note></m:properties>", 1)
        return Response(200, body, {"Content-Type": ATOM_TYPE, "DataServiceVersion": "2.0;" if link or count else "1.0;"})

    def _entity(self, segment: str) -> EntitySet:
        entity = ENTITY_SETS.get(segment)
        if entity is None:
            raise BadRequest(f"Resource not found for the segment '{segment}'.", 404)
        return entity

    def _query(self, entity: EntitySet, request: Request) -> list[dict[str, Any]]:
        rows = list(self.data.rows[entity.stream].values())
        predicate = parse_filter(entity, request.arg("$filter"))
        if predicate is not None:
            rows = [r for r in rows if predicate(r)]
        order = parse_orderby(entity, request.arg("$orderby"))
        if self.knobs["server_page_size"] and entity.key not in dict(order):
            order = [*order, (entity.key, False)]  # server paging makes the order total (WCF adds the key)
        return sort_rows(entity, rows, order) if order else rows

    def _after_token(self, entity: EntitySet, rows: list[dict], order: list[tuple[str, bool]], token: str) -> list[dict]:
        keys = [name for name, _ in order] + ([entity.key] if entity.key not in dict(order) else [])
        values = parse_skiptoken(entity, token, keys)
        from .odata import comparable  # noqa: PLC0415

        def key(row: dict) -> list[Any]:
            return [comparable(entity.types[k], row.get(k)) for k in keys]
        for i, row in enumerate(rows):
            if key(row) == values:
                return rows[i + 1:]
        raise BadRequest(f"Skip token '{token}' does not identify a row of '{entity.name}'.")

    def configure(self, settings: dict[str, Any]) -> dict[str, Any]:
        if "mutate_after" in settings:
            self.feed_requests = 0  # counted from the moment the change is planned
        return super().configure(settings)

    def _mutate_during_sync(self) -> None:
        self.feed_requests += 1
        plan = self.knobs["mutate_after"]
        if plan and self.feed_requests == int(plan["requests"]):
            self.mutate(plan["body"])

    # ---- admin --------------------------------------------------------------------------
    def mutate(self, body: dict[str, Any]) -> dict[str, Any]:
        action, stream = body.get("action"), body.get("object")
        if stream not in BY_STREAM:
            raise AdminError(f"unknown object {stream!r}; known: {sorted(BY_STREAM)}")
        at = sql_datetime(datetime.fromisoformat(body["at"]) if body.get("at") else datetime.now(timezone.utc))
        rows = self.data.rows[stream]
        if action == "create":
            if stream != "contacts":
                raise AdminError("create supports object 'contacts'")
            ids = [self._create_contact(at) for _ in range(int(body.get("count", 1)))]
        elif action in ("update", "delete"):
            ids = list(body.get("ids") or [])
            missing = [i for i in ids if i not in rows]
            if missing:
                raise AdminError(f"no {stream} with ids {missing}", 404)
            for i in ids:
                for same in self._copies(stream, i):
                    row = self.data.rows[same].pop(i)
                    if action == "update":
                        row.update(body.get("changes") or {})
                        if "lastUpdate" in row:
                            row["lastUpdate"] = at
                        self.data.rows[same][i] = row  # storage order: an updated row moves to the end
        else:
            raise AdminError("action must be create, update or delete")
        return {"ids": ids, "at": edm_datetime(at)}

    def _copies(self, stream: str, key: Any) -> list[str]:
        """A contact lives in Contacts and in its sub-type set (same id): both change together."""
        kinds = ("contacts", "customers", "leads", "prospects")
        if stream not in kinds:
            return [stream]
        return [s for s in kinds if key in self.data.rows[s]]

    def _create_contact(self, at: datetime) -> str:
        self.created += 1
        seed, n = self.world.seed, self.created
        cid = guid(seed, "created_contact", n)
        contact = {"id": cid, "companyId": int(COMPANY_ID), "firstName": f"New{n}", "lastName": "Homeowner",
                   "email1CanMail": False, "email2CanMail": False, "email3CanMail": False, "doNotMail": False,
                   "isActive": True, "hasDncPhone": False, "hasDneEmail": False, "creationDate": at,
                   "createdDate": at, "lastUpdate": at, "primaryAddressId": guid(seed, "created_address", n),
                   "contactPhoneId": cid, "source": "Web"}
        self.data.put("contacts", contact)
        self.data.put("leads", dict(contact))
        self.data.put("addresses", {"id": guid(seed, "created_address", n), "contactId": cid, "line1": f"{n} New St",
                                    "isActive": True})
        self.data.put("contact_phones", {"contactId": cid, "homePhone": f"804555{n:04d}"})
        self.data.put("contact_types", {"id": guid(seed, "created_type", n), "contactId": cid,
                                        "contactType": "Lead", "isActive": True})
        return cid

    def dump(self, obj: str) -> list[dict[str, Any]]:
        entity = BY_STREAM.get(obj)
        if entity is None:
            raise AdminError(f"marketsharp has no object {obj!r}", 404)
        out = []
        for row in self.data.rows[obj].values():
            record = {}
            for prop in entity.props:
                value = row.get(prop.name)
                if isinstance(value, datetime):
                    value = value.replace(tzinfo=timezone.utc).isoformat()
                elif prop.edm in ("Edm.Decimal", "Edm.Double") and value is not None:
                    value = float(value)
                record[snake(prop.name)] = value
            out.append(record)
        return out


_ = timedelta  # re-exported for mutations' callers
