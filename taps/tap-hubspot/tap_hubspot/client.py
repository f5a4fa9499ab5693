"""HubSpot's facts for the kit: the token, limits, error bodies, and how CRM objects are read.

OBJECTS. CRM object streams: list on a first or full sync, windowed search on a delta, and the archived.

Each stream has two partitions (SDK contexts), so archived objects never move the bookmark:

- ``{"archived": false}`` — without a bookmark, the list endpoint (``GET /crm/v3/objects/{type}``,
  100 per page, ``after`` cursor). With a bookmark ``B``, search: a probe finds the newest
  modified time ``E`` (sort descending, limit 1); the window ``B < modified ≤ E`` is then read
  sorted by ``hs_object_id``, each page a fresh query for ids above the last one (see
  ``paging.ObjectIdKeysetPaginator``), so any number of records sharing one modified time is read
  exactly once.  ``E`` is the replication signpost: the new bookmark is at most ``E``, and every
  record modified at or before the bookmark has been read, so the next window starts after it.
  Records changed during the sync fall after ``E`` and come with the next one.
- ``{"archived": true}`` — ``archived=true`` on the list endpoint, every sync: search never
  returns archived objects and archiving does not touch the modified time.  Each arrives with
  ``archived = true`` and ``_sdc_deleted_at`` = ``archivedAt``.

Property lists longer than one request allows are split: the first chunk rides on the list call
(URL) or the search call (body), and the rest is fetched with ``batch/read`` (properties in the
body, at most 100 ids a call) for the page's ids.  The search guide caps a search request body at
3,000 characters ("If the body of your request exceeds 3,000 characters, a 400 error will be
returned"), so a search never carries more properties than fit in that budget.

ASSOCIATIONS. Association streams: one row per source object with the ids it is associated with.

A row is the complete, current association list of one source object (``contact_id`` →
``deal_ids``), so loading it replaces the previous list.  The streams are FULL_TABLE: every run
lists every live source object (``GET /crm/v3/objects/{type}``, ids only) and reads its
associations with ``POST /crm/v4/associations/{from}/{to}/batch/read`` (≤1,000 ids, per-id
``after`` paging); the kit's ACTIVATE_VERSION, sent after the whole run succeeded, retires the
rows of source objects no longer listed (archived or deleted).  Why not incremental on the
source's modified time: nothing that retires a row touches the source's own record — archiving
a deal leaves every contact listing it unchanged (HubSpot then stops returning the archived deal
among the contact's associations), and adding or removing an association does not move
``lastmodifieddate`` either — so only a whole read keeps the rows true.  The archived target's
id cannot drive a delete either: a row is keyed by the source, and HubSpot answers no
association reads for archived objects.  Cost: (1/100 + 1/1000) requests per contact per stream
and run, e.g. 1,100 requests (about 2 minutes at the client's 90 per 10 s) per stream for
100,000 contacts; the predecessor read every association on every run too.
"""

from __future__ import annotations

import json
import typing as t
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import quote

from singer_sdk.streams.rest import HTTPRequest

from tap_common import Cursor, Keyset, RateLimit, RESTStream, format_bookmark, json_body
from tap_common.bookmarks import EPOCH
from tap_common.coerce import to_instant
from tap_hubspot.schemas import TOP_LEVEL, association_schema, object_schema

if t.TYPE_CHECKING:
    import requests
    from singer_sdk.helpers.types import Context
    from singer_sdk.pagination import BaseAPIPaginator
    from singer_sdk.streams.rest import PageContext

#: List endpoints: the ``after`` cursor from ``paging.next.after``.  A page can legitimately end
#: up empty after completing its properties (objects archived between the list call and the
#: batch read), so paging goes on until the API says there is no next page.
LIST_PAGING = Cursor("$.paging.next.after", param=None, continue_if_empty=True)
#: Search endpoints: every page is a fresh query for ``hs_object_id`` > the last id seen (in the
#: body).  Search refuses to page past 10,000 results (``after`` ≥ 10,000 → HTTP 400), so its
#: ``after`` offset is never used; sorted by id with the id as the only cursor, a window of any
#: size — even > 10,000 records sharing one modified time — is read exactly once.
SEARCH_PAGING = Keyset(param=None, key="id", more="$.paging.next")
BATCH_LIMIT = 1_000  # associations batch/read inputs


