"""Records → lines of PostgreSQL COPY text, validating each value on the way.

For each stream schema we generate (once) one Python function that reads every property,
checks its JSON type and format, converts it to the COPY text of its column and returns
the line.  This replaces generic per-record jsonschema validation, timestamp parsing and
dict juggling: a record costs a few microseconds.

Checks: integers are ints within bigint range (for bigint columns), numbers are finite,
booleans are booleans, ``date-time``/``date``/``time`` strings parse (``fromisoformat``),
objects are dicts and arrays lists (nested schemas validated with fastjsonschema), nulls
only where the schema allows them, required and key properties present.  NUL characters,
which PostgreSQL cannot store, are removed from strings with a warning.

Property names only ever appear in the generated source as ``repr()`` literals.
"""

from __future__ import annotations

import logging
import math
import typing as t
from dataclasses import dataclass
from datetime import date, datetime, time, timezone
from decimal import Decimal

import fastjsonschema
import msgspec

from target_warehouse.connector import BIGINT_MAX, BIGINT_MIN, FieldType
from target_warehouse.errors import MissingKeyError, RecordValidationError

NULL = "\\N"
SEEN_KEYS_CAP = 250_000  # beyond this many keys per batch, assume duplicates (dedupe in SQL)
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_json_encode = msgspec.json.Encoder(decimal_format="number").encode


@dataclass(frozen=True)
class Column:
    prop: str  # key in the record
    name: str  # column in the table
    ftype: FieldType
    family: str  # family of the column's actual type (see connector.family)
    key: bool = False
    required: bool = False
    marks_deleted: bool = False  # _sdc_deleted_at


def _strip_nul(value: t.Any) -> t.Any:
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, dict):
        return {_strip_nul(k): _strip_nul(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_strip_nul(v) for v in value]
    return value


def _describe(value: t.Any) -> str:
    text = repr(value)
    return f"{type(value).__name__} {text[:80]}{'…' if len(text) > 80 else ''}"


class _Helpers:
    """The slow paths and error reporting the generated function calls."""

    def __init__(self, stream: str, columns: list[Column], logger: logging.Logger):
        self.stream = stream
        self.columns = columns
        self.logger = logger
        self.warned: set[str] = set()
        self.validators = [self._nested(c) for c in columns]

    @staticmethod
    def _nested(column: Column) -> t.Callable[[t.Any], t.Any] | None:
        if column.ftype.nested is None:
            return None
        return fastjsonschema.compile(column.ftype.nested, use_formats=False)

    def fail(self, i: int, n: int, problem: str) -> t.NoReturn:
        column = self.columns[i]
        raise RecordValidationError(f"field '{column.prop}': {problem}", stream=self.stream, line=n)

    def bad(self, i: int, v: t.Any, n: int) -> t.NoReturn:
        ftype = self.columns[i].ftype
        expected = " or ".join(sorted(ftype.types)) + (f" ({ftype.fmt})" if ftype.fmt else "")
        self.fail(i, n, f"expected {expected}, got {_describe(v)}")

    def bad_format(self, i: int, v: str, n: int) -> t.NoReturn:
        self.fail(i, n, f"not a valid {self.columns[i].ftype.fmt}: {v[:80]!r}")

    def absent(self, i: int, r: dict, n: int) -> None:
        column = self.columns[i]
        present = column.prop in r
        if column.key:
            what = "is null" if present else "is missing"
            msg = f"key property '{column.prop}' {what}"
            raise MissingKeyError(msg, stream=self.stream, line=n)
        if not present and column.required:
            self.fail(i, n, "required property is missing")
        if present and not column.ftype.nullable:
            self.fail(i, n, "null is not allowed by the schema")

    def out_of_range(self, i: int, v: t.Any, n: int) -> t.NoReturn:
        self.fail(i, n, f"integer {v} is out of range for bigint")

    def warn_nul(self, i: int, n: int) -> None:
        prop = self.columns[i].prop
        if prop not in self.warned:
            self.warned.add(prop)
            self.logger.warning(
                "stream '%s', input line %d, field '%s': removed NUL characters "
                "(PostgreSQL cannot store them); further removals in this field are not logged",
                self.stream, n, prop,
            )

    def text(self, i: int, v: str, n: int) -> str:
        if "\x00" in v:
            self.warn_nul(i, n)
            v = v.replace("\x00", "")
        return v.translate(_COPY_ESCAPES)

    def json(self, i: int, v: t.Any, n: int) -> str:
        if (validate := self.validators[i]) is not None:
            try:
                validate(v)
            except fastjsonschema.JsonSchemaValueException as exc:
                self.fail(i, n, exc.message)
        data = _json_encode(v)
        if b"\\u0000" in data:
            stripped = _strip_nul(v)
            if stripped != v:
                self.warn_nul(i, n)
                data = _json_encode(stripped)
        text = data.decode("utf-8")
        return text.replace("\\", "\\\\") if "\\" in text else text

    def integral(self, i: int, v: Decimal, n: int) -> str:
        if not v.is_finite() or v != v.to_integral_value():
            self.bad(i, v, n)
        if self.columns[i].family == "int" and not BIGINT_MIN <= v <= BIGINT_MAX:
            self.out_of_range(i, v, n)
        return str(int(v))

    def float(self, i: int, v: float, n: int) -> str:
        if not math.isfinite(v):
            self.fail(i, n, f"number {v} is not finite")
        return repr(v)

    @staticmethod
    def timestamp(i: int, v: str, n: int) -> str:
        """Slow path: a date-time PostgreSQL may not read as written; normalise it."""
        return datetime.fromisoformat(v).isoformat()

    @staticmethod
    def instant(v: str) -> datetime:
        value = datetime.fromisoformat(v)
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)

    def extra(self, r: dict, known: frozenset[str]) -> None:
        for prop in r.keys() - known:
            if prop not in self.warned:
                self.warned.add(prop)
                self.logger.warning("stream '%s': no schema for record field '%s'; ignored",
                                    self.stream, prop)


