"""HubSpot admin side: property definitions, mutations between syncs, and dumps for tests.

Mutation bodies (``POST /_admin/hubspot/mutate``); ``object`` is any alias of the object type,
``at`` (ISO-8601, optional) is the one instant every touched record gets (default: now):

- ``{"action": "create", "object": "contacts", "count": 12000, "properties": {...}}``
- ``{"action": "update", "object": "contacts", "ids": [...] | "count": N | "all": true,
  "properties": {...}}`` — sets the properties and the modified time (bulk updates share it)
- ``{"action": "archive" | "restore", "object": "deals", "ids": [...]}`` — archiving keeps
  ``updatedAt`` and the modified property as they were (as HubSpot does)
- ``{"action": "associate" | "unassociate", "from": "contacts", "to": "deals",
  "pairs": [[from_id, to_id], ...]}`` — association changes do not touch modified times

Dumps (``GET /_admin/hubspot/dump/<name>``): ``<object>`` → every record with all properties,
archived ones included (``archived``/``archivedAt``); ``associations.<from>.<to>`` → the live
pairs ``{"from_id", "to_id"}`` a v4 batch read would return.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from crm_sandbox.api.kit import AdminError
from crm_sandbox.api.vendors.hubspot.model import ObjectType, Prop, Record, iso, parse_instant

if TYPE_CHECKING:
    from crm_sandbox.api.vendors.hubspot.api import HubSpot

DEFINED_AT = "2019-08-06T02:43:14.491Z"


def property_definition(otype: ObjectType, prop: Prop, order: int) -> dict[str, Any]:
    """One entry of ``GET /crm/v3/properties/{objectType}``, shaped as HubSpot documents it."""
    system = prop.name.startswith("hs_") or prop.name in otype.defaults
    return {
        "name": prop.name, "label": prop.name.replace("_", " ").title(), "type": prop.type,
        "fieldType": prop.field_type, "description": "", "groupName": f"{otype.name[:-1]}information",
        "options": [{"label": o.title(), "value": o, "displayOrder": i, "hidden": False}
                    for i, o in enumerate(prop.options)]
        + ([{"label": "Yes", "value": "true", "displayOrder": 0, "hidden": False},
            {"label": "No", "value": "false", "displayOrder": 1, "hidden": False}] if prop.type == "bool" else []),
        "displayOrder": order, "calculated": False, "externalOptions": False, "hasUniqueValue": False,
        "hidden": False, "hubspotDefined": system, "formField": not system,
        "modificationMetadata": {"archivable": not system, "readOnlyDefinition": system,
                                 "readOnlyValue": prop.name in (otype.modified, otype.created, "hs_object_id")},
        "createdAt": DEFINED_AT, "updatedAt": DEFINED_AT, "archived": False,
    }


def _at(body: dict[str, Any]) -> datetime:
    if body.get("at"):
        return parse_instant(body["at"])
    now = datetime.now(timezone.utc)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


def _ids(hub: HubSpot, otype: ObjectType, body: dict[str, Any]) -> list[int]:
    records = hub.data[otype.id]
    if body.get("all"):
        return sorted(rid for rid, r in records.items() if r.archived_at is None)
    if "count" in body:
        return sorted(rid for rid, r in records.items() if r.archived_at is None)[: int(body["count"])]
    ids = [int(i) for i in body.get("ids") or []]
    unknown = [i for i in ids if i not in records]
    if unknown:
        raise AdminError(f"unknown {otype.name} ids {unknown[:10]}", 404)
    return ids


def _set(otype: ObjectType, rec: Record, props: dict[str, Any], at: datetime) -> None:
    unknown = set(props) - set(otype.props)
    if unknown:
        raise AdminError(f"unknown {otype.name} properties {sorted(unknown)}")
    values = {k: None if v is None else str(v).lower() if isinstance(v, bool) else str(v)
              for k, v in props.items()}
    values[otype.modified] = iso(at)
    for name, value in values.items():
        if name in rec.properties and rec.properties.get(name) != value:
            record_history(rec, name, value, at)
    rec.properties.update(values)
    rec.updated_at = at


def history_of(rec: Record, name: str) -> list[dict[str, Any]]:
    """``propertiesWithHistory`` entries of one property, newest first."""
    if name in rec.history:
        return rec.history[name]
    value = rec.properties.get(name)
    return [] if value is None else [{"value": value, "timestamp": iso(rec.created_at),
                                      "sourceType": "CRM_UI", "sourceId": None}]


def record_history(rec: Record, name: str, value: str | None, at: datetime) -> None:
    rec.history[name] = [{"value": value or "", "timestamp": iso(at), "sourceType": "API",
                          "sourceId": None}, *history_of(rec, name)]


def mutate(hub: HubSpot, body: dict[str, Any]) -> dict[str, Any]:
    action, at = body.get("action"), _at(body)
    if action in ("associate", "unassociate"):
        a, b = _type(hub, body.get("from")), _type(hub, body.get("to"))
        pairs = {(int(f), int(t)) for f, t in body.get("pairs") or []}
        change = hub.links.add if action == "associate" else hub.links.remove
        for f, t in pairs:
            change(a.id, f, b.id, t)
        return {"pairs": len(pairs), "at": iso(at)}
    otype = _type(hub, body.get("object"))
    records = hub.data[otype.id]
    if action == "create":
        start = max(records, default=0) + 1
        ids = list(range(start, start + int(body.get("count", 1))))
        for rid in ids:
            rec = Record(rid, {"hs_object_id": str(rid), otype.created: iso(at)}, at, at)
            records[rid] = rec
            _set(otype, rec, {**_generated(otype, rid), **(body.get("properties") or {})}, at)
    elif action == "update":
        ids = _ids(hub, otype, body)
        for rid in ids:
            _set(otype, records[rid], body.get("properties") or {}, at)
    elif action in ("archive", "restore"):
        ids = _ids(hub, otype, body)
        for rid in ids:
            rec = records[rid]
            if action == "archive":
                rec.archived_at = rec.archived_at or at
            elif rec.archived_at is not None:
                rec.archived_at = None
                _set(otype, rec, {}, at)
    else:
        raise AdminError(f"unknown action {action!r}; use create, update, archive, restore, "
                         "associate or unassociate")
    return {"ids": [str(i) for i in ids], "at": iso(at)}


def _type(hub: HubSpot, name: Any) -> ObjectType:
    if name not in hub.aliases:
        raise AdminError(f"unknown object type {name!r}")
    return hub.aliases[name]


def _generated(otype: ObjectType, rid: int) -> dict[str, str]:
    if otype.name == "contacts":
        return {"firstname": "Bulk", "lastname": f"Contact {rid}", "email": f"bulk{rid}@mail.example",
                "lifecyclestage": "lead", "hs_is_unworked": "true"}
    if otype.name == "deals":
        return {"dealname": f"Deal {rid}", "amount": "1000.00", "dealstage": "appointmentscheduled",
                "pipeline": "default"}
    label = {"appointments": "hs_appointment_name", "divisions": "division_name"}.get(otype.name, "name")
    return {label: f"{otype.name} {rid}"}


def dump(hub: HubSpot, name: str) -> list[dict[str, Any]]:
    if name.startswith("associations."):
        try:
            _, src, dst = name.split(".")
        except ValueError:
            raise AdminError("use associations.<from>.<to>") from None
        a, b = _type(hub, src), _type(hub, dst)
        return [{"from_id": str(f), "to_id": str(t)}
                for f in sorted(hub.data[a.id]) for t in hub.associated(a, f, b)]
    otype = _type(hub, name)
    return [hub.render(otype, rec, list(otype.props)) for _, rec in sorted(hub.data[otype.id].items())]