class HubSpotStream(RESTStream):
    """Base for every HubSpot REST stream (``Authorization: Bearer`` from ``access_token``)."""

    records_jsonpath = "$.results[*]"
    #: HubSpot documents property values as strings, empty as "" or null.
    blank_is_null = True
    #: Burst limit shared by every private app of a portal: 100 requests per rolling 10 s on
    #: Free/Starter (higher tiers allow more), and the CRM search endpoints' 4 requests/s per
    #: account (HubSpot's usage guide; the search guide now says 5).  Both are counted on HubSpot's
    #: side, at arrival, for every app of the portal: running at the limit itself turns latency
    #: jitter and any other app's calls into 429s of our own.  So a margin: 90 per 10 s, 3 searches/s.
    rate_limits = (RateLimit(90, 10.0), RateLimit(3, 1.0, bucket="tap-hubspot-search", match=r"^POST .*/search$"))

    def response_error_message(self, response: requests.Response) -> str:
        """HubSpot's error body: ``{"status", "message", "correlationId", "category"}``."""
        try:
            body = response.json()
        except ValueError:
            return super().response_error_message(response)
        if not isinstance(body, dict):
            return super().response_error_message(response)
        return (f"{response.status_code} {body.get('category', response.reason)} on {self.path}: "
                f"{body.get('message')} (correlationId {body.get('correlationId')})")


@dataclass(frozen=True)
class Phase:
    mode: str  # "list" or "search"
    archived: bool = False
    low_ms: int = 0
    high_ms: int = 0