def _branches(i: int, c: Column) -> list[tuple[str, str]]:
    """(condition on ``v``, statement setting ``c{i}``) pairs; ``v`` is not None."""
    fam, ft = c.family, c.ftype
    if ft.any:
        return [("True", f"c{i} = H.json({i}, v, n)")]
    out: list[tuple[str, str]] = []
    if "string" in ft.types:
        if fam in ("jsonb", "json"):
            conv = f"c{i} = H.json({i}, v, n)"
        elif ft.fmt == "date-time" and fam in ("timestamptz", "timestamp"):
            # Sent as written when PostgreSQL reads it as Python did (YYYY-MM-DD[T ]HH:MM…);
            # other ISO forms Python accepts (week dates, basic format, odd separators) are
            # normalised.  (An offset with fractional seconds is left to PostgreSQL to reject.)
            conv = (f"c{i} = v if (len(v) > 15 and v[7] == '-' and v[10] in 'Tt ' and "
                    f"v[13] == ':' and ',' not in v) else H.timestamp({i}, v, n)")
        elif ft.fmt == "date" and fam == "date":
            conv = f"c{i} = v if (len(v) == 10 and v[4] == '-' == v[7]) else P_date(v).isoformat()"
        elif ft.fmt == "time" and fam == "time":
            conv = f"c{i} = P_time(v).isoformat()"
        else:
            conv = f"c{i} = v if ('\\\\' not in v and v.isprintable()) else H.text({i}, v, n)"
        if ft.fmt:
            parse = f"P_{ft.fmt.replace('-', '')}"
            conv = f"try: {parse}(v)\n        except ValueError: H.bad_format({i}, v, n)\n        {conv}"
        out.append(("type(v) is str", conv))
    if "integer" in ft.types or "number" in ft.types:
        if fam == "int":
            out.append(("type(v) is int",
                        f"c{i} = str(v) if {BIGINT_MIN} <= v <= {BIGINT_MAX} else H.out_of_range({i}, v, n)"))
        else:
            out.append(("type(v) is int", f"c{i} = str(v)"))
        if "number" in ft.types:
            out.append(("type(v) is D", f"c{i} = str(v)"))
            out.append(("type(v) is float", f"c{i} = H.float({i}, v, n)"))
        else:
            out.append(("type(v) is D", f"c{i} = H.integral({i}, v, n)"))
    if "boolean" in ft.types:
        out.append(("v is True", f"c{i} = 'true'"))
        out.append(("v is False", f"c{i} = 'false'"))
    if "object" in ft.types:
        out.append(("type(v) is dict", f"c{i} = H.json({i}, v, n)"))
    if "array" in ft.types:
        out.append(("type(v) is list", f"c{i} = H.json({i}, v, n)"))
    out.append(("True", f"H.bad({i}, v, n)"))
    return out


