"""Property-based bad input to target-warehouse (hypothesis), each case a real process.

A case is a Singer stream: one or two streams with random schemas (every JSON type and
format, nullable or not, keyed or appending), records with odd unicode, NUL characters,
COPY metacharacters (``\\N``, tabs, backslashes), huge numbers, deep nesting, repeated keys,
STATE messages in between, a small random batch size — and, in about half the cases, ONE
invalid line: a value violating its schema, a missing key, a null where none is allowed,
an out-of-range integer, broken JSON, a RECORD before its SCHEMA, an unknown message type
or a SCHEMA without properties.

The oracle is written from the target's promises (issue 3), not from its code:

* all valid → exit 0 and every row exactly as sent (last record per key wins; NULs removed);
* an invalid line L → exit non-zero, one ``target-warehouse failed:`` line naming input line
  L, no traceback, and per stream exactly the batches drained before L committed (a batch
  is drained when any stream's batch reaches ``batch_size_rows``): nothing of the failing
  batch, nothing lost of the earlier ones;
* every STATE the target passed on covers only committed records.
"""

from __future__ import annotations

import json
import subprocess
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.harness.chaos import BIN, CLEAR_FAILURE, TRACEBACK, full_mode
from tests.harness.pgcheck import create_database, drop_database, query

CASES = 300 if full_mode() else 12
KINDS = ("integer", "number", "string", "date-time", "date", "boolean", "object", "array")
SPECIAL_TEXT = ["\\N", "\\", "\\.", "\t", "\n", "\r\n", "NULL", "", " ", "a\x00b", "\x00", "'; DROP TABLE x; --",
                "\u202e\u0646\u0635", "𝕳𝖊𝖑𝖑𝖔 🏠👍🏽", "e\u0301", "\ufeff", "\u2028", "\x7f", "\x85"]


def _schema(kind: str, nullable: bool) -> dict:
    base = {"integer": {"type": "integer"}, "number": {"type": "number"}, "string": {"type": "string"},
            "date-time": {"type": "string", "format": "date-time"},
            "date": {"type": "string", "format": "date"}, "boolean": {"type": "boolean"},
            "object": {"type": "object"}, "array": {"type": "array"}}[kind]
    if nullable:
        return {**base, "type": [base["type"], "null"]}
    return base


text = st.one_of(st.text(st.characters(blacklist_categories=("Cs",)), max_size=40), st.sampled_from(SPECIAL_TEXT))
json_leaf = st.one_of(st.none(), st.booleans(), st.integers(-(10**30), 10**30),
                      st.floats(allow_nan=False, allow_infinity=False), text)
json_value = st.recursive(json_leaf, lambda inner: st.lists(inner, max_size=3)
                          | st.dictionaries(text, inner, max_size=3), max_leaves=12)


@st.composite
def deep(draw) -> dict | list:
    """A deeply nested document (tens to a couple of hundred levels)."""
    value: object = draw(json_leaf)
    for _ in range(draw(st.integers(20, 200))):
        value = {"k": value} if draw(st.booleans()) else [value]
    return value


def valid_value(kind: str):
    offsets = st.integers(-14 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m)))
    instants = st.datetimes(datetime(1900, 1, 2), datetime(2100, 12, 30), timezones=offsets)
    return {
        "integer": st.integers(-(2**63), 2**63 - 1) | st.sampled_from([0, -1, 2**63 - 1, -(2**63)]),
        "number": st.one_of(st.floats(allow_nan=False, allow_infinity=False), st.integers(-(10**40), 10**40),
                            st.sampled_from([1e308, 5e-324, 0.1, -0.0, 10**38 + 1])),
        "string": text,
        "date-time": instants.map(lambda d: d.isoformat().replace("+00:00", "Z")
                                  if d.utcoffset() == timedelta(0) else d.isoformat()),
        "date": st.dates(date(1900, 1, 1), date(2100, 12, 31)).map(date.isoformat),
        "boolean": st.booleans(),
        "object": st.one_of(st.dictionaries(text, json_value, max_size=4), deep().map(lambda v: {"deep": v})),
        "array": st.one_of(st.lists(json_value, max_size=4), deep().map(lambda v: [v])),
    }[kind]


