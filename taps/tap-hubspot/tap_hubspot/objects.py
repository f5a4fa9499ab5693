"""CRM object streams: list on a first or full sync, windowed search on a delta, and the archived.

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
"""

from __future__ import annotations

import typing as t
import json
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

from singer_sdk.streams.rest import HTTPRequest

from tap_common.client import json_body
from tap_hubspot.client import HubSpotStream
from tap_hubspot.paging import AfterCursorPaginator, ObjectIdKeysetPaginator
from tap_hubspot.schema import TOP_LEVEL, convert, from_epoch_ms, object_schema, to_epoch_ms

if t.TYPE_CHECKING:
    import requests
    from singer_sdk.helpers.types import Context
    from singer_sdk.streams.rest import PageContext


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
        self._kinds: dict[str, str] = {}

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

    def property_kinds(self) -> dict[str, str]:
        """Selected HubSpot properties → their JSON-schema kind (for value conversion)."""
        if not self._kinds:
            for name, spec in self.schema["properties"].items():
                if name in TOP_LEVEL or not (name == self.modified_property or self.mask.get(("properties", name), True)):
                    continue
                kind = spec.get("format") or ("number" if "number" in spec["type"] else
                                              "bool" if "boolean" in spec["type"] else "string")
                self._kinds[name] = {"date-time": "datetime"}.get(kind, kind)
        return self._kinds

    def requested_properties(self) -> list[str]:
        names = list(self.property_kinds())
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
        return to_epoch_ms(convert("datetime", value)) if value else None

    def _filter(self, operator: str, value: int | str, name: str | None = None) -> dict[str, str]:
        return {"propertyName": name or self.modified_property, "operator": operator, "value": str(value)}

    def get_new_paginator(self) -> AfterCursorPaginator | ObjectIdKeysetPaginator:
        return ObjectIdKeysetPaginator() if self._phase.mode == "search" else AfterCursorPaginator()

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
        """``{id, properties: {...}, createdAt, ...}`` → one typed column per property."""
        values = obj.get("properties") or {}
        record = {name: convert(kind, values.get(name)) for name, kind in self.property_kinds().items()}
        archived = bool(obj.get("archived"))
        record.update({
            "id": str(obj["id"]), "created_at": convert("datetime", obj.get("createdAt")),
            "updated_at": convert("datetime", obj.get("updatedAt")), "archived": archived,
            "_sdc_deleted_at": convert("datetime", obj.get("archivedAt") or obj.get("updatedAt"))
            if archived else None})
        if record.get(self.modified_property) is None:
            record[self.modified_property] = record["updated_at"]
        return record


def _as_datetime(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))
