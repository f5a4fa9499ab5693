"""MarketSharp's facts for the kit: a signed, read-only OData v2 service answering Atom XML.

PAGING.  ``$top``/``$skip`` over ``$orderby=lastUpdate,<key>`` (incremental sets) or
``$orderby=<key>`` (the others), made safe against rows changing during the read:

- **A window that follows the data.**  After every page the filter is re-anchored just below the
  newest ``lastUpdate`` read (``$filter=lastUpdate gt datetime'<that second − 1 s>'``) and
  ``$skip`` counts only the rows already read inside the new window (usually a handful).  A row
  updated during the sync moves to the end of the order (its ``lastUpdate`` is new); rows before
  the window cannot shift what is in it, and ``$skip`` never grows into the millions.
- **An overlap check.**  Each page re-reads the last row of the previous one (``$skip`` − 1):
  if another row stands there, rows inside the window changed since (an update, a delete), and
  the window is read again from its start.  Rows are then passed on only if they are new:
  ``lastUpdate`` greater than the newest passed on, or equal with an id not yet passed on at that
  instant.  So records sharing one ``lastUpdate`` across a page are neither lost nor repeated,
  and the records go out sorted by ``lastUpdate`` (the bookmark is checkpointed as they go).
- Full-table sets have no window (``lastUpdate`` is not their key); a changed row there reads the
  set again from the start under the same table version, at most ``MAX_RESTARTS`` times.

Server-driven paging (a ``<link rel="next">`` after fewer rows than ``$top``) changes nothing:
the next request is built the same way, and the read ends at the first page with no new row
(one request more per stream than stopping at a short page, but a server that caps pages
without saying so loses nothing).  The filter literal carries whole seconds (the form the
vendor's and the predecessor's clients send) and starts a second early, so SQL Server's 1/300 s
``datetime`` rounding can never exclude the bookmark's own instant: the restart is inclusive.

BODIES.  Each page is parsed when its response arrives (``validate_response``), inside the
retry loop: a body cut off in transit is retried like a 5xx; a malformed one stops the run
naming entity set, page and position.
"""

from __future__ import annotations

import typing as t
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from urllib.parse import parse_qs, urlsplit

from singer_sdk.exceptions import FatalAPIError, RetriableAPIError
from singer_sdk.helpers.conform import TypeConformanceLevel
from singer_sdk.pagination import BaseAPIPaginator

from tap_common import RecordError, RESTStream
from tap_marketsharp.auth import MarketSharpHMAC
from tap_marketsharp.feed import EntityType, MalformedFeed, Page, TruncatedFeed, read_feed, read_metadata
from tap_marketsharp.schemas import entity_schema, wire_columns

if t.TYPE_CHECKING:
    import requests
    from singer_sdk.helpers.types import Context

#: Windows read again after rows changed under the read, per stream and run, before giving up.
MAX_RESTARTS = 20
#: The filter starts this far below the newest ``lastUpdate`` read, in whole seconds.
MARGIN = timedelta(seconds=1)


def wall_time(value: str) -> datetime:
    """A ``lastUpdate`` as the kit spells it (UTC ISO) → naive wall time, as the service compares."""
    return datetime.fromisoformat(value).astimezone(timezone.utc).replace(tzinfo=None)


def below(instant: datetime) -> datetime:
    """The filter bound for an inclusive read from ``instant``: its whole second, less ``MARGIN``."""
    return instant.replace(microsecond=0) - MARGIN


class MalformedPage(RecordError):
    """A page that is not well-formed XML: stream, entity set, page and position in the message
    (a kit ``RecordError``: the run stops with that one line, the bookmark unmoved)."""


@dataclass
class Cursor:
    """Where one stream's read stands (see the module doc)."""

    anchor: datetime | None  # filter: lastUpdate gt <anchor> (a whole second); None = no filter
    skip: int = 0  # rows of the window already read, in the server's order
    expect: t.Any = None  # key of the row at position skip − 1
    newest: datetime | None = None  # largest lastUpdate passed on
    tied: set = field(default_factory=set)  # keys passed on at ``newest``
    window: deque = field(default_factory=deque)  # lastUpdate of the rows read in the window, in order
    restarts: int = 0
    pages: int = 0
    done: bool = False

    def token(self) -> tuple:
        return (self.anchor, self.skip, self.restarts, self.pages)


