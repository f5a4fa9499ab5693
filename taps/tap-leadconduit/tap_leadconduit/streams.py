"""tap-leadconduit's one stream: every event, incremental on its id."""

from __future__ import annotations

import typing as t

from tap_common import BookmarkParam
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
    bookmark = BookmarkParam("after_id", format="id")
    #: A recipient step's stored login (seen on live events): another system's secret, not loaded.
    dropped_fields: t.ClassVar[frozenset[str]] = frozenset({"credential"})

    def bookmark_values(self, context: Context | None) -> dict[str, t.Any]:
        """``after_id`` on a delta; on a first sync the SDK's starting value is ``start_date``,
        which LeadConduit takes as ``start`` (an id cursor has nothing to compare it with).

        Decided from the starting value, fixed for the run: the state's bookmark moves with
        every page of a sorted stream, so "is there a bookmark now" would turn page 2 of a
        first sync into a delta and drop ``start``.
        """
        starting = self.get_starting_replication_key_value(context)
        start_date = self.config.get("start_date")
        if starting is not None and starting != start_date:
            return {"after_id": starting}
        return {"start": start_date} if start_date else {}

    def post_process(self, row: dict, context: Context | None = None) -> dict | None:
        """Keys the schema does not declare are kept in ``other`` (LeadConduit adds fields over
        time; nothing is dropped), except a stored login, which goes nowhere."""
        for name in self.dropped_fields:
            row.pop(name, None)
        declared = self.schema["properties"]
        extra = [key for key in row if key not in declared or key == "other"]  # "other" is ours
        row["other"] = {key: row.pop(key) for key in extra} or None
        return super().post_process(row, context)
