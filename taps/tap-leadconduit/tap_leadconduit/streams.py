"""tap-leadconduit's one stream: every event, incremental on its id."""

from __future__ import annotations

import typing as t

from tap_leadconduit import schemas
from tap_leadconduit.client import LeadConduitStream

if t.TYPE_CHECKING:
    from singer_sdk.helpers.types import Context


class EventsStream(LeadConduitStream):
    """``GET /events``: every event since ``start_date``, oldest first, keyed and bookmarked on
    ``id`` (BSON ObjectIds grow with creation time).

    First sync / full refresh: ``start=<start_date>``; delta: ``after_id=<bookmark>``, which is
    exclusive — events never change, so the last loaded one need not be read again.  Sorted: an
    id going backwards fails the run instead of moving the bookmark past unread events.
    """

    name = "events"
    path = "/events"
    primary_keys = ("id",)
    replication_key = "id"
    is_sorted = True
    schema = schemas.EVENTS
    #: A recipient step's stored login (seen on live events): another system's secret, not loaded.
    dropped_fields: t.ClassVar[frozenset[str]] = frozenset({"credential"})

    def bookmark_values(self, context: Context | None) -> dict[str, t.Any]:
        if self.is_delta(context):
            return {"after_id": self.get_starting_replication_key_value(context)}
        start = self.config.get("start_date")
        return {"start": start} if start else {}

    def post_process(self, row: dict, context: Context | None = None) -> dict | None:
        declared = self.schema["properties"]
        other = {key: row.pop(key) for key in [k for k in row if k not in declared]
                 if key not in self.dropped_fields}
        row.pop("credential", None)
        row["other"] = other or None
        return super().post_process(row, context)
