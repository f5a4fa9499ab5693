"""A seeded Genius MariaDB database as the source of the crash, concurrency and scale runs.

Truth comes from the source database itself (SQL on the base tables), never from the tap's
output: per stream the set of (primary key, replication-key instant) pairs, or the key set
for FULL_TABLE streams.
"""

from __future__ import annotations

import bisect
import copy
import json
import subprocess
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

from tests.harness.chaos import BIN, write_json
from tests.harness.pgcheck import query

#: Incremental streams (on ``updated_at`` or a fallback), composite keys, joins, FULL_TABLE lookups.
CRASH_STREAMS = ("prospects", "prospect_sources", "leads", "appointments", "appointment_services", "quotes",
                 "jobs", "job_change_orders", "job_change_order_items", "integration_fields",
                 "job_statuses", "appointment_types", "job_change_order_reasons")
#: Replication keys that are not a column (issue 4, source-catalog §1): the first non-NULL of these.
FALLBACKS = {"leads": ("updated_at", "added_on"), "prospect_sources": ("updated_at", "add_date"),
             "marketing_source_types": ("updated_at", "created_at")}
SCHEMA = "genius"
GENIUS_SCALE = 0.3  # the shared source (conftest ``genius_db``): ~4,000 rows in CRASH_STREAMS
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class StreamFacts:
    name: str
    table: str
    keys: tuple[str, ...]
    replication_key: str | None  # None: FULL_TABLE


def create_mysql_database(server_url: str, prefix: str = "rel_genius") -> str:
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    engine = sa.create_engine(server_url)
    with engine.begin() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
    engine.dispose()
    return sa.make_url(server_url).set(database=name).render_as_string(hide_password=False)


def drop_mysql_database(url: str) -> None:
    parsed = sa.make_url(url)
    engine = sa.create_engine(parsed.set(database=""))
    with engine.begin() as conn:
        conn.exec_driver_sql(f"DROP DATABASE IF EXISTS `{parsed.database}`")
    engine.dispose()


