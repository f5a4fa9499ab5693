"""Arrivy's facts for the kit: the two auth headers, bare-array lists paged by ``page`` and
``items_per_page``, and the listings a stream is made of (CONTRACT.md beside the emulation)."""

from __future__ import annotations

import typing as t

from tap_common import Headers, PageNumber, RESTStream

if t.TYPE_CHECKING:
    import requests
    from singer_sdk.helpers.types import Context


def items_per_page(size: int) -> PageNumber:
    """Arrivy's paging: a list is a bare array; a page shorter than asked is the last.
    Sizes never exceed the documented default (the docs name no cap, only the 400
    "Invalid items_per_page")."""
    return PageNumber(size=size, size_param="items_per_page", until="short")


class ArrivyStream(RESTStream):
    """An Arrivy list: ``GET <path>`` answers a bare JSON array."""

    auth = Headers({"X-Auth-Key": "{auth_key}", "X-Auth-Token": "{auth_token}"})
    records_jsonpath = "$[*]"
    paging = items_per_page(100)
    #: The listings that together make the stream, as extra query parameters (tasks: the
    #: calendar, then the unscheduled ones, which Arrivy lists only on request).
    listings: t.ClassVar[tuple[dict[str, str], ...]] = ({},)
    #: What a 404 means: ``"error"``; ``"gone"``, the parent record vanished during the run (no
    #: records); ``"absent"``, an endpoint outside Arrivy's public pages that this API does not
    #: offer (no records, a warning, and nothing retired).
    on_404: t.ClassVar[str] = "error"

    def validate_response(self, response: requests.Response) -> None:
        if response.status_code == 404 and self.on_404 != "error":
            if self.on_404 == "absent":
                self.logger.warning("%s: %s answers 404; this API does not offer it, nothing loaded",
                                    self.name, self.path)
                self._sync_incomplete = True  # the kit then sends no ACTIVATE_VERSION: retire nothing
            return
        super().validate_response(response)

    def parse_response(self, response: requests.Response) -> t.Iterable[dict]:
        return () if response.status_code == 404 and self.on_404 != "error" else super().parse_response(response)

    def listing_params(self, listing: dict[str, str]) -> dict[str, str]:
        """A listing's query parameters (a stream may add config-dependent ones)."""
        return listing

    def get_records(self, context: Context | None) -> t.Iterable[dict]:
        for listing in self.listings:
            self._listing = self.listing_params(listing)
            yield from super().get_records(context)

    def get_url_params(self, context: Context | None, next_page_token: t.Any | None) -> dict[str, t.Any]:
        return {**super().get_url_params(context, next_page_token), **getattr(self, "_listing", {})}
