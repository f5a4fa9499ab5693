"""OData v2 query options as WCF Data Services answers them over a SQL Server table.

``$filter`` (comparisons ``eq ne gt ge lt le``, ``and``/``or``/``not``, parentheses; literals
``datetime'…'``, ``guid'…'``, ``'text'``, numbers, ``true``/``false``/``null``), ``$orderby``
(``prop [asc|desc], …``), ``$top``/``$skip`` and the server's ``$skiptoken``.  Values behave as
SQL Server stores them: ``datetime`` at 1/300 s, ``uniqueidentifier`` ordered by SQL Server's
byte order (last group first), not by its text.  Errors raise ``BadRequest`` with WCF's wording.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from decimal import Decimal
from functools import cmp_to_key, lru_cache
from typing import Any, Callable

from crm_sandbox.api.kit import BadRequest

from .model import NAMESPACE, EntitySet

#: SQL Server compares uniqueidentifiers on their stored (little-endian) bytes in this order.
_GUID_ORDER = (10, 11, 12, 13, 14, 15, 8, 9, 6, 7, 4, 5, 0, 1, 2, 3)


@lru_cache(maxsize=1 << 18)
def guid_key(value: str) -> bytes:
    raw = uuid.UUID(value).bytes_le
    return bytes(raw[i] for i in _GUID_ORDER)


def sql_datetime(instant: datetime) -> datetime:
    """Naive wall time rounded to SQL Server ``datetime``'s 1/300 s (…000, …003, …007)."""
    instant = instant.replace(tzinfo=None)
    whole = instant.replace(microsecond=0)
    n = round(instant.microsecond * 300 / 1_000_000)
    return whole + timedelta(microseconds=round(n * 1_000_000 / 300))


def edm_datetime(value: datetime) -> str:
    """As WCF writes a ``DateTime`` read from SQL Server: 7-digit ticks, trailing zeros dropped,
    no offset (``2011-12-19T07:00:00.0033333``, ``…T07:00:00.5``, ``…T07:00:00``)."""
    n = round(value.microsecond * 300 / 1_000_000)
    ticks = round(n * 10_000_000 / 300)
    text = value.replace(microsecond=0).isoformat()
    return f"{text}.{ticks:07d}".rstrip("0") if ticks else text


# -- literals and tokens ----------------------------------------------------------------------
class Literal:
    def __init__(self, kind: str, value: Any) -> None:
        self.kind, self.value = kind, value


def _parse_literal(kind: str, text: str, position: int) -> Literal:
    try:
        if kind == "datetime":
            return Literal("Edm.DateTime", datetime.fromisoformat(text))
        if kind == "guid":
            return Literal("Edm.Guid", str(uuid.UUID(text)))
    except ValueError:
        raise BadRequest(f"Unrecognized '{'Edm.DateTime' if kind == 'datetime' else 'Edm.Guid'}' literal "
                         f"'{kind}'{text}'' in '{position}'.") from None
    raise BadRequest(f"Syntax error at position {position}.")


def tokenize(text: str) -> list[tuple[str, Any, int]]:
    tokens, i = [], 0
    while i < len(text):
        c = text[i]
        if c.isspace():
            i += 1
        elif c in "(),":
            tokens.append((c, c, i))
            i += 1
        elif c == "'":
            j, out = i + 1, []
            while True:
                if j >= len(text):
                    raise BadRequest(f"There is an unterminated string literal at position {i} in '{text}'.")
                if text[j] == "'":
                    if text[j + 1:j + 2] == "'":
                        out.append("'")
                        j += 2
                        continue
                    break
                out.append(text[j])
                j += 1
            tokens.append(("lit", Literal("Edm.String", "".join(out)), i))
            i = j + 1
        elif c.isdigit() or (c == "-" and text[i + 1:i + 2].isdigit()):
            j = i + 1
            while j < len(text) and (text[j].isdigit() or text[j] in ".mMdDlL"):
                j += 1
            raw = text[i:j].rstrip("mMdDlL")
            value: Any = Decimal(raw) if "." in raw else int(raw)
            tokens.append(("lit", Literal("Edm.Decimal" if "." in raw else "Edm.Int32", value), i))
            i = j
        elif c.isalpha() or c == "_":
            j = i
            while j < len(text) and (text[j].isalnum() or text[j] in "_/"):
                j += 1
            word = text[i:j]
            if j < len(text) and text[j] == "'" and word in ("datetime", "guid"):
                end = text.find("'", j + 1)
                if end < 0:
                    raise BadRequest(f"There is an unterminated string literal at position {j} in '{text}'.")
                tokens.append(("lit", _parse_literal(word, text[j + 1:end], i), i))
                i = end + 1
            elif word in ("true", "false"):
                tokens.append(("lit", Literal("Edm.Boolean", word == "true"), i))
                i = j
            elif word == "null":
                tokens.append(("lit", Literal("null", None), i))
                i = j
            else:
                tokens.append(("word", word, i))
                i = j
        else:
            raise BadRequest(f"Syntax error: character '{c}' is not valid at position {i} in '{text}'.")
    return tokens


