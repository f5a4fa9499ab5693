"""JSON Schema → column type, and which column changes widen (pure functions)."""

from __future__ import annotations

import pytest

from target_warehouse.connector import SchemaTypeError, field_type, widen

TSTZ = "timestamp with time zone"


@pytest.mark.parametrize(("prop", "sql", "nullable"), [
    ({"type": "integer"}, "bigint", False),
    ({"type": ["integer", "null"]}, "bigint", True),
    ({"type": "integer", "minimum": 0, "maximum": 2**64 - 1}, "numeric", False),  # unsigned BIGINT
    ({"type": "integer", "minimum": -(2**63), "maximum": 2**63 - 1}, "bigint", False),
    ({"type": "integer", "minimum": -(2**63) - 1}, "numeric", False),
    ({"type": "integer", "exclusiveMaximum": 2**63}, "bigint", False),
    ({"type": "integer", "maximum": 2**64, "exclusiveMaximum": 10}, "bigint", False),
    ({"anyOf": [{"type": "integer", "maximum": 2**64}, {"type": "null"}]}, "numeric", True),
    ({"type": "number", "maximum": 2**64}, "numeric", False),
    ({"type": "number"}, "numeric", False),
    ({"type": ["integer", "number"]}, "numeric", False),
    ({"type": "string"}, "text", False),
    ({"type": "string", "format": "date-time"}, TSTZ, False),
    ({"type": "string", "format": "date"}, "date", False),
    ({"type": "string", "format": "time"}, "time without time zone", False),
    ({"type": "string", "format": "email"}, "text", False),
    ({"type": "boolean"}, "boolean", False),
    ({"type": "object", "properties": {}}, "jsonb", False),
    ({"type": "array", "items": {"type": "string"}}, "jsonb", False),
    ({"properties": {"a": {"type": "integer"}}}, "jsonb", False),
    ({}, "jsonb", True),
    ({"type": "null"}, "text", True),
    ({"type": ["boolean", "integer"]}, "text", False),
    ({"type": ["string", "integer"]}, "text", False),
    ({"type": ["object", "string"]}, "jsonb", False),
    ({"anyOf": [{"type": "string", "format": "date-time"}, {"type": "null"}]}, TSTZ, True),
    ({"anyOf": [{"type": "string", "format": "date-time"}, {"type": ["string", "null"]}]}, TSTZ, True),
    ({"oneOf": [{"type": "integer"}, {"type": "number"}]}, "numeric", False),
    ({"anyOf": [{"type": "integer"}, {"type": "object"}]}, "jsonb", False),
])
def test_field_type(prop, sql, nullable):
    ftype = field_type(prop)
    assert (ftype.sql_type, ftype.nullable) == (sql, nullable)


def test_unknown_json_type_is_an_error():
    with pytest.raises(SchemaTypeError):
        field_type({"type": "datetime"})


@pytest.mark.parametrize(("have", "want", "change"), [
    ("bigint", "bigint", None),
    ("integer", "bigint", ("bigint", None)),
    ("bigint", "numeric", ("numeric", None)),
    ("numeric", "bigint", None),  # wider already
    ("numeric", "text", ("text", "{col}::text")),
    (TSTZ, "text", ("text", "{col}::text")),
    (TSTZ, "date", ("text", "{col}::text")),
    ("boolean", "bigint", ("text", "{col}::text")),
    ("text", "bigint", None),
    ("bigint", "jsonb", ("jsonb", "to_jsonb({col})")),
    ("text", "jsonb", ("jsonb", "to_jsonb({col})")),
    ("jsonb", "text", None),
    ("timestamp without time zone", TSTZ, None),
    ("character varying(20)", "text", None),
    ("uuid", "text", ("text", "{col}::text")),
])
def test_widen_never_narrows(have, want, change):
    assert widen(have, want) == change