class ObjectStream(HubSpotStream):
    """One CRM object type; subclasses state the facts (name, type, modified property)."""

    #: Object type (id or name) and, if it differs per portal, the setting that overrides it.
    object_type: t.ClassVar[str] = ""
    object_type_setting: t.ClassVar[str | None] = None
    #: ``lastmodifieddate`` on contacts, ``hs_lastmodifieddate`` on every other object.
    modified_property: t.ClassVar[str] = "hs_lastmodifieddate"
    primary_keys: t.ClassVar[tuple[str, ...]] = ("id",)
    is_sorted = False  # sorted by id, not by the modified time: the bookmark is finalised at the end
    list_page_size: t.ClassVar[int] = 100
    search_page_size: t.ClassVar[int] = 200
    #: Longest encoded property list sent in a URL; the rest goes through ``batch/read``.
    url_property_chars: t.ClassVar[int] = 2_000
    #: Longest search request body (documented cap 3,000 characters, with a margin).
    search_body_chars: t.ClassVar[int] = 2_800
    #: Documented ``batch/read`` input limit.
    batch_read_limit: t.ClassVar[int] = 100

    def __init__(self, tap: t.Any) -> None:
        super().__init__(tap)
        self.replication_key = self.modified_property
        self._phase = Phase("list")
        self._probed: tuple[Phase | None] | None = None
        self._names: list[str] = []

    @property
    def path(self) -> str:  # type: ignore[override]
        search = getattr(self, "_phase", None) and self._phase.mode == "search"
        return f"/crm/v3/objects/{self.type_id}" + ("/search" if search else "")

    @property
    def type_id(self) -> str:
        return str(self.config.get(self.object_type_setting or "", "") or self.object_type)

    # -- schema from the properties API ------------------------------------------------------
    @property
    def schema(self) -> dict[str, t.Any]:
        if self._schema is None:
            self._schema = self.discover_schema()
        return self._schema

    def discover_schema(self) -> dict[str, t.Any]:
        response = self.send("GET", f"/crm/v3/properties/{self.type_id}", None)
        definitions = json_body(response)["results"]
        allow = set((self.config.get("property_allowlist") or {}).get(self.name) or [])
        required = {"hs_object_id", self.modified_property}
        if allow:
            definitions = [d for d in definitions if d["name"] in allow | required]
        return object_schema(definitions)

    def property_names(self) -> list[str]:
        """The selected HubSpot properties (the modified time always)."""
        if not self._names:
            self._names = [name for name in self.schema["properties"] if name not in TOP_LEVEL and (
                name == self.modified_property or self.mask.get(("properties", name), True))]
        return self._names

    def requested_properties(self) -> list[str]:
        names = self.property_names()
        first = [n for n in ("hs_object_id", self.modified_property) if n in names]
        return first + [n for n in names if n not in first]

    def _search_body(self, token: int | None, properties: list[str]) -> dict[str, t.Any]:
        phase = self._phase
        filters = [self._filter("GT", phase.low_ms), self._filter("LTE", phase.high_ms),
                   self._filter("GT", token or 0, "hs_object_id")]
        return {"filterGroups": [{"filters": filters}], "properties": properties,
                "sorts": [{"propertyName": "hs_object_id", "direction": "ASCENDING"}],
                "limit": self.search_page_size}

    def _search_chunk(self) -> tuple[list[str], list[str]]:
        """(properties that fit in a search body, the rest) — the rest goes through ``batch/read``."""
        names = self.requested_properties()
        # The largest cursor a page can carry, so the chunk never depends on the page.
        size = len(json.dumps(self._search_body(10**19, [])))
        for i, name in enumerate(names):
            size += len(json.dumps(name)) + 2  # quotes, ", " separator
            if size > self.search_body_chars and i > 0:
                return names[:i], names[i:]
        return names, []

    def _url_chunk(self) -> tuple[list[str], list[str]]:
        """(properties that fit in the URL, the rest) — the rest goes through ``batch/read``."""
        names, used = self.requested_properties(), 0
        for i, name in enumerate(names):
            used += len(quote(name)) + 3  # "%2C" between names
            if used > self.url_property_chars and i > 0:
                return names[:i], names[i:]
        return names, []

    # -- partitions and phases --------------------------------------------------------------
    @property
    def partitions(self) -> list[dict[str, t.Any]]:
        return [{"archived": False}, {"archived": True}]

    def _bookmark(self, context: Context | None) -> str | None:
        return self.get_context_state(context).get("replication_key_value")

    def _window(self, context: Context | None) -> Phase | None:
        """The search window of a delta (probing once per sync); None if nothing changed."""
        if self._probed is None:
            low = to_epoch_ms(self._bookmark(context))
            high = self.newest_modified(low, context)
            self._probed = (Phase("search", low_ms=low, high_ms=high) if high is not None else None,)
        return self._probed[0]

    def get_replication_key_signpost(self, context: Context | None = None) -> t.Any:
        signpost = super().get_replication_key_signpost(context)
        if context and not context.get("archived") and self._bookmark(context) is not None:
            window = self._window(context)
            end = from_epoch_ms(window.high_ms) if window else _as_datetime(self._bookmark(context))
            return min(end, signpost) if signpost else end
        return signpost

    def get_records(self, context: Context | None) -> t.Iterable[dict[str, t.Any]]:
        if context and context.get("archived"):
            self._phase = Phase("list", archived=True)
        elif self._bookmark(context) is None:
            self._phase = Phase("list")
        elif (window := self._window(context)) is not None:
            self._phase = window
        else:
            return
        yield from self.request_records(context)

    def newest_modified(self, low_ms: int, context: Context | None) -> int | None:
        """The newest modified time after ``low_ms`` (the window's end), None if none."""
        body = {"filterGroups": [{"filters": [self._filter("GT", low_ms)]}],
                "sorts": [{"propertyName": self.modified_property, "direction": "DESCENDING"}],
                "properties": [self.modified_property], "limit": 1}
        results = json_body(self.send("POST", f"/crm/v3/objects/{self.type_id}/search", context,
                                      json=body)).get("results") or []
        value = results[0]["properties"].get(self.modified_property) if results else None
        return to_epoch_ms(value) if value else None

    def _filter(self, operator: str, value: int | str, name: str | None = None) -> dict[str, str]:
        return {"propertyName": name or self.modified_property, "operator": operator, "value": str(value)}

    def get_new_paginator(self) -> BaseAPIPaginator:
        return (SEARCH_PAGING if self._phase.mode == "search" else LIST_PAGING).new(self)

    def get_http_request(self, *, page: PageContext) -> HTTPRequest:
        base = f"{self.url_base}/crm/v3/objects/{self.type_id}"
        phase, token = self._phase, page.next_page_token
        if phase.mode == "search":
            body = self._search_body(token, self._search_chunk()[0])
            return HTTPRequest(url=f"{base}/search", method="POST", headers=self.http_headers, data=body)
        params: dict[str, t.Any] = {"limit": self.list_page_size, "after": token,
                                    "properties": ",".join(self._url_chunk()[0])}
        if phase.archived:
            params["archived"] = "true"
        return HTTPRequest(url=base, headers=self.http_headers, params=params)

    # -- records -------------------------------------------------------------------------------
    def parse_response(self, response: requests.Response) -> t.Iterable[dict[str, t.Any]]:
        objects = list(json_body(response).get("results") or [])
        rest = (self._url_chunk() if self._phase.mode == "list" else self._search_chunk())[1]
        if rest and objects:
            objects = self._complete(objects, rest)
        yield from self.records_from_page(objects)

    def _complete(self, objects: list[dict[str, t.Any]], names: list[str]) -> list[dict[str, t.Any]]:
        """Fetch the properties that did not fit in the first request; drop objects gone meanwhile.

        ``batch/read`` answers 200, or 207 with ``errors`` for ids it no longer finds (archived or
        deleted since the page was read): those objects are left out of this page.
        """
        params = {"archived": "true"} if self._phase.archived else None
        found: dict[str, dict[str, t.Any]] = {}
        for start in range(0, len(objects), self.batch_read_limit):
            chunk = objects[start:start + self.batch_read_limit]
            body = {"properties": names, "inputs": [{"id": str(o["id"])} for o in chunk]}
            results = json_body(self.send(
                "POST", f"/crm/v3/objects/{self.type_id}/batch/read", None, params=params, json=body)
            ).get("results") or []
            found.update({str(o["id"]): o for o in results})
        complete = []
        for obj in objects:
            if str(obj["id"]) in found:
                complete.append({**obj, "properties": {**(obj.get("properties") or {}),
                                                       **(found[str(obj["id"])].get("properties") or {})}})
        return complete

    def records_from_page(self, objects: list[dict[str, t.Any]]) -> t.Iterable[dict[str, t.Any]]:
        start = self.config.get("start_date")
        for obj in objects:
            record = self.flatten(obj)
            if start and self._phase.mode == "list" and not self._phase.archived \
                    and to_epoch_ms(record[self.modified_property] or start) < to_epoch_ms(start):
                continue
            yield record

    def flatten(self, obj: dict[str, t.Any]) -> dict[str, t.Any]:
        """``{id, properties: {...}, createdAt, ...}`` → one column per property (typed by the kit)."""
        values = obj.get("properties") or {}
        record = {name: values.get(name) for name in self.property_names()}
        archived = bool(obj.get("archived"))
        record.update({
            "id": str(obj["id"]), "created_at": obj.get("createdAt"), "updated_at": obj.get("updatedAt"),
            "archived": archived,
            "_sdc_deleted_at": (obj.get("archivedAt") or obj.get("updatedAt")) if archived else None})
        if not record.get(self.modified_property):
            record[self.modified_property] = record["updated_at"]
        return record


