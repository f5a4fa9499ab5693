"""Arrivy streams: every list in full on every run (no modification filter exists), and each
task's status history for the tasks that changed (history.py)."""

from __future__ import annotations

import typing as t

import requests

from tap_arrivy import schemas
from tap_arrivy.client import ArrivyStream, items_per_page
from tap_arrivy.history import ChangedTaskHistories, ListsTaskHistories

#: ``from`` when no ``start_date`` is set: before Arrivy existed, so every task is listed.
EARLIEST = "2000-01-01T00:00:00+00:00"


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
    name = "bookings"
    path = "/bookings"
    primary_keys = ("id",)
    schema = schemas.BOOKINGS


class StatusesStream(ArrivyStream):
    """The account's status definitions: one answer with every row (not paged)."""

    name = "statuses"
    path = "/statuses"
    primary_keys = ("id",)
    schema = schemas.STATUSES
    paging = None


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
        if "from" in listing:
            return {"from": self.config.get("start_date") or EARLIEST}
        return listing


class TaskStatusesStream(ChangedTaskHistories, ArrivyStream):
    """A task's status history, oldest first; ``task_id`` comes from the request path."""

    name = "task_statuses"
    path = "/tasks/{task_id}/status"
    parent_stream_type = TasksStream
    primary_keys = ("task_id", "id")
    schema = schemas.TASK_STATUSES
    context_fields = ("task_id",)

    def validate_response(self, response: requests.Response) -> None:
        # The task was deleted after it was listed: no history, not a failure.
        if response.status_code != 404:
            super().validate_response(response)

    def parse_response(self, response: requests.Response) -> t.Iterable[dict]:
        return () if response.status_code == 404 else super().parse_response(response)


STREAMS = (EntitiesStream, GroupsStream, BookingsStream, TasksStream, TaskStatusesStream, StatusesStream)