INVALID_VALUES = {
    "integer": ["12", 1.5, True, 2**63, -(2**63) - 1, 10**30, {"n": 1}],
    "number": ["1.5", True, [1], {"n": 1}],
    "string": [5, 1.5, True, ["a"], {"a": "b"}],
    "date-time": ["not a date", "2024-13-01T00:00:00Z", "2024-02-30T10:00:00Z", "2024-01-01T25:00:00Z", 20240101],
    "date": ["2024-13-01", "31/12/2024", "yesterday", 20240101],
    "boolean": ["true", 1, 0, "false", None if False else "yes"],
    "object": ["x", [1, 2], 3],
    "array": ["x", {"a": 1}, 3],
}
BROKEN_LINES = ['{"type": "RECORD", "stream": ', "not json at all", '{"type": "RECORD"', "[1, 2, 3]"]


@dataclass
class Stream:
    name: str
    props: dict[str, tuple[str, bool]]  # name → (kind, nullable)
    keyed: bool

    def schema_message(self) -> dict:
        return {"type": "SCHEMA", "stream": self.name, "key_properties": ["id"] if self.keyed else [],
                "schema": {"type": "object", "properties": {p: _schema(k, n) for p, (k, n) in self.props.items()}}}


@dataclass
class Case:
    streams: list[Stream]
    lines: list[str] = field(default_factory=list)
    records: list[tuple[int, int, dict]] = field(default_factory=list)  # (line, stream index, record)
    states: dict[int, int] = field(default_factory=dict)  # state marker → its line
    invalid_line: int | None = None
    invalid_what: str = ""
    batch_size: int = 1


@st.composite
def cases(draw) -> Case:
    streams = []
    for s in range(draw(st.integers(1, 2))):
        keyed = draw(st.booleans())
        props: dict[str, tuple[str, bool]] = {}
        if keyed:
            props["id"] = (draw(st.sampled_from(["integer", "string"])), False)
        for i, kind in enumerate(draw(st.lists(st.sampled_from(KINDS), min_size=1, max_size=6))):
            props[f"p{i}"] = (kind, draw(st.booleans()))
        streams.append(Stream(f"s{s}", props, keyed))
    case = Case(streams, batch_size=draw(st.integers(1, 5)))
    ascii_only = draw(st.booleans())

    def emit(message: dict | str) -> int:
        case.lines.append(message if isinstance(message, str) else json.dumps(message, ensure_ascii=ascii_only))
        return len(case.lines)

    for stream in streams:
        emit(stream.schema_message())
    n_records = draw(st.integers(0, 14))
    bad_at = draw(st.one_of(st.none(), st.integers(0, n_records)))
    for r in range(n_records + 1):
        if r == bad_at:
            _emit_invalid(draw, case, emit)
        if r == n_records:
            break
        if draw(st.integers(0, 4)) == 0:
            marker = len(case.states) + 1
            case.states[marker] = emit({"type": "STATE", "value": {"marker": marker}})
        index = draw(st.integers(0, len(streams) - 1))
        stream = streams[index]
        record = {}
        for prop, (kind, nullable) in stream.props.items():
            if prop == "id":
                record["id"] = draw(st.integers(0, 6)) if kind == "integer" else draw(st.sampled_from("abcdé"))
            elif nullable and draw(st.integers(0, 5)) == 0:
                record[prop] = None
            elif draw(st.integers(0, 7)) == 0:
                continue  # absent: NULL
            else:
                record[prop] = draw(valid_value(kind))
        if draw(st.integers(0, 9)) == 0:
            record["not_in_schema"] = "ignored"
        line = emit({"type": "RECORD", "stream": stream.name, "record": record,
                     "time_extracted": "2024-05-01T00:00:00+00:00"})
        case.records.append((line, index, record))
    if draw(st.booleans()):
        marker = len(case.states) + 1
        case.states[marker] = emit({"type": "STATE", "value": {"marker": marker}})
    return case


