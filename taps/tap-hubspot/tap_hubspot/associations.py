"""Association streams: one row per source object with the ids it is associated with.

A row is the complete, current association list of one source object (``contact_id`` →
``deal_ids``), so loading it replaces the previous list: an association removed in HubSpot
disappears from the warehouse with the next refresh of that object.  Rows are refreshed for the
source objects modified since this stream's own bookmark (all of them on a first sync or full
refresh), read with the same list/search phases as the object streams, and written for archived
source objects as deleted rows with an empty list.  Associations come from
``POST /crm/v4/associations/{from}/{to}/batch/read`` (≤1,000 ids, per-id ``after`` paging).
"""

from __future__ import annotations

import typing as t

from tap_common.client import json_body
from tap_hubspot.objects import ObjectStream
from tap_hubspot.schema import convert

BATCH_LIMIT = 1_000


class AssociationStream(ObjectStream):
    """Associations from one object type (``object_type``) to another (``to_object_type``)."""

    to_object_type: t.ClassVar[str] = ""
    to_object_type_setting: t.ClassVar[str | None] = None
    from_key: t.ClassVar[str] = "contact_id"
    ids_column: t.ClassVar[str] = ""
    primary_keys: t.ClassVar[tuple[str, ...]] = ("contact_id",)  # one row per source object

    def __init__(self, tap: t.Any) -> None:
        super().__init__(tap)
        self.replication_key = "updated_at"

    @property
    def to_type_id(self) -> str:
        return str(self.config.get(self.to_object_type_setting or "", "") or self.to_object_type)

    def discover_schema(self) -> dict[str, t.Any]:
        return {"type": "object", "required": [self.from_key], "properties": {
            self.from_key: {"type": ["string"]},
            self.ids_column: {"type": ["array", "null"], "items": {"type": ["string"]}},
            "updated_at": {"type": ["string", "null"], "format": "date-time"},
            "_sdc_deleted_at": {"type": ["string", "null"], "format": "date-time"}}}

    def property_kinds(self) -> dict[str, str]:
        return {"hs_object_id": "number", self.modified_property: "datetime"}

    def records_from_page(self, objects: list[dict[str, t.Any]]) -> t.Iterable[dict[str, t.Any]]:
        live = [o for o in objects if not o.get("archived")]
        targets = self.associated_ids([str(o["id"]) for o in live]) if live else {}
        for obj in objects:
            archived = bool(obj.get("archived"))
            yield {self.from_key: str(obj["id"]),
                   self.ids_column: [] if archived else sorted(targets.get(str(obj["id"]), []), key=_num),
                   "updated_at": convert("datetime", obj.get("updatedAt")),
                   "_sdc_deleted_at": convert("datetime", obj.get("archivedAt") or obj.get("updatedAt"))
                   if archived else None}

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
