"""Identifier safety: hostile stream and property names load into correctly named tables
and columns, and nothing else in the database is touched.

Every property carries a value unique to it, so the suite finds where each one landed by
content, not by re-deriving the target's naming.  Names are checked against the promise
(issue 3: snake_case, lower-case, ≤ 63 bytes, deterministic) and, where the promise leaves
no doubt (reserved words, spaces, dots, quotes, camelCase, non-ASCII letters), exactly.
"""

from __future__ import annotations

import json
import re
import subprocess

from tests.harness.chaos import BIN, CLEAR_FAILURE, TRACEBACK
from tests.harness.pgcheck import query

SCHEMA = "hostile"
LONG_STREAM, LONG_PROP = "s" * 200, "p" * 200
#: stream name → expected table (None: only the general rules apply)
STREAMS = {
    "select": "select",
    'Robert"); DROP TABLE public.sentinel; --': "robert_drop_table_public_sentinel",
    "order details": "order_details",
    "my.dotted.stream": "my_dotted_stream",
    "Ünïcödé Straße 名前": "ünïcödé_straße_名前",
    "tab'le": "tab_le",
    "semi;colon--comment": "semi_colon_comment",
    "public-sentinel": None,  # SQL-tap style <schema>-<table>: must stay in the target schema
    LONG_STREAM: None,
}
PROPS = {
    "select": "select", "from": "from", "user": "user", "order": "order", "group": "group",
    "table": "table", "null": "null", "default": "default",
    'a"b': "a_b", "it's": "it_s", "x; DROP TABLE public.sentinel; --": "x_drop_table_public_sentinel",
    "--comment": "comment", "two words": "two_words", "dotted.name": "dotted_name",
    "Ünïcödé": "ünïcödé", "名前": "名前", "camelCase": "camel_case", "UPPER": "upper",
    "emoji🏠": None, "tab\there": None, "$dollar": None, LONG_PROP: None,
}


def _catalog(dsn: str) -> list[tuple]:
    """Every relation and column outside the system schemas, and the sentinels' contents."""
    relations = query(dsn, """
        SELECT n.nspname, c.relname, c.relkind, a.attname, format_type(a.atttypid, a.atttypmod)
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', %s)
          AND n.nspname NOT LIKE 'pg_toast%%' AND n.nspname NOT LIKE 'pg_temp%%'
        ORDER BY 1, 2, 4""", (SCHEMA,))
    contents = query(dsn, "SELECT 'sentinel', md5(string_agg(t::text, ',' ORDER BY t::text)) FROM public.sentinel t "
                          "UNION ALL SELECT 'victim.t', md5(string_agg(t::text, ',' ORDER BY t::text)) FROM victim.t t")
    roles = query(dsn, "SELECT 'role', string_agg(rolname, ',' ORDER BY rolname) FROM pg_roles")
    return [*relations, *contents, *roles]


def _messages() -> list[dict]:
    messages = []
    for s, stream in enumerate(STREAMS):
        props = {"id": {"type": "integer"}, **{p: {"type": ["string", "null"]} for p in PROPS}}
        messages.append({"type": "SCHEMA", "stream": stream, "key_properties": ["id"],
                         "schema": {"type": "object", "properties": props}})
        for r in range(2):
            messages.append({"type": "RECORD", "stream": stream,
                             "record": {"id": r, **{p: f"v{s}.{i}.{r}" for i, p in enumerate(PROPS)}}})
    messages.append({"type": "STATE", "value": {"done": True}})
    return messages


def _load(dsn: str, tmp_path) -> subprocess.CompletedProcess:
    config = tmp_path / "target.json"
    config.write_text(json.dumps({"sqlalchemy_url": dsn, "default_target_schema": SCHEMA}))
    lines = "".join(json.dumps(m, ensure_ascii=False) + "\n" for m in _messages())
    return subprocess.run([str(BIN / "target-warehouse"), "--config", str(config)], input=lines.encode(),
                          capture_output=True, check=False, timeout=300)