def _as_datetime(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def to_epoch_ms(value: t.Any) -> int:
    """An instant (bookmark, property value) → epoch milliseconds, as search filters take them."""
    return format_bookmark(to_instant(value), "epoch_ms")


def from_epoch_ms(value: int) -> datetime:
    return EPOCH + timedelta(milliseconds=value)


class AssociationStream(ObjectStream):
    """Associations from one object type (``object_type``) to another (``to_object_type``).

    FULL_TABLE, every live source object every run (see the module docstring for why).
    """

    to_object_type: t.ClassVar[str] = ""
    to_object_type_setting: t.ClassVar[str | None] = None
    from_key: t.ClassVar[str] = "contact_id"
    ids_column: t.ClassVar[str] = ""
    primary_keys: t.ClassVar[tuple[str, ...]] = ("contact_id",)  # one row per source object

    def __init__(self, tap: t.Any) -> None:
        super().__init__(tap)
        self.replication_key = None  # type: ignore[assignment]

    @property
    def partitions(self) -> list[dict[str, t.Any]] | None:
        return None  # live objects only: an archived one's row is retired by ACTIVATE_VERSION

    @property
    def to_type_id(self) -> str:
        return str(self.config.get(self.to_object_type_setting or "", "") or self.to_object_type)

    def discover_schema(self) -> dict[str, t.Any]:
        return association_schema(self.from_key, self.ids_column)

    def property_names(self) -> list[str]:
        return ["hs_object_id", self.modified_property]

    def get_records(self, context: Context | None) -> t.Iterable[dict[str, t.Any]]:
        self._phase = Phase("list")
        yield from self.request_records(context)

    def records_from_page(self, objects: list[dict[str, t.Any]]) -> t.Iterable[dict[str, t.Any]]:
        targets = self.associated_ids([str(o["id"]) for o in objects]) if objects else {}
        for obj in objects:
            yield {self.from_key: str(obj["id"]),
                   self.ids_column: sorted(targets.get(str(obj["id"]), []), key=_num),
                   "updated_at": obj.get("updatedAt")}

    def associated_ids(self, ids: list[str]) -> dict[str, list[str]]:
        """Every associated id for each source id, following each input's ``after`` cursor."""
        found: dict[str, list[str]] = {}
        path = f"/crm/v4/associations/{self.type_id}/{self.to_type_id}/batch/read"
        pending = [{"id": i} for i in ids]
        while pending:
            batch, pending = pending[:BATCH_LIMIT], pending[BATCH_LIMIT:]
            body = json_body(self.send("POST", path, None, json={"inputs": batch}))
            for result in body.get("results") or []:
                source = str(result["from"]["id"])
                found.setdefault(source, []).extend(str(x["toObjectId"]) for x in result.get("to") or [])
                after = ((result.get("paging") or {}).get("next") or {}).get("after")
                if after:
                    pending.append({"id": source, "after": after})
        return found


def _num(value: str) -> tuple[int, str]:
    return (int(value), value) if value.isdigit() else (0, value)