# -- $filter ----------------------------------------------------------------------------------
Predicate = Callable[[dict[str, Any]], Any]
COMPARE = {"eq": lambda a, b: a == b, "ne": lambda a, b: a != b, "gt": lambda a, b: a > b,
           "ge": lambda a, b: a >= b, "lt": lambda a, b: a < b, "le": lambda a, b: a <= b}
CLR = {"Edm.DateTime": "System.DateTime", "Edm.Guid": "System.Guid", "Edm.String": "System.String",
       "Edm.Int32": "System.Int32", "Edm.Boolean": "System.Boolean", "Edm.Decimal": "System.Decimal",
       "Edm.Double": "System.Double", "null": "null"}
NUMERIC = {"Edm.Int32", "Edm.Decimal", "Edm.Double"}


def comparable(kind: str, value: Any) -> Any:
    if value is None:
        return None
    if kind == "Edm.Guid":
        return guid_key(value)
    if kind == "Edm.DateTime":
        return sql_datetime(value)
    if kind in NUMERIC:
        return Decimal(str(value))
    return value


class FilterParser:
    def __init__(self, entity: EntitySet, text: str) -> None:
        self.entity, self.text, self.tokens, self.i = entity, text, tokenize(text), 0

    def parse(self) -> Predicate:
        predicate = self.or_expr()
        if self.i < len(self.tokens):
            raise BadRequest(f"Syntax error at position {self.tokens[self.i][2]} in '{self.text}'.")
        return predicate

    def peek(self, *words: str) -> bool:
        return self.i < len(self.tokens) and self.tokens[self.i][0] == "word" and self.tokens[self.i][1] in words

    def next(self) -> tuple[str, Any, int]:
        if self.i >= len(self.tokens):
            raise BadRequest(f"Expression expected at position {len(self.text)} in '{self.text}'.")
        self.i += 1
        return self.tokens[self.i - 1]

    def or_expr(self) -> Predicate:
        left = self.and_expr()
        while self.peek("or"):
            self.i += 1
            right, first = self.and_expr(), left
            left = lambda r, a=first, b=right: bool(a(r)) or bool(b(r))  # noqa: E731
        return left

    def and_expr(self) -> Predicate:
        left = self.unary()
        while self.peek("and"):
            self.i += 1
            right, first = self.unary(), left
            left = lambda r, a=first, b=right: bool(a(r)) and bool(b(r))  # noqa: E731
        return left

    def unary(self) -> Predicate:
        if self.peek("not"):
            self.i += 1
            inner = self.unary()
            return lambda r: not inner(r)
        return self.comparison()

    def operand(self) -> tuple[str, Callable[[dict], Any]]:
        kind, value, position = self.next()
        if kind == "(":
            inner = self.or_expr()
            if self.next()[0] != ")":
                raise BadRequest(f"')' or operator expected at position {position} in '{self.text}'.")
            return "Edm.Boolean", inner
        if kind == "lit":
            const = comparable(value.kind, value.value)
            return value.kind, lambda r: const
        if kind == "word":
            edm = self.entity.types.get(value)
            if edm is None:
                raise BadRequest(f"No property '{value}' exists in type '{NAMESPACE}.{self.entity.type_name}' "
                                 f"at position {position}.")
            return edm, lambda r: comparable(edm, r.get(value))
        raise BadRequest(f"Expression expected at position {position} in '{self.text}'.")

    def comparison(self) -> Predicate:
        left_kind, left = self.operand()
        if not self.peek(*COMPARE):
            if left_kind != "Edm.Boolean":
                raise BadRequest(f"Expression of type '{CLR.get(left_kind, left_kind)}' is not a valid filter.")
            return left
        op = self.next()[1]
        right_kind, right = self.operand()
        compatible = (left_kind == right_kind or "null" in (left_kind, right_kind)
                      or {left_kind, right_kind} <= NUMERIC)
        if not compatible or ("null" in (left_kind, right_kind) and op not in ("eq", "ne")):
            raise BadRequest(f"Operator '{op}' incompatible with operand types '{CLR.get(left_kind, left_kind)}' "
                             f"and '{CLR.get(right_kind, right_kind)}' at position {self.tokens[self.i - 2][2]}.")
        compare = COMPARE[op]

        def predicate(r: dict) -> bool:
            a, b = left(r), right(r)
            if a is None or b is None:  # SQL three-valued logic: only eq/ne null match
                return (a is None and b is None) if op == "eq" else (a is None) != (b is None) if op == "ne" else False
            return compare(a, b)
        return predicate


