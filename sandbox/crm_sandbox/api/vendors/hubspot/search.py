"""HubSpot CRM search semantics: filterGroups (OR of ANDs), one sort, typed comparisons.

Limits as the search guide states them ("Search the CRM", developers.hubspot.com, last modified
2026-03-30): at most five ``filterGroups`` with up to six ``filters`` each and 18 filters in all
(the 2024-08-26 changelog announced 5/10/25; the guide's lower numbers are the binding reading).
Filter values are case-insensitive except for enumeration properties (case-sensitive for every
operator); ``IN``/``NOT_IN`` on string properties expect lowercase values.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Callable

from crm_sandbox.api.vendors.hubspot.model import ObjectType, Record, parse_instant

MAX_GROUPS, MAX_PER_GROUP, MAX_FILTERS = 5, 6, 18
OPERATORS = {"EQ", "NEQ", "LT", "LTE", "GT", "GTE", "BETWEEN", "IN", "NOT_IN",
             "HAS_PROPERTY", "NOT_HAS_PROPERTY", "CONTAINS_TOKEN", "NOT_CONTAINS_TOKEN"}


class SearchError(ValueError):
    """An invalid search request (HubSpot answers 400 VALIDATION_ERROR)."""


def _coerce(kind: str) -> Callable[[Any], Any]:
    if kind == "enumeration":  # case-sensitive for every operator
        return lambda v: str(v)
    if kind == "number":
        return lambda v: float(v)
    if kind == "datetime":
        return parse_instant
    if kind == "date":
        return lambda v: parse_instant(v).date() if str(v).lstrip("-").isdigit() else date.fromisoformat(str(v)[:10])
    return lambda v: str(v).lower()


def _filter(otype: ObjectType, spec: dict[str, Any]) -> Callable[[Record], bool]:
    name, op = spec.get("propertyName"), spec.get("operator", "EQ")
    if op not in OPERATORS:
        raise SearchError(f"Unknown operator {op!r}")
    prop = otype.props.get(name or "")
    if prop is None:
        raise SearchError(f"Unknown property {name!r} for object type {otype.name}")
    coerce = _coerce(prop.type)
    if op in ("HAS_PROPERTY", "NOT_HAS_PROPERTY"):
        want = op == "HAS_PROPERTY"
        return lambda r: (r.properties.get(name) not in (None, "")) == want
    try:
        if op in ("IN", "NOT_IN"):
            stringy = prop.type not in ("number", "datetime", "date", "bool", "enumeration")
            # string IN/NOT_IN match lowercase values only (the stored value is lowercased)
            values = {str(v) if stringy else coerce(v) for v in spec.get("values") or []}
        elif op == "BETWEEN":
            low, high = coerce(spec["value"]), coerce(spec["highValue"])
        elif op not in ("CONTAINS_TOKEN", "NOT_CONTAINS_TOKEN"):
            value = coerce(spec["value"])
    except (KeyError, TypeError, ValueError) as exc:
        raise SearchError(f"Invalid filter value for {name}: {exc}") from None

    def test(record: Record) -> bool:
        raw = record.properties.get(name)
        if raw in (None, ""):
            return op in ("NEQ", "NOT_IN", "NOT_CONTAINS_TOKEN")
        if op in ("CONTAINS_TOKEN", "NOT_CONTAINS_TOKEN"):
            token = str(spec.get("value", "")).lower().strip("*")
            tokens = raw.lower().split(";") if prop.type == "enumeration" else [raw.lower()]
            return any(token in t for t in tokens) == (op == "CONTAINS_TOKEN")
        if prop.type == "enumeration" and op in ("EQ", "NEQ", "IN", "NOT_IN"):
            # multi-select (checkbox) values are ';'-separated; a filter matches any one option
            options = set(raw.split(";"))
            hit = (value in options) if op in ("EQ", "NEQ") else bool(options & values)
            return hit == (op in ("EQ", "IN"))
        have = coerce(raw)
        return {"EQ": lambda: have == value, "NEQ": lambda: have != value,
                "LT": lambda: have < value, "LTE": lambda: have <= value,
                "GT": lambda: have > value, "GTE": lambda: have >= value,
                "BETWEEN": lambda: low <= have <= high, "IN": lambda: have in values,
                "NOT_IN": lambda: have not in values}[op]()

    return test


def compile_filters(otype: ObjectType, groups: list[dict[str, Any]]) -> Callable[[Record], bool]:
    """filterGroups are OR-ed, the filters inside one group AND-ed (limits as documented)."""
    if len(groups) > MAX_GROUPS:
        raise SearchError(f"Too many filter groups ({len(groups)} > {MAX_GROUPS})")
    if sum(len(g.get("filters") or []) for g in groups) > MAX_FILTERS:
        raise SearchError(f"Too many filters (more than {MAX_FILTERS})")
    compiled = []
    for group in groups:
        filters = group.get("filters") or []
        if len(filters) > MAX_PER_GROUP:
            raise SearchError(f"Too many filters in one group ({len(filters)} > {MAX_PER_GROUP})")
        compiled.append([_filter(otype, f) for f in filters])
    if not compiled:
        return lambda r: True
    return lambda r: any(all(f(r) for f in fs) for fs in compiled)


def sort_key(otype: ObjectType, sorts: list[Any]) -> tuple[Callable[[Record], Any], bool]:
    """(key, descending) for the one sort rule allowed; creation order (oldest first) without one."""
    if len(sorts) > 1:
        raise SearchError("Only one sort can be specified per search request")
    if not sorts:
        return (lambda r: (r.created_at, r.id)), False
    rule = sorts[0] if isinstance(sorts[0], dict) else {"propertyName": sorts[0]}
    name = rule.get("propertyName")
    prop = otype.props.get(name or "")
    if prop is None:
        raise SearchError(f"Unknown sort property {name!r}")
    coerce = _coerce(prop.type)
    descending = rule.get("direction", "ASCENDING") == "DESCENDING"

    def key(r: Record) -> Any:
        raw = r.properties.get(name)
        # Records without a value sort last in either direction; ties break on id.
        return (raw in (None, "")) != descending, coerce(raw) if raw not in (None, "") else 0, r.id

    return key, descending
