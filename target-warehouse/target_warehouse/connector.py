"""JSON Schema → PostgreSQL types, and the DDL that creates and widens tables.

Types: integer → bigint (numeric when its ``maximum``/``minimum`` lies beyond bigint, e.g.
an unsigned 64-bit column), number → numeric, string → text, ``date-time`` → timestamptz,
``date`` → date, ``time`` → time, boolean → boolean, object/array (or anything untyped)
→ jsonb.  Unions and ``anyOf``/``oneOf`` take the narrowest type holding every branch.

Widening never loses data: bigint → numeric → text, any other scalar → text, any scalar →
jsonb (``USING to_jsonb(col)``).  A column wider than the schema asks for stays as it is;
a column whose property disappeared stays too.
"""

from __future__ import annotations

import logging
import typing as t
from dataclasses import dataclass

from target_warehouse.identifiers import qualified, quote_ident

JSON_TYPES = frozenset({"string", "integer", "number", "boolean", "object", "array", "null"})
DATELIKE = {"date-time": "timestamp with time zone", "date": "date", "time": "time without time zone"}
BIGINT_MIN, BIGINT_MAX = -(2**63), 2**63 - 1

METADATA_TYPES = {
    "_sdc_extracted_at": "timestamp with time zone",
    "_sdc_received_at": "timestamp with time zone",
    "_sdc_batched_at": "timestamp with time zone",
    "_sdc_deleted_at": "timestamp with time zone",
    "_sdc_sequence": "bigint",
    "_sdc_table_version": "bigint",
}


class SchemaTypeError(ValueError):
    """A property schema this target cannot interpret."""


@dataclass(frozen=True)
class FieldType:
    """What a property accepts (for validation) and the column type it asks for."""

    types: frozenset[str]  # JSON types other than null; empty with any=True means "anything"
    nullable: bool
    fmt: str | None  # date-time / date / time when every string branch has that format
    any: bool
    sql_type: str
    nested: dict | None = None  # sub-schema validated for object/array values


def _collect(prop: t.Any, acc: dict) -> None:
    if prop is True or prop == {} or not isinstance(prop, dict):
        acc["any"] = True
        return
    branches = prop.get("anyOf") or prop.get("oneOf")
    if isinstance(branches, list):
        for branch in branches:
            _collect(branch, acc)
        return
    declared = prop.get("type")
    if declared is None:
        if isinstance(prop.get("properties"), dict):
            declared = "object"
        elif "items" in prop:
            declared = "array"
        else:
            acc["any"] = True
            return
    names = [declared] if isinstance(declared, str) else declared
    if not isinstance(names, list) or not all(n in JSON_TYPES for n in names):
        msg = f"unsupported JSON Schema type {declared!r}"
        raise SchemaTypeError(msg)
    if "integer" in names and _beyond_bigint(prop):
        acc["wide_integer"] = True
    for name in names:
        if name == "null":
            acc["nullable"] = True
        else:
            acc["types"].add(name)
    if "string" in names:
        acc["formats"].add(prop.get("format") if prop.get("format") in DATELIKE else None)
    if ("object" in names or "array" in names) and any(k in prop for k in ("properties", "items")):
        acc["nested"].append(prop)


def _beyond_bigint(prop: dict) -> bool:
    """Declared bounds reaching past bigint (an unsigned BIGINT goes to 2**64 - 1): numeric.

    Without bounds an integer stays bigint, the Singer convention.
    """
    def bound(name: str, shift: int) -> list[int | float]:
        value = prop.get(name)  # draft 4's boolean exclusiveMaximum is no bound
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        return [value + shift] if ok else []

    highs = bound("maximum", 0) + bound("exclusiveMaximum", -1)
    lows = bound("minimum", 0) + bound("exclusiveMinimum", 1)
    return (bool(highs) and min(highs) > BIGINT_MAX) or (bool(lows) and max(lows) < BIGINT_MIN)


def field_type(prop: t.Any) -> FieldType:
    acc: dict = {"types": set(), "nullable": False, "any": False, "formats": set(), "nested": [],
                 "wide_integer": False}
    _collect(prop, acc)
    types = frozenset(acc["types"])
    datelike = acc["formats"] - {None}
    # Like the SDK: a date-time branch next to a plain string branch still means date-time.
    fmt = next(iter(datelike)) if len(datelike) == 1 else None
    if acc["any"]:
        return FieldType(frozenset(), True, fmt, True, "jsonb")
    nested = acc["nested"][0] if len(acc["nested"]) == 1 and not types - {"object", "array"} else None
    if types & {"object", "array"}:
        sql = "jsonb"
    elif "string" in types:
        sql = DATELIKE[fmt] if types == {"string"} and fmt else "text"
    elif "number" in types:
        sql = "numeric" if types <= {"number", "integer"} else "text"
    elif types == {"integer"}:
        # numeric still only admits integers: the encoder validates by JSON type, not column
        sql = "numeric" if acc["wide_integer"] else "bigint"
    elif types == {"boolean"}:
        sql = "boolean"
    else:  # only null, or integer|boolean
        sql = "text"
    return FieldType(types, acc["nullable"] or not types, fmt, False, sql, nested)