def _where_things_landed(dsn: str) -> dict[str, tuple[str, dict[str, str]]]:
    """stream → (table, {property → column}), found by the unique values."""
    landed = {}
    tables = [t for (t,) in query(dsn, "SELECT table_name FROM information_schema.tables WHERE table_schema = %s",
                                  (SCHEMA,))]
    for table in tables:
        row = query(dsn, f'SELECT row_to_json(t)::text FROM "{SCHEMA}"."{table}" t WHERE id = 0')
        values = {v: c for c, v in json.loads(row[0][0]).items() if isinstance(v, str)}
        s = int(next(iter(values)).split(".")[0][1:])
        stream = list(STREAMS)[s]
        landed[stream] = (table, {p: values.get(f"v{s}.{i}.0") for i, p in enumerate(PROPS)})
    return landed


def _well_formed(name: str) -> bool:
    return (len(name.encode()) <= 63 and name == name.lower() and not re.search(r"[\s\"';.\-]", name)
            and bool(name))


def test_hostile_names_land_in_correctly_named_tables_and_touch_nothing_else(warehouse_dsn, ledger, tmp_path):
    dsn = warehouse_dsn
    query(dsn, "CREATE TABLE public.sentinel (id int PRIMARY KEY, note text); "
               "INSERT INTO public.sentinel VALUES (1, 'must survive'), (2, 'me too'); "
               "CREATE SCHEMA victim; CREATE TABLE victim.t (x int); INSERT INTO victim.t VALUES (42); "
               "CREATE TABLE public.\"select\" (untouched int); SELECT 1")
    before = _catalog(dsn)
    with ledger.scenario("identifier safety", f"{len(STREAMS)} hostile streams × {len(PROPS)} hostile properties") as rec:
        done = _load(dsn, tmp_path)
        stderr = done.stderr.decode(errors="replace")
        assert done.returncode == 0, f"the load failed:\n{stderr[-3000:]}"
        assert TRACEBACK not in stderr and CLEAR_FAILURE not in stderr
        assert _catalog(dsn) == before, "something outside the target schema changed"

        landed = _where_things_landed(dsn)
        rec.lost = 2 * (len(STREAMS) - len(landed))
        assert set(landed) == set(STREAMS), f"streams without a table: {set(STREAMS) - set(landed)}"
        tables = [t for t, _ in landed.values()]
        assert len(set(tables)) == len(tables), f"two streams share a table: {tables}"
        for stream, (table, columns) in landed.items():
            assert _well_formed(table), f"stream {stream!r} → table {table!r}"
            if STREAMS[stream] is not None:
                assert table == STREAMS[stream], f"stream {stream!r} → table {table!r}"
            rows = query(dsn, f'SELECT count(*) FROM "{SCHEMA}"."{table}"')[0][0]
            rec.lost += max(0, 2 - rows)
            rec.duplicated += max(0, rows - 2)
            assert rows == 2
            missing = [p for p, c in columns.items() if c is None]
            assert not missing, f"stream {stream!r}: properties not loaded {missing}"
            assert len(set(columns.values())) == len(columns), "two properties share a column"
            for prop, column in columns.items():
                assert _well_formed(column), f"property {prop!r} → column {column!r}"
                if PROPS[prop] is not None:
                    assert column == PROPS[prop], f"property {prop!r} → column {column!r}"
        long_table = landed[LONG_STREAM][0]
        long_column = landed["select"][1][LONG_PROP]
        assert len(long_table.encode()) <= 63 and long_table.startswith("s" * 40)
        assert len(long_column.encode()) <= 63 and long_column.startswith("p" * 40)
        assert landed["public-sentinel"][0] == "sentinel"  # in the target schema, not public

        # Deterministic: the same load again changes no name and adds no row.
        again = _load(dsn, tmp_path)
        assert again.returncode == 0, again.stderr.decode(errors="replace")[-3000:]
        assert _where_things_landed(dsn) == landed
        assert _catalog(dsn) == before
        for table in tables:
            assert query(dsn, f'SELECT count(*) FROM "{SCHEMA}"."{table}"')[0][0] == 2
