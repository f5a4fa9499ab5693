"""Planner statistics for the tables we load: ANALYZE at the end of a load that changed enough.

Autovacuum analyzes a table after about 10 % of it changed, but only on one of its later
rounds, and a table created in this run has no statistics at all until then: dbt running
right after the load would plan its joins on guesses.  So the target counts, per table, the
rows its merges and ACTIVATE_VERSION change, and when the input ends it analyzes every table
whose changes exceed ``STALE_FRACTION`` of its estimated size (``pg_class.reltuples``; a table
never analyzed, i.e. loaded for the first time, always qualifies).

Once per table and run, at the end, because an ANALYZE costs about as much as merging 10,000
rows (it samples up to 30,000 rows) and only the final statistics reach dbt; a long load is
covered meanwhile by autovacuum.  A stream's last batch is analyzed in its commit thread right
after the commit, so tables are analyzed in parallel with the other streams' last merges.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import typing as t

import psycopg2

STALE_FRACTION = 0.1  # autovacuum_analyze_scale_factor's default

_ESTIMATE_SQL = "SELECT reltuples FROM pg_class WHERE oid = %s::regclass"


class TableStatistics:
    """The changes made to one table since its last ANALYZE (shared by its sinks)."""

    def __init__(self, target: str, logger: logging.Logger) -> None:
        self.target = target  # qualified, quoted table name
        self.logger = logger
        self.changed = 0
        self._lock = threading.Lock()

    def count(self, changed: int) -> None:
        with self._lock:
            self.changed += changed

    def refresh(self, conn: t.Any) -> None:
        """ANALYZE the table if its statistics are stale; ``conn`` is idle and left idle.

        A failed ANALYZE only costs plan quality, never the load: it is logged, and the
        changes stay counted.
        """
        with self._lock:
            if not self.changed:
                return
            try:
                with conn.cursor() as cur:
                    cur.execute(_ESTIMATE_SQL, (self.target,))
                    row = cur.fetchone()
                    # -1: never analyzed nor vacuumed (PostgreSQL 14+; earlier versions say 0)
                    estimate = row[0] if row else -1
                    stale = estimate < 0 or self.changed > STALE_FRACTION * estimate
                    if stale:
                        cur.execute(f"ANALYZE {self.target}")
                conn.commit()
            except psycopg2.Error as exc:
                with contextlib.suppress(psycopg2.Error):  # a broken connection: the pool drops it
                    conn.rollback()
                self.logger.warning("ANALYZE %s failed (its statistics stay stale): %s", self.target,
                                    (exc.diag.message_primary or str(exc)).strip())
                return
            if stale:
                self.logger.info("Analyzed %s: %d rows changed, ~%d before", self.target,
                                 self.changed, max(estimate, 0))
            self.changed = 0  # below the threshold: autovacuum's business, like other writers'