def family(pg_type: str) -> str:
    """Group PostgreSQL type names into what matters for encoding and widening."""
    base = pg_type.split("(")[0].strip()
    return {
        "smallint": "int", "integer": "int", "bigint": "int",
        "numeric": "numeric", "real": "numeric", "double precision": "numeric",
        "text": "text", "character varying": "text", "character": "text", "citext": "text",
        "timestamp with time zone": "timestamptz", "timestamp without time zone": "timestamp",
        "date": "date", "time without time zone": "time", "time with time zone": "timetz",
        "boolean": "boolean", "jsonb": "jsonb", "json": "json",
    }.get(base, "other")


def widen(existing: str, desired: str) -> tuple[str, str | None] | None:
    """The ALTER (new type, USING expression template) needed, or None to keep the column."""
    have, want = family(existing), family(desired)
    if have == want:
        return ("bigint", None) if have == "int" and existing != "bigint" else None
    if have in ("jsonb", "json"):
        return None
    if want == "jsonb":
        return "jsonb", "to_jsonb({col})"
    if have == "text":
        return None
    if (have, want) in (("numeric", "int"), ("timestamp", "timestamptz")):
        return None
    if (have, want) == ("int", "numeric"):
        return "numeric", None
    return "text", "{col}::text"


_COLUMNS_SQL = """
SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = %s AND c.relname = %s AND c.relkind IN ('r', 'p')
  AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attnum
"""

_PRIMARY_KEY_SQL = """
SELECT con.conname,
       array(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY AS k(num, ord)
             JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num
             ORDER BY k.ord)
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = %s AND c.relname = %s AND con.contype = 'p'
"""


def read_columns(cur: t.Any, schema: str, table: str) -> dict[str, tuple[str, bool]]:
    """Existing columns in order: name → (type, NOT NULL); empty if there is no table."""
    cur.execute(_COLUMNS_SQL, (schema, table))
    return {name: (pg_type, notnull) for name, pg_type, notnull in cur.fetchall()}


def prepare_table(
    conn: t.Any,
    schema: str,
    table: str,
    columns: dict[str, str],
    keys: list[str],
    logger: logging.Logger,
) -> dict[str, str]:
    """Create or evolve ``schema.table`` for ``columns`` (name → type); commit; return types.

    The returned mapping holds every column of the table (also ones no longer in the
    schema), in table order, with its type after any widening.
    """
    target = qualified(schema, table)
    with conn.cursor() as cur:
        # Loaders running at the same time change a schema's tables one after the other.
        cur.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (f"target-warehouse:{schema}",))
        cur.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", (schema,))
        if cur.fetchone() is None:
            cur.execute(f"CREATE SCHEMA IF NOT EXISTS {quote_ident(schema)}")
        existing = read_columns(cur, schema, table)
        if not existing:
            defs = [
                f"{quote_ident(name)} {sql}{' NOT NULL' if name in keys else ''}"
                for name, sql in columns.items()
            ]
            if keys:
                defs.append(f"PRIMARY KEY ({', '.join(map(quote_ident, keys))})")
            cur.execute(f"CREATE TABLE {target} ({', '.join(defs)})")
            logger.info("Created table %s", target)
        else:
            _evolve(cur, target, existing, columns, keys, logger)
            _ensure_primary_key(cur, schema, table, keys, logger)
        final = {name: pg_type for name, (pg_type, _) in read_columns(cur, schema, table).items()}
    conn.commit()
    return final


def _evolve(cur: t.Any, target: str, existing: dict[str, tuple[str, bool]],
            columns: dict[str, str], keys: list[str], logger: logging.Logger) -> None:
    for name, sql in columns.items():
        col = quote_ident(name)
        if name not in existing:
            cur.execute(f"ALTER TABLE {target} ADD COLUMN {col} {sql}")
            logger.info("Added column %s %s to %s", col, sql, target)
            continue
        have, notnull = existing[name]
        change = widen(have, sql)
        if change:
            new_type, using = change
            using_sql = f" USING {using.format(col=col)}" if using else ""
            cur.execute(f"ALTER TABLE {target} ALTER COLUMN {col} TYPE {new_type}{using_sql}")
            logger.info("Widened column %s of %s from %s to %s", col, target, have, new_type)
        if (name in keys) != notnull:  # key columns NOT NULL; former key columns nullable
            action = "SET" if name in keys else "DROP"
            cur.execute(f"ALTER TABLE {target} ALTER COLUMN {col} {action} NOT NULL")


def _ensure_primary_key(cur: t.Any, schema: str, table: str, keys: list[str],
                        logger: logging.Logger) -> None:
    cur.execute(_PRIMARY_KEY_SQL, (schema, table))
    row = cur.fetchone()
    current = list(row[1]) if row else []
    if current == list(keys):
        return
    target = qualified(schema, table)
    if row:
        cur.execute(f"ALTER TABLE {target} DROP CONSTRAINT {quote_ident(row[0])}")
    if keys:
        cur.execute(f"ALTER TABLE {target} ADD PRIMARY KEY ({', '.join(map(quote_ident, keys))})")
    logger.info("Primary key of %s changed from %s to %s", target, current, list(keys))
