"""Change a slice of a seeded Genius database the way a working day does.

``mutate(url, fraction, seed)`` touches about ``fraction`` of the rows of every table that
has ``updated_at``:

* **updates** — a text column gets an edit mark and ``updated_at`` moves to the mutation's
  instant.  The big tables (lead, prospect, appointment, …) are changed by one bulk
  statement each, so all their updated rows share one ``updated_at`` second;
* **inserts** — copies of existing rows under new ids, stamped with the mutation's instant;
* **deletes** — a few rows of the incremental tables (invisible to any ``updated_at`` delta,
  as in Genius) and one row of a lookup table (``job_change_order_reason``), which a
  FULL_TABLE sync with ACTIVATE_VERSION must mark deleted.

The instant is one day after the newest ``updated_at`` already present, so successive
mutations move forward and the result depends only on the database and the seed.
"""

from __future__ import annotations

import logging
import random
from datetime import datetime, timedelta

import sqlalchemy as sa

from . import schema as g
from .seed import create_engine

log = logging.getLogger(__name__)

#: Tables whose updates arrive as one bulk statement: every updated row shares one second.
BULK_TABLES = frozenset({"lead", "prospect", "appointment", "prospect_source", "appointment_to_service"})
EDITABLE = ("notes", "description", "label", "field_value", "source_name", "first_name", "signer_name")
LOOKUP_DELETE = g.job_change_order_reason


def _instant(conn: sa.Connection) -> datetime:
    stamps = [conn.scalar(sa.select(sa.func.max(t.c.updated_at))) for t in g.TABLES if "updated_at" in t.c]
    newest = max((s if isinstance(s, datetime) else datetime.fromisoformat(s) for s in stamps if s),
                 default=datetime(2026, 1, 1))
    return (newest + timedelta(days=1)).replace(microsecond=0)


def _keys(conn: sa.Connection, table: sa.Table) -> list[tuple]:
    pk = list(table.primary_key.columns)
    return [tuple(r) for r in conn.execute(sa.select(*pk).order_by(*pk))]


def _where(table: sa.Table, keys: list[tuple]) -> sa.ColumnElement[bool]:
    pk = list(table.primary_key.columns)
    if len(pk) == 1:
        return pk[0].in_([k[0] for k in keys])
    return sa.tuple_(*pk).in_(keys)


def mutate(url: str, fraction: float = 0.01, seed: int = 42) -> dict[str, dict[str, int]]:
    """Apply one round of inserts, updates and deletes; return counts per table."""
    engine = create_engine(url)
    report: dict[str, dict[str, int]] = {}
    with engine.begin() as conn:
        now = _instant(conn)
        rng = random.Random(f"{seed}:genius-mutate:{now.isoformat()}")
        for table in g.TABLES:
            if "updated_at" not in table.c or table.name.startswith("third_party"):
                continue
            keys = _keys(conn, table)
            n = max(1, round(len(keys) * fraction)) if keys else 0
            if n == 0:
                continue
            chosen = rng.sample(keys, min(len(keys), 2 * n + 2))
            updated, deleted = chosen[:n], chosen[n:n + (1 if len(keys) > 50 else 0)]
            report[table.name] = {"updated": _update(conn, table, updated, now, rng),
                                  "inserted": _insert(conn, table, chosen[-n:], now) if len(table.primary_key) == 1 else 0,
                                  "deleted": conn.execute(table.delete().where(_where(table, deleted))).rowcount
                                  if deleted else 0}
        victim = conn.scalar(sa.select(sa.func.max(LOOKUP_DELETE.c.id)))
        if victim is not None:
            conn.execute(LOOKUP_DELETE.delete().where(LOOKUP_DELETE.c.id == victim))
            report[LOOKUP_DELETE.name] = {"updated": 0, "inserted": 0, "deleted": 1}
    engine.dispose()
    log.info("mutated Genius at %s (instant %s): %s", engine.url.render_as_string(hide_password=True), now, report)
    return report


def _update(conn: sa.Connection, table: sa.Table, keys: list[tuple], now: datetime, rng: random.Random) -> int:
    column = next((table.c[c] for c in EDITABLE if c in table.c), None)
    values: dict = {"updated_at": now}
    if column is not None:
        values[column.name] = sa.func.coalesce(column, "") + " ✎"
    if table.name in BULK_TABLES:  # one statement, one second
        return conn.execute(table.update().where(_where(table, keys)).values(**values)).rowcount
    for key in keys:  # one by one over the next hour
        values["updated_at"] = now + timedelta(seconds=rng.randrange(3600))
        conn.execute(table.update().where(_where(table, [key])).values(**values))
    return len(keys)


def _insert(conn: sa.Connection, table: sa.Table, templates: list[tuple], now: datetime) -> int:
    (pk,) = table.primary_key.columns
    if not isinstance(pk.type, sa.Integer):
        return 0
    next_id = conn.scalar(sa.select(sa.func.max(pk))) + 1
    rows = [dict(r._mapping) for r in conn.execute(sa.select(table).where(_where(table, templates)))]
    for i, row in enumerate(rows):
        row[pk.name] = next_id + i
        for stamp in ("updated_at", "created_at", "add_date", "added_on"):
            if stamp in row:
                row[stamp] = now
    if rows:
        conn.execute(table.insert(), rows)
    return len(rows)