def _emit_invalid(draw, case: Case, emit) -> None:
    if case.invalid_line is not None:
        return
    choice = draw(st.sampled_from(["value", "value", "value", "missing key", "null", "broken json",
                                   "undeclared stream", "unknown type", "schema without properties"]))
    stream = draw(st.sampled_from(case.streams))
    record = {p: None for p in stream.props if stream.props[p][1]}
    if stream.keyed:
        record["id"] = 0 if stream.props["id"][0] == "integer" else "a"
    if choice == "value":
        prop = draw(st.sampled_from(list(stream.props)))
        kind = stream.props[prop][0]
        bad = draw(st.sampled_from(INVALID_VALUES[kind]))
        if prop == "id" and kind == "string" and isinstance(bad, (int, float)) and not isinstance(bad, bool):
            bad = [bad]
        record[prop] = bad
        what = f"{kind} field {prop!r} = {bad!r}"
    elif choice == "missing key" and stream.keyed:
        del record["id"]
        what = "record without its key property"
    elif choice == "null" and any(not n for _, (k, n) in stream.props.items()):
        prop = next(p for p, (_, n) in stream.props.items() if not n)
        record[prop] = None
        what = f"null in non-nullable {prop!r}"
    elif choice == "broken json":
        case.invalid_line, case.invalid_what = emit(draw(st.sampled_from(BROKEN_LINES))), "broken JSON line"
        return
    elif choice == "undeclared stream":
        case.invalid_line = emit({"type": "RECORD", "stream": "never_declared", "record": {"a": 1}})
        case.invalid_what = "RECORD before its SCHEMA"
        return
    elif choice == "unknown type":
        case.invalid_line, case.invalid_what = emit({"type": "BOGUS", "stream": stream.name}), "unknown type"
        return
    elif choice == "schema without properties":
        case.invalid_line = emit({"type": "SCHEMA", "stream": "no_props", "schema": {"type": "object"},
                                  "key_properties": []})
        case.invalid_what = "SCHEMA without properties"
        return
    else:  # the chosen kind does not apply to this stream: a plainly wrong value instead
        prop = next(iter(stream.props))
        record[prop] = {"integer": "x", "string": 1}.get(stream.props[prop][0], "x") \
            if stream.props[prop][0] != "string" else 1
        what = f"wrong type in {prop!r}"
    case.invalid_line = emit({"type": "RECORD", "stream": stream.name, "record": record})
    case.invalid_what = what


# -- the oracle ------------------------------------------------------------------------------

def committed_prefix(case: Case) -> dict[int, int]:
    """Per stream: how many of its records must be committed when the target fails at the
    invalid line (the batches drained before it)."""
    pending, total, committed = Counter(), Counter(), Counter()
    for line, index, _ in case.records:
        if case.invalid_line is not None and line > case.invalid_line:
            break
        pending[index] += 1
        total[index] += 1
        if pending[index] >= case.batch_size:  # a full batch drains every stream
            committed = Counter(total)
            pending.clear()
    return committed


def expected_rows(case: Case, index: int, upto: int | None) -> Counter:
    stream = case.streams[index]
    records = [r for _, i, r in case.records if i == index][:upto]
    if stream.keyed:
        last = {}
        for record in records:
            last[_norm("id", stream.props["id"][0], record["id"])] = record
        records = list(last.values())
    return Counter(_row(stream, r) for r in records)


