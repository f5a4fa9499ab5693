"""Arrivy streams: every list in full on every run (no modification filter exists), and each
task's status history for the tasks that changed (history.py)."""

from __future__ import annotations

import hashlib
import typing as t

from tap_arrivy import schemas
from tap_common.coerce import to_instant
from tap_arrivy.client import ArrivyStream, items_per_page
from tap_arrivy.history import ChangedTaskHistories, ListsTaskHistories

if t.TYPE_CHECKING:
    from singer_sdk.helpers.types import Context

#: ``from`` when no ``start_date`` is set: before Arrivy existed, so every task is listed.
EARLIEST = "2000-01-01T00:00:00Z"


def surrogate_id(status: dict) -> int:
    """A stable key for a status sent without ``id``: negative (Arrivy's ids are positive), from
    what identifies a report (type, time, reporter)."""
    text = "|".join(str(status.get(k)) for k in ("type", "time", "reporter_id", "reporter_name", "title"))
    return -(int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big") >> 1)


class EntitiesStream(ArrivyStream):
    name = "entities"
    path = "/entities"
    primary_keys = ("id",)
    schema = schemas.ENTITIES


class GroupsStream(ArrivyStream):
    name = "groups"
    path = "/groups"
    primary_keys = ("id",)
    schema = schemas.GROUPS


class BookingsStream(ArrivyStream):
    """Not in Arrivy's public pages (the predecessor read it)."""

    name = "bookings"
    path = "/bookings"
    primary_keys = ("id",)
    schema = schemas.BOOKINGS
    on_404 = "absent"


class StatusesStream(ArrivyStream):
    """The account's status definitions: one answer with every row (not paged; not in Arrivy's
    public pages: the predecessor read it)."""

    name = "statuses"
    path = "/statuses"
    primary_keys = ("id",)
    schema = schemas.STATUSES
    paging = None
    on_404 = "absent"


class TasksStream(ListsTaskHistories, ArrivyStream):
    """Every task: ``from`` selects by *schedule*, so the calendar since ``start_date`` and then
    the unscheduled tasks, which Arrivy lists only with ``unscheduled=true``."""

    name = "tasks"
    path = "/tasks"
    primary_keys = ("id",)
    schema = schemas.TASKS
    paging = items_per_page(500)
    listings: t.ClassVar[tuple[dict[str, str], ...]] = ({"from": ""}, {"unscheduled": "true"})

    def listing_params(self, listing: dict[str, str]) -> dict[str, str]:
        if "from" in listing:  # the documented form, YYYY-MM-DDTHH:mm:ssZZ
            start = to_instant(self.config.get("start_date") or EARLIEST)
            return {"from": start.isoformat(timespec="seconds")}
        return listing


class TaskStatusesStream(ChangedTaskHistories, ArrivyStream):
    """A task's status history, oldest first; ``task_id`` comes from the request path."""

    name = "task_statuses"
    path = "/tasks/{task_id}/status"
    parent_stream_type = TasksStream
    primary_keys = ("task_id", "id")
    schema = schemas.TASK_STATUSES
    context_fields = ("task_id",)
    on_404 = "gone"  # the task was deleted after it was listed: no history, not a failure

    def post_process(self, row: dict, context: Context | None = None) -> dict | None:
        if row.get("id") is None:  # the Swagger list schema omits it (the Markdown pages show it)
            row["id"] = surrogate_id(row)
        return super().post_process(row, context)


STREAMS = (EntitiesStream, GroupsStream, BookingsStream, TasksStream, TaskStatusesStream, StatusesStream)
