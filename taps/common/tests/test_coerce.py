"""One schema-directed coercion: every documented spelling the taps meet → the schema's type."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tap_common import Coercer, coerce_record

SCHEMA = {"properties": {
    "number": {"type": ["number", "null"]},
    "integer": {"type": ["integer", "null"]},
    "bool": {"type": ["boolean", "null"]},
    "datetime": {"type": ["string", "null"], "format": "date-time"},
    "date": {"type": ["string", "null"], "format": "date"},
    "text": {"type": ["string", "null"]},
    "either": {"type": ["object", "string"]},
}}


@pytest.mark.parametrize(("column", "value", "expected"), [
    ("number", "1000000000", 1000000000), ("number", "0.4", 0.4), ("number", 12, 12),
    ("number", "$1,250.00", 1250.0), ("number", "", None), ("number", "n/a", None), ("number", True, 1),
    ("number", Decimal("2.5"), Decimal("2.5")), ("number", "inf", None),
    ("integer", "27", 27), ("integer", "27.0", 27), ("integer", "27.5", None), ("integer", 4, 4),
    ("bool", "true", True), ("bool", "FALSE", False), ("bool", True, True), ("bool", "maybe", None),
    ("datetime", "2024-01-17T19:55:04.281Z", "2024-01-17T19:55:04.281000+00:00"),
    ("datetime", "1705521304281", "2024-01-17T19:55:04.281000+00:00"),  # legacy epoch ms
    ("datetime", "2024-01-17T14:55:04-05:00", "2024-01-17T19:55:04.000000+00:00"),
    ("datetime", "2024-01-17T19:55:04", "2024-01-17T19:55:04.000000+00:00"),  # naive = UTC
    ("datetime", "not a time", None), ("datetime", "", None),
    ("date", "2024-01-17", "2024-01-17"), ("date", "2024-01-17T00:00:00Z", "2024-01-17"),
    ("date", "1705449600000", "2024-01-17"),
    ("text", "Roofing;Siding", "Roofing;Siding"), ("text", None, None), ("text", 12, "12"),
    ("text", True, "true"), ("text", "", ""), ("either", 12, 12), ("either", {"a": 1}, {"a": 1}),
])
def test_every_documented_spelling(column, value, expected):
    got = coerce_record({column: value}, SCHEMA)[column]
    assert got == expected and type(got) is type(expected)


def test_blank_text_is_null_where_the_api_says_so():
    assert Coercer(SCHEMA, blank_is_null=True)({"text": " "})["text"] is None
    assert Coercer(SCHEMA)({"text": " "})["text"] == " "


def test_columns_absent_from_the_record_stay_absent():
    assert coerce_record({"other": "1"}, SCHEMA) == {"other": "1"}


def test_strict_coercion_names_the_column_instead_of_nulling():
    from tap_common import CoercionError  # noqa: PLC0415

    strict = Coercer(SCHEMA, strict=True)
    assert strict({"integer": "27", "number": "", "text": "x"}) == {"integer": 27, "number": None, "text": "x"}
    with pytest.raises(CoercionError, match="column 'integer': '27.5' is not a valid integer"):
        strict({"integer": "27.5"})
    with pytest.raises(CoercionError, match="column 'datetime': 'soon' is not a valid date-time"):
        strict({"datetime": "soon"})
