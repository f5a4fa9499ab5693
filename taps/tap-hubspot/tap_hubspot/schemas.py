"""Schemas: object types from HubSpot's property definitions, associations, zip codes.

HubSpot returns every property value as a string; the kit's coercion types them by these schemas.
"""

from __future__ import annotations

import typing as t

from singer_sdk import typing as th

#: HubSpot property ``type`` → JSON schema; anything else (string, phone_number, json…) is a string.
TYPES: dict[str, dict[str, t.Any]] = {
    "number": {"type": ["number", "null"]},
    "datetime": {"type": ["string", "null"], "format": "date-time"},
    "date": {"type": ["string", "null"], "format": "date"},
    "bool": {"type": ["boolean", "null"]},
    "enumeration": {"type": ["string", "null"]},
}
STRING = {"type": ["string", "null"]}
#: Columns every object stream has besides its properties.
TOP_LEVEL: dict[str, dict[str, t.Any]] = {
    "id": {"type": ["string"]},
    "created_at": {"type": ["string", "null"], "format": "date-time"},
    "updated_at": {"type": ["string", "null"], "format": "date-time"},
    "archived": {"type": ["boolean", "null"]},
    "_sdc_deleted_at": {"type": ["string", "null"], "format": "date-time"},
}


def object_schema(definitions: list[dict[str, t.Any]]) -> dict[str, t.Any]:
    """JSON schema for one object type: the top-level columns plus one column per property."""
    properties = dict(TOP_LEVEL)
    for prop in definitions:
        if prop["name"] not in TOP_LEVEL:
            properties[prop["name"]] = dict(TYPES.get(prop.get("type", "string"), STRING))
    return {"type": "object", "properties": properties, "required": ["id"]}


def association_schema(from_key: str, ids_column: str) -> dict[str, t.Any]:
    """One row per source object: its id and the complete list of associated ids (full table:
    rows of objects gone are retired by ACTIVATE_VERSION, the target sets ``_sdc_deleted_at``)."""
    return {"type": "object", "required": [from_key], "properties": {
        from_key: {"type": ["string"]},
        ids_column: {"type": ["array", "null"], "items": {"type": ["string"]}},
        "updated_at": {"type": ["string", "null"], "format": "date-time"}}}


ZIPCODES = th.PropertiesList(
    th.Property("zipcode", th.StringType, required=True),
    th.Property("division", th.StringType),
    th.Property("city", th.StringType),
    th.Property("county", th.StringType),
    th.Property("state", th.StringType),
    th.Property("archived", th.BooleanType),
).to_dict()