def parse_filter(entity: EntitySet, text: str | None) -> Predicate | None:
    return FilterParser(entity, text).parse() if text else None


# -- $orderby ---------------------------------------------------------------------------------
def parse_orderby(entity: EntitySet, text: str | None) -> list[tuple[str, bool]]:
    """``[(property, descending), …]``."""
    if not text:
        return []
    order = []
    for part in text.split(","):
        words = part.split()
        if not words or len(words) > 2 or (len(words) == 2 and words[1] not in ("asc", "desc")):
            raise BadRequest(f"Syntax error in $orderby '{text}'.")
        if words[0] not in entity.types:
            raise BadRequest(f"No property '{words[0]}' exists in type '{NAMESPACE}.{entity.type_name}'.")
        order.append((words[0], len(words) == 2 and words[1] == "desc"))
    return order


def sort_rows(entity: EntitySet, rows: list[dict], order: list[tuple[str, bool]]) -> list[dict]:
    """Rows in ``order`` (nulls first, as SQL Server sorts them ascending)."""
    if not any(desc for _, desc in order):
        def key(row: dict) -> tuple:
            values = (comparable(entity.types[name], row.get(name)) for name, _ in order)
            return tuple((v is not None, v) if v is not None else (False, 0) for v in values)
        return sorted(rows, key=key)

    def cmp(a: dict, b: dict) -> int:
        for name, desc in order:
            x, y = comparable(entity.types[name], a.get(name)), comparable(entity.types[name], b.get(name))
            if x == y:
                continue
            result = -1 if x is None else 1 if y is None else (-1 if x < y else 1)
            return -result if desc else result
        return 0
    return sorted(rows, key=cmp_to_key(cmp))


def literal(edm: str, value: Any) -> str:
    """A value as an OData URI literal (for ``$skiptoken`` and entry ids)."""
    if value is None:
        return "null"
    if edm == "Edm.Guid":
        return f"guid'{value}'"
    if edm == "Edm.DateTime":
        return f"datetime'{edm_datetime(value)}'"
    if edm == "Edm.String":
        return "'" + str(value).replace("'", "''") + "'"
    if edm == "Edm.Boolean":
        return "true" if value else "false"
    return str(value)


def parse_skiptoken(entity: EntitySet, text: str, names: list[str]) -> list[Any]:
    values = []
    for kind, value, position in tokenize(text):
        if kind == ",":
            continue
        if kind != "lit":
            raise BadRequest(f"Skip token '{text}' is invalid at position {position}.")
        values.append(comparable(value.kind, value.value))
    if len(values) != len(names):
        raise BadRequest(f"Skip token '{text}' is invalid: it must carry {len(names)} values.")
    return values
