"""The SQL of one batch: staging table, COPY, merge, and retiring old table versions.

Metadata that is the same for many rows is not staged as timestamps (parsing them per row
would cost as much as the record's own columns): ``_sdc_extracted_at`` and
``_sdc_received_at`` travel as epoch microseconds, ``_sdc_batched_at`` is a literal.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass

from target_warehouse.identifiers import quote_ident as q

STAGE = "tw_stage"
LINE_COLUMN = "_tw_input_line"  # orders rows with the same key: the last one wins
EXTRACTED_US, RECEIVED_US = "_tw_extracted_us", "_tw_received_us"
BATCHED_AT = "\x00batched_at\x00"  # placeholder; NUL cannot occur in SQL identifiers


@dataclass(frozen=True)
class Statements:
    target: str  # qualified, quoted table name
    create_stage: str
    copy: str
    insert: str
    insert_dedup: str | None  # keyed streams: keep only the last row per key
    on_conflict: str | None  # keyed streams: update existing rows
    key_list: str | None
    deleted_column: bool

    @classmethod
    def build(cls, target: str, table: dict[str, str], record_columns: list[str],
              keys: list[str], *, metadata: bool) -> Statements:
        """``table``: every column of the target (name -> type) after DDL."""
        staged = {c: table[c] for c in record_columns}
        exprs = {c: q(c) for c in record_columns}  # target column -> expression on stage
        if metadata:
            staged.update({EXTRACTED_US: "bigint", RECEIVED_US: "bigint",
                           "_sdc_table_version": "bigint"})
            exprs.update({
                "_sdc_extracted_at": f"to_timestamp({q(EXTRACTED_US)}::float8 / 1000000)",
                "_sdc_received_at": f"to_timestamp({q(RECEIVED_US)}::float8 / 1000000)",
                "_sdc_batched_at": BATCHED_AT,
                "_sdc_sequence": f"{q(RECEIVED_US)} / 1000",
                "_sdc_table_version": q("_sdc_table_version"),
            })
        defs = ", ".join(f"{q(c)} {sql}" for c, sql in staged.items())
        names, select = ", ".join(map(q, exprs)), ", ".join(exprs.values())
        insert = f"INSERT INTO {target} ({names}) SELECT {select} FROM {STAGE}"
        dedup = conflict = key_list = None
        if keys:
            key_list = ", ".join(map(q, keys))
            dedup = (f"INSERT INTO {target} ({names}) SELECT DISTINCT ON ({key_list}) {select} "
                     f"FROM {STAGE} ORDER BY {key_list}, {q(LINE_COLUMN)} DESC")
            updates = [f"{q(c)} = EXCLUDED.{q(c)}" for c in exprs if c not in keys]
            # a column whose property left the schema: NULL from then on, like a missing value
            updates += [f"{q(c)} = NULL" for c in table if c not in exprs and c not in keys]
            conflict = (f" ON CONFLICT ({key_list}) "
                        + (f"DO UPDATE SET {', '.join(updates)}" if updates else "DO NOTHING"))
        return cls(
            target=target,
            create_stage=f"CREATE TEMP TABLE {STAGE} ({q(LINE_COLUMN)} bigint, {defs}) ON COMMIT DROP",
            copy=f"COPY {STAGE} FROM STDIN",
            insert=insert, insert_dedup=dedup, on_conflict=conflict, key_list=key_list,
            deleted_column=metadata and "_sdc_deleted_at" in table,
        )

    def merge(self, cur: t.Any, *, dup: bool, deleted: bool, hard_delete: bool,
              batched_at: str) -> int:
        """Move the staged rows into the target table (inside the batch's transaction).

        Returns the number of rows inserted, updated or deleted (for ``analyze``).
        """
        batched = f"'{batched_at}'::timestamptz"  # an isoformat() string: safe as a literal
        # One merge into a table at a time (another loader of the same job waits): no
        # deadlocks between upserts, and "empty" below stays true until we commit.
        cur.execute(f"LOCK TABLE {self.target} IN SHARE ROW EXCLUSIVE MODE")
        if self.key_list is None:
            cur.execute(self.insert.replace(BATCHED_AT, batched))
            return cur.rowcount
        cur.execute(f"SELECT NOT EXISTS (SELECT 1 FROM {self.target})")
        empty = cur.fetchone()[0]  # nothing to conflict with: a plain INSERT is cheaper
        statement = self.insert_dedup if dup else self.insert
        if not empty:
            statement += self.on_conflict
        cur.execute(statement.replace(BATCHED_AT, batched))
        changed = cur.rowcount
        if deleted and hard_delete and self.deleted_column:
            cur.execute(f"DELETE FROM {self.target} WHERE _sdc_deleted_at IS NOT NULL "
                        f"AND ({self.key_list}) IN (SELECT {self.key_list} FROM {STAGE})")
            changed += cur.rowcount
        return changed

    def retire(self, version: int, *, hard_delete: bool) -> str:
        """ACTIVATE_VERSION: rows of older table versions are (soft-)deleted."""
        lock = f"LOCK TABLE {self.target} IN SHARE ROW EXCLUSIVE MODE; "
        if hard_delete:
            return lock + f"DELETE FROM {self.target} WHERE _sdc_table_version < {int(version)}"
        return lock + (f"UPDATE {self.target} SET _sdc_deleted_at = now() "
                       f"WHERE _sdc_table_version < {int(version)} AND _sdc_deleted_at IS NULL")
