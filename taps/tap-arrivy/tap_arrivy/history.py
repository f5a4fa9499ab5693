"""Which tasks' status histories a run re-reads (README, "Delta guarantee").

Arrivy documents no modification filter, and a task's history costs a request of its own, so
reading every history on every run does not scale. Tasks are listed in full every run anyway;
a delta re-reads the histories of the tasks listed with an ``updated`` at or after the bookmark
(the largest ``updated`` the last complete run listed; inclusive), and of every task without
``updated``. Every ``status_full_pass_days`` — and on a first run or a full refresh — it reads
every history, and only then does task_statuses send ACTIVATE_VERSION (a delta run has not
re-sent the histories it skipped, so it must retire nothing).

The bookmark lives in task_statuses' own state: ``updated_through`` and ``full_pass_period``.
Both move only when the listing and every history it asked for are done, so a failed run
re-reads everything it might have missed.
"""

from __future__ import annotations

import typing as t
from datetime import datetime, timezone

if t.TYPE_CHECKING:
    from singer_sdk.helpers.types import Context

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


class ChangedTaskHistories:
    """Mixin for the history stream (a child of the task list)."""

    #: One bookmark for all tasks' histories, not one state partition per task.
    state_partitioning_keys: t.ClassVar[list[str]] = []
    full_pass = True

    def plan(self) -> None:
        """Before the tasks are listed: a full pass, or only the tasks changed since the bookmark?

        Full passes fall on the first run of every ``status_full_pass_days``-day period (counted
        in whole days since 1970-01-01 UTC), so two runs in one period plan alike (the same
        input gives the same state) and full passes are at most a period and a run apart."""
        state, days = self.stream_state, int(self.config["status_full_pass_days"])
        self.since = state.get("updated_through")
        self.period = (datetime.now(timezone.utc) - EPOCH).days // days if days > 0 else None
        self.full_pass = self.since is None or self.period is None or state.get("full_pass_period") != self.period
        self.newest = self.since
        self.logger.info("task_statuses: %s", "full pass over every task's history" if self.full_pass
                         else f"histories of tasks updated at or after {self.since}")

    def wants(self, task: dict) -> bool:
        """Whether this run reads the task's history (``task`` as coerced: ``updated`` in UTC)."""
        updated = task.get("updated")
        if updated is None:
            return True  # nothing says it is unchanged
        self.newest = max(self.newest or updated, updated)
        return self.full_pass or updated >= self.since

    def finish(self) -> None:
        """After the listing and every history it asked for: move the bookmark."""
        if self.newest is not None:
            self.stream_state["updated_through"] = self.newest
        if self.full_pass and self.period is not None:
            self.stream_state["full_pass_period"] = self.period

    def emit_deferred_activate_version(self) -> None:
        # Records always carry this run's version (so a later full pass can retire them); only
        # a run that re-read every history may retire the rows it did not send.
        if self.full_pass:
            super().emit_deferred_activate_version()  # type: ignore[misc]


class ListsTaskHistories:
    """Mixin for the task list: asks its history stream which children to sync, and when."""

    def _histories(self) -> ChangedTaskHistories | None:
        return next((s for s in self.child_streams  # type: ignore[attr-defined]
                     if isinstance(s, ChangedTaskHistories) and (s.selected or s.has_selected_descendents)), None)

    def get_records(self, context: Context | None) -> t.Iterable[dict]:
        histories = self._histories()
        if histories:
            histories.plan()
        yield from super().get_records(context)  # type: ignore[misc]
        if histories:  # reached only when every task and every history it asked for is done
            histories.finish()

    def generate_child_contexts(self, record: dict, context: Context | None) -> t.Iterable[Context | None]:
        histories = self._histories()
        if histories and histories.wants(record):
            yield {"task_id": record["id"]}
