"""HubSpot's two ways through a result set, as SDK paginators."""

from __future__ import annotations

import typing as t

from singer_sdk.pagination import BaseAPIPaginator, JSONPathPaginator

from tap_common.client import json_body

if t.TYPE_CHECKING:
    import requests


class AfterCursorPaginator(JSONPathPaginator):
    """List endpoints: the ``after`` cursor from ``paging.next.after``.

    A page can legitimately end up empty after post-processing (objects archived between the
    list call and the batch read that completes their properties), so paging goes on until the
    API says there is no next page.
    """

    def __init__(self) -> None:
        super().__init__("$.paging.next.after")

    def continue_if_empty(self, response: requests.Response) -> bool:  # noqa: ARG002
        return True


class ObjectIdKeysetPaginator(BaseAPIPaginator[t.Optional[int]]):
    """Search endpoints: every page is a fresh query for ``hs_object_id`` > the last id seen.

    Search refuses to page past 10,000 results (``after`` ≥ 10,000 → HTTP 400), so the search
    ``after`` offset is never used.  With results sorted by ``hs_object_id`` and the id as the
    only cursor, a window with any number of records — even > 10,000 sharing one modified
    time — is read exactly once, and a page can never repeat (ids only grow).
    """

    def __init__(self) -> None:
        super().__init__(None)

    def get_next(self, response: requests.Response) -> int | None:
        body = json_body(response)
        results = body.get("results") or []
        if not results or not (body.get("paging") or {}).get("next"):
            return None
        return int(results[-1]["id"])