def _key_code(i: int, c: Column) -> str:
    """Expression for the batch de-duplication key: equal iff PostgreSQL sees equal keys."""
    if c.family in ("int", "numeric", "boolean"):
        return "v"  # ints and Decimals compare numerically, like PostgreSQL
    if c.family == "timestamptz":
        return "H.instant(v)"
    return f"c{i}"


def build_encoder(
    stream: str,
    columns: list[Column],
    logger: logging.Logger,
    seen: set,
    flags: list[bool],
) -> t.Callable[[dict, int, str], str]:
    """``encode(record, input_line, tail) -> 'input_line\\tc0\\t…\\tcN' + tail``.

    ``seen`` collects the batch's keys and ``flags[0]`` turns True when a key repeats (so
    the merge must de-duplicate); ``flags[1]`` when a record carries ``_sdc_deleted_at``.
    """
    helpers = _Helpers(stream, columns, logger)
    known = frozenset(c.prop for c in columns)
    lines = ["def encode(r, n, tail):", "    g = r.get"]
    keys = []
    for i, column in enumerate(columns):
        lines += [f"    v = g({column.prop!r})", "    if v is None:"]
        if column.key or column.required or not column.ftype.nullable:
            lines.append(f"        H.absent({i}, r, n)")
        lines.append(f"        c{i} = NULL")
        for cond, stmt in _branches(i, column):
            lines += ["    else:" if cond == "True" else f"    elif {cond}:", f"        {stmt}"]
        if column.marks_deleted:
            lines.append("    if v is not None: flags[1] = True")
        if column.key:
            lines.append(f"    k{i} = {_key_code(i, column)}")
            keys.append(f"k{i}")
            if column.family in ("jsonb", "json"):
                lines.append("    flags[0] = True")  # jsonb equality is not text equality
    if keys:
        key = keys[0] if len(keys) == 1 else f"({', '.join(keys)})"
        lines += [f"    if {key} in seen or len(seen) >= CAP: flags[0] = True",
                  f"    else: seen.add({key})"]
    lines.append(f"    if len(r) > {len(known)}: H.extra(r, KNOWN)")
    fields = "".join(f"\\t{{c{i}}}" for i in range(len(columns)))
    lines.append(f'    return f"{{n}}{fields}{{tail}}"')
    namespace: dict[str, t.Any] = {
        "H": helpers, "NULL": NULL, "D": Decimal, "seen": seen, "flags": flags,
        "CAP": SEEN_KEYS_CAP, "KNOWN": known,
        "P_datetime": datetime.fromisoformat, "P_date": date.fromisoformat,
        "P_time": time.fromisoformat,
    }
    source = "\n".join(lines)
    exec(compile(source, f"<encoder {stream!r}>", "exec"), namespace)  # noqa: S102
    encode = namespace["encode"]
    encode.source = source  # type: ignore[attr-defined]  # for debugging and tests
    return encode