class WindowPaginator(BaseAPIPaginator):
    """The next page is whatever the stream's cursor says after reading this one."""

    def __init__(self, stream: MarketSharpStream) -> None:
        super().__init__(None)
        self.stream = stream

    def get_next(self, response: requests.Response) -> t.Any:
        cursor = self.stream.cursor
        return None if cursor is None or cursor.done else cursor.token()

    def continue_if_empty(self, response: requests.Response) -> bool:  # noqa: ARG002
        return True  # a page of rows already passed on is not the end; get_next decides


class MarketSharpStream(RESTStream):
    """One entity set of ``https://api4.marketsharpm.com/WcfDataService.svc``."""

    auth = MarketSharpHMAC()
    expects_json = False
    #: Entity set name (``Contacts``) — the URL path segment and the ``$metadata`` EntitySet.
    entity_set: t.ClassVar[str] = ""
    #: The predecessor read 5,000 rows a request; smaller pages keep a page's body a few MB.
    page_size: t.ClassVar[int] = 1_000
    is_sorted = True
    #: Values are typed from ``$metadata`` as they are read; the SDK's per-field conformance pass
    #: would only re-check them (it cost more than parsing the XML).
    TYPE_CONFORMANCE_LEVEL = TypeConformanceLevel.NONE

    def __init__(self, tap: t.Any) -> None:
        super().__init__(tap)
        self.cursor: Cursor | None = None

    @property
    def path(self) -> str:  # type: ignore[override]
        return f"/{self.entity_set}"

    @property
    def http_headers(self) -> dict[str, str]:
        return {**super().http_headers, "Accept": "application/atom+xml,application/xml",
                "DataServiceVersion": "1.0", "MaxDataServiceVersion": "2.0"}

    # -- schema from $metadata ---------------------------------------------------------------
    @property
    def entity_type(self) -> EntityType:
        cache: dict[str, EntityType] = self._tap.__dict__.setdefault("_marketsharp_metadata", {})
        if not cache:
            cache.update(read_metadata(self.send("GET", "/$metadata").content))
        if self.entity_set not in cache:
            msg = f"{self.tap_name}: the service's $metadata has no entity set '{self.entity_set}' (stream '{self.name}')."
            raise FatalAPIError(msg)
        return cache[self.entity_set]

    @property
    def schema(self) -> dict[str, t.Any]:  # type: ignore[override]
        if self._schema is None:
            self._schema = entity_schema(self.entity_type)
        return self._schema

    @property
    def columns(self) -> dict[str, tuple[str, t.Callable[[str], t.Any]]]:
        if "_columns" not in self.__dict__:
            self.__dict__["_columns"] = wire_columns(self.entity_type)
        return self.__dict__["_columns"]

    # -- requests ----------------------------------------------------------------------------
    def request_decorator(self, func: t.Callable) -> t.Callable:
        """A fresh signature on every attempt: a retry after a long backoff must not carry a
        timestamp the server now refuses as stale."""
        signer = self.auth.signer(self.config)

        def signed(prepared: requests.PreparedRequest, *args: t.Any, **kwargs: t.Any) -> t.Any:
            prepared.headers["Authorization"] = signer.header()
            return func(prepared, *args, **kwargs)

        return super().request_decorator(signed)

    def get_new_paginator(self) -> BaseAPIPaginator:
        return WindowPaginator(self)

    def get_url_params(self, context: Context | None, next_page_token: t.Any | None) -> dict[str, t.Any]:
        if next_page_token is None:
            self.cursor = Cursor(anchor=self.first_anchor(context))
        cursor = self.cursor
        key = self.entity_type.key[0]
        params: dict[str, t.Any] = {"$top": self.page_size}
        if self.replication_key:
            params["$orderby"] = f"lastUpdate,{key}"
            if cursor.anchor is not None:
                params["$filter"] = f"lastUpdate gt datetime'{cursor.anchor.isoformat(timespec='seconds')}'"
        else:
            params["$orderby"] = key
        if cursor.skip:
            params["$skip"] = cursor.skip - 1  # re-read the previous page's last row (overlap check)
        cursor.pages += 1
        return params

    def first_anchor(self, context: Context | None) -> datetime | None:
        """Inclusive restart at the bookmark (state, else ``start_date``)."""
        if not self.replication_key:
            return None
        start = self.get_starting_replication_key_value(context)
        if start is None:
            return None
        return below(wall_time(start if isinstance(start, str) else start.isoformat()))

    def coerce(self, row: dict) -> dict:
        """Values are typed from ``$metadata`` as they are read (:func:`schemas.converter`)."""
        return row

    # -- responses ---------------------------------------------------------------------------
    def validate_response(self, response: requests.Response) -> None:
        super().validate_response(response)
        if response.status_code >= 300 or not urlsplit(response.url).path.endswith(self.path):
            return
        where = self.page_label(response)
        try:
            response.page = read_feed(response.content, self.columns)  # type: ignore[attr-defined]
        except TruncatedFeed as exc:
            raise RetriableAPIError(f"{self.tap_name}: {where}: {exc}", response) from exc
        except MalformedFeed as exc:
            raise MalformedPage(f"{self.tap_name}: {where}: {exc}") from exc

    def page_label(self, response: requests.Response) -> str:
        query = {k: v[0] for k, v in parse_qs(urlsplit(response.url).query).items()}
        page = self.cursor.pages if self.cursor else 1
        detail = ", ".join(f"{k}={query[k]}" for k in ("$skip", "$filter") if k in query)
        return f"stream '{self.name}', entity set '{self.entity_set}', page {page}" + (f" ({detail})" if detail else "")

    def response_error_message(self, response: requests.Response) -> str:
        """The OData error body's message, with the request that caused it."""
        from lxml import etree  # noqa: PLC0415

        try:
            message = etree.fromstring(response.content).findtext(
                "{http://schemas.microsoft.com/ado/2007/08/dataservices/metadata}message")
        except etree.XMLSyntaxError:
            message = None
        return (f"{response.status_code} {response.reason} on {self.path} ({self.page_label(response)}): "
                f"{message or response.text[:300]}")

    def parse_response(self, response: requests.Response) -> t.Iterable[dict]:
        page: Page = response.page  # type: ignore[attr-defined]
        cursor, key = self.cursor, self.primary_keys[0]
        rows = page.rows
        if cursor.skip:
            if not rows or rows[0].get(key) != cursor.expect:
                self.restart(cursor)
                return
            rows = rows[1:]
        for row in rows:
            cursor.skip += 1
            cursor.expect = row.get(key)
            if not self.replication_key:
                yield row
                continue
            updated = row.get("last_update")
            if updated is None:
                yield row  # the kit stops the run naming stream and id
                continue
            at = datetime.fromisoformat(updated).replace(tzinfo=None)  # the service's wall time
            cursor.window.append(at)
            if cursor.newest is None or at > cursor.newest:
                cursor.newest, cursor.tied = at, {row.get(key)}
                yield row
            elif at == cursor.newest and row.get(key) not in cursor.tied:
                cursor.tied.add(row.get(key))
                yield row
        if not rows:  # nothing after the previous page: the end (a short page alone is not proof:
            cursor.done = True  # a server may cap pages below $top without a next link)
        elif self.replication_key and cursor.window:
            self.reanchor(cursor)

    def reanchor(self, cursor: Cursor) -> None:
        """Move the filter just below the newest ``lastUpdate`` read; ``$skip`` = rows read since."""
        anchor = below(cursor.window[-1])
        if cursor.anchor is not None and anchor <= cursor.anchor:
            return
        while cursor.window and cursor.window[0] <= anchor:
            cursor.window.popleft()
        cursor.anchor, cursor.skip = anchor, len(cursor.window)

    def restart(self, cursor: Cursor) -> None:
        cursor.restarts += 1
        if cursor.restarts > MAX_RESTARTS:
            msg = (f"{self.tap_name}: stream '{self.name}': rows kept changing under the read "
                   f"({MAX_RESTARTS} restarts); run again when MarketSharp is quieter.")
            raise FatalAPIError(msg)
        self.logger.info("%s: rows changed during the read; reading the window again from its start", self.name)
        cursor.skip, cursor.expect = 0, None
        cursor.window.clear()