def discover(tap_config: dict, workdir: Path) -> dict:
    config = write_json(workdir, "discover-config.json", tap_config)
    done = subprocess.run([str(BIN / "tap-genius"), "--config", config, "--discover"],
                          capture_output=True, check=False, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


def _aware(value: datetime | None) -> datetime:
    if value is None:
        return EPOCH  # the tap reads NULL replication values first, as the oldest
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


class GeniusSource:
    """One seeded database; ``tap_config`` reads it, ``catalog`` selects ``streams``."""

    def __init__(self, url: str, streams: tuple[str, ...] = CRASH_STREAMS, page_size: int = 200) -> None:
        self.url = url
        self.engine = sa.create_engine(url)
        self.tap_config = {"sqlalchemy_url": url, "page_size": page_size, "source_timezone": "UTC"}
        self.streams = streams
        self.catalog: dict = {}
        self.facts: dict[str, StreamFacts] = {}

    def seed(self, scale: float, seed: int = 42) -> None:
        from crm_sandbox.genius.seed import seed as seed_genius

        seed_genius(self.url, scale=scale, seed=seed)

    def discover(self, workdir: Path, raw: dict | None = None) -> dict:
        """Select ``streams`` in the tap's discovered catalog (``raw``: one discovered before)."""
        catalog = copy.deepcopy(raw) if raw is not None else discover(self.tap_config, workdir)
        for entry in catalog["streams"]:
            selected = entry["tap_stream_id"] in self.streams
            for meta in entry["metadata"]:
                if meta["breadcrumb"] == []:
                    meta["metadata"]["selected"] = selected
            if selected:
                self.facts[entry["tap_stream_id"]] = StreamFacts(
                    entry["tap_stream_id"], entry.get("table_name") or entry["stream"],
                    tuple(entry["key_properties"]), entry.get("replication_key"))
        missing = set(self.streams) - set(self.facts)
        assert not missing, f"tap-genius did not discover {sorted(missing)}"
        self.catalog = catalog
        return catalog

    def estimated_lines(self) -> int:
        """About how many lines a full sync of the selected streams writes."""
        return sum(map(len, self.truth().values())) + 4 * len(self.facts)

    # -- truth -----------------------------------------------------------------------------

    def truth(self) -> dict[str, dict[tuple, datetime | None]]:
        """Per stream: {key: replication instant} (None for FULL_TABLE streams)."""
        result = {}
        with self.engine.connect() as conn:
            for f in self.facts.values():
                cols = ", ".join(f"`{k}`" for k in f.keys)
                rk = ""
                if f.replication_key:
                    parts = FALLBACKS.get(f.name, (f.replication_key,))
                    rk = f", COALESCE({', '.join(f'`{p}`' for p in parts)})"
                rows = conn.exec_driver_sql(f"SELECT {cols}{rk} FROM `{f.table}`").all()
                n = len(f.keys)
                result[f.name] = {tuple(r[:n]): (_aware(r[n]) if f.replication_key else None) for r in rows}
        return result

    def warehouse(self, dsn: str) -> dict[str, dict[tuple, datetime | None]]:
        """The same view of the warehouse's live (not deleted) rows."""
        tables = {t for (t,) in query(dsn, "SELECT table_name FROM information_schema.tables "
                                           "WHERE table_schema = %s", (SCHEMA,))}
        result = {}
        for f in self.facts.values():
            if f.name not in tables:
                result[f.name] = {}
                continue
            cols = ", ".join(f'"{k}"' for k in f.keys)
            rk = f', "{f.replication_key}"' if f.replication_key else ""
            rows = query(dsn, f'SELECT {cols}{rk} FROM "{SCHEMA}"."{f.name}" WHERE _sdc_deleted_at IS NULL')
            n = len(f.keys)
            result[f.name] = {tuple(r[:n]): (_aware(r[n]) if f.replication_key else None) for r in rows}
        return result

    def duplicates(self, dsn: str, streams: tuple[str, ...] | None = None) -> int:
        """Rows beyond one per key (impossible while the primary key constraint exists)."""
        extra = 0
        for f in self.facts.values():
            if streams is not None and f.name not in streams:
                continue
            cols = ", ".join(f'"{k}"' for k in f.keys)
            extra += query(dsn, f'SELECT count(*) - count(DISTINCT ({cols})) FROM "{SCHEMA}"."{f.name}"')[0][0]
        return extra

    def state_checker(self, dsn: str, truth: dict[str, dict[tuple, datetime | None]]):
        """``on_state`` for run_chaos: every source row at or before a STATE's bookmark must be
        committed (same key, same replication instant) when the STATE is emitted."""
        ordered = {s: sorted((v, k) for k, v in rows.items()) for s, rows in truth.items()
                   if self.facts[s].replication_key}

        def check(state: dict) -> str | None:
            problems = []
            for stream, mark in (state.get("bookmarks") or {}).items():
                value = (mark or {}).get("replication_key_value")
                if stream not in ordered or value is None:
                    continue
                bookmark = datetime.fromisoformat(str(value))  # Python 3.11 reads a trailing Z
                bookmark = _aware(bookmark)
                rows = ordered[stream]
                due = rows[:bisect.bisect_right(rows, (bookmark, (float("inf"),)))]
                if not due:
                    continue
                f = self.facts[stream]
                cols = ", ".join(f'"{k}"' for k in f.keys)
                try:
                    committed = query(dsn, f'SELECT {cols}, "{f.replication_key}" FROM "{SCHEMA}"."{stream}" '
                                           f'WHERE "{f.replication_key}" <= %s OR "{f.replication_key}" IS NULL',
                                      (bookmark,), retry_for=90)
                except Exception as exc:  # noqa: BLE001 - a missing table is a finding too
                    problems.append(f"{stream}: bookmark {value} emitted but the table is unreadable: {exc}")
                    continue
                have = {(_aware(r[-1]), tuple(r[:-1])) for r in committed}
                missing = [k for k in due if k not in have]
                if missing:
                    problems.append(f"{stream}: bookmark {value} emitted with {len(missing)} of {len(due)} "
                                    f"rows at or before it not committed (e.g. {missing[0]})")
            return "; ".join(problems) or None

        return check

    # -- change ----------------------------------------------------------------------------

    def bump(self, tables: tuple[str, ...] = ("appointment", "quote", "job"), modulo: int = 9,
             remainder: int = 0) -> int:
        """Update a slice of rows the way users do: a new ``updated_at`` after every other."""
        changed = 0
        with self.engine.begin() as conn:
            newest = max(conn.exec_driver_sql(f"SELECT max(updated_at) FROM `{t}`").scalar() for t in tables)
            at = newest + timedelta(minutes=1)
            for table in tables:
                changed += conn.exec_driver_sql(
                    f"UPDATE `{table}` SET updated_at = %s WHERE id %% {modulo} = {remainder}", (at,)).rowcount
        return changed