def _strip(value):
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, dict):
        return {_strip(k): _strip(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


def _norm(prop: str, kind: str, value):
    """One comparable, hashable form for a sent value and a loaded value."""
    if value is None:
        return None
    if kind == "integer":
        return int(value)
    if kind == "number":
        return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if kind == "string":
        return _strip(value)
    if kind == "date-time":
        parsed = value if isinstance(value, datetime) else datetime.fromisoformat(value)
        return parsed.astimezone(UTC)
    if kind == "date":
        return value if isinstance(value, date) else date.fromisoformat(value)
    if kind == "boolean":
        return bool(value)
    return json.dumps(_numbers(_strip(value)), sort_keys=True)


def _numbers(value):
    """JSON numbers compared by value (jsonb keeps 1e16 as 10000000000000000)."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        number = Decimal(repr(value) if isinstance(value, float) else value)
        return str(number.normalize()) if number else "0"  # numeric has no negative zero
    if isinstance(value, dict):
        return {k: _numbers(v) for k, v in value.items()}
    return [_numbers(v) for v in value]


def _row(stream: Stream, record: dict) -> tuple:
    return tuple(_norm(p, k, record.get(p)) for p, (k, _) in stream.props.items())


def loaded_rows(dsn: str, schema: str, stream: Stream) -> Counter | None:
    exists = query(dsn, "SELECT 1 FROM information_schema.tables WHERE table_schema = %s AND table_name = %s",
                   (schema, stream.name))
    if not exists:
        return None
    cols = ", ".join(f'"{p}"' for p in stream.props)
    rows = query(dsn, f'SELECT {cols} FROM "{schema}"."{stream.name}"')
    return Counter(tuple(_norm(p, k, v) for (p, (k, _)), v in zip(stream.props.items(), row)) for row in rows)


@pytest.fixture(scope="module")
def dsn(pg_server_dsn):
    dsn = create_database(pg_server_dsn, "rel_badinput")
    yield dsn
    drop_database(pg_server_dsn, dsn)


def test_bad_input_is_loaded_exactly_or_rejected_cleanly(dsn, ledger, tmp_path):
    counter = iter(range(1, 10**9))
    workdir = tmp_path

    @settings(max_examples=CASES, deadline=None, derandomize=not full_mode(), database=None,
              suppress_health_check=list(HealthCheck))
    @given(case=cases())
    def check(case: Case) -> None:
        n = next(counter)
        schema = f"case_{n}"
        ledger.count("bad input: property-based cases tried")
        with ledger.scenario("bad input (hypothesis)", f"case {n}: {case.invalid_what or 'valid'}") as record:
            config = {"sqlalchemy_url": dsn, "default_target_schema": schema, "batch_size_rows": case.batch_size}
            config_file = workdir / f"{schema}.json"
            config_file.write_text(json.dumps(config))
            done = subprocess.run([str(BIN / "target-warehouse"), "--config", str(config_file)],
                                  input=("\n".join(case.lines) + "\n").encode(), capture_output=True, check=False,
                                  timeout=120)
            stderr = done.stderr.decode(errors="replace")
            emitted = [json.loads(line)["marker"] for line in done.stdout.decode().splitlines() if line.strip()]
            record.note = f"{case.invalid_what or 'valid'}; exit {done.returncode}; {stderr[-300:]}"
            assert TRACEBACK not in stderr, f"bare traceback:\n{stderr[-3000:]}"
            if case.invalid_line is None:
                assert done.returncode == 0, f"valid input rejected:\n{stderr[-2000:]}\n{case.lines}"
                prefix = {i: None for i in range(len(case.streams))}
                ledger.count("bad input: cases loaded exactly")
            else:
                assert done.returncode != 0, f"invalid line {case.invalid_line} ({case.invalid_what}) accepted"
                failure = next((ln for ln in stderr.splitlines() if CLEAR_FAILURE in ln), "")
                assert f"input line {case.invalid_line}" in failure, (
                    f"error does not name input line {case.invalid_line} ({case.invalid_what}): {failure!r}\n"
                    f"{stderr[-1500:]}")
                prefix = committed_prefix(case)
                ledger.count("bad input: cases rejected cleanly")
            for index, stream in enumerate(case.streams):
                want = expected_rows(case, index, prefix.get(index, 0) if case.invalid_line else None)
                have = loaded_rows(dsn, schema, stream) or Counter()
                record.lost += sum((want - have).values())
                record.duplicated += sum((have - want).values())
                assert have == want, (f"stream {stream.name}: missing {list((want - have).elements())[:3]}, "
                                      f"unexpected {list((have - want).elements())[:3]} ({case.invalid_what})")
            for marker in emitted:  # a STATE passed on only after the records before it
                line = case.states[marker]
                for index in range(len(case.streams)):
                    before = sum(1 for ln, i, _ in case.records if i == index and ln < line)
                    done_upto = (prefix.get(index, 0) if case.invalid_line else
                                 sum(1 for _, i, _ in case.records if i == index))
                    assert before <= done_upto, f"STATE {marker} emitted before its records were committed"

    check()
