"""Declared pagination, on the SDK's paginator classes.

A stream declares how its endpoint pages; the kit makes a fresh SDK paginator per request chain
and puts the page token into the request::

    paging = PageNumber(size=100, total_pages="$.total_pages")          # ?page=1&per_page=100 …
    paging = PageNumber(start=0, size=50, until="short")                # stop at a short page
    paging = PageNumber(until="empty", more="$.meta.morePages")         # … or when the body says so
    paging = NextURL("$.next_page", more="$.has_next_page", size=250)   # follow the API's link
    paging = Keyset(param="after_id", key="id", size=500)               # ?after_id=<last id>
    paging = Cursor("$.paging.next.after", param="after")               # a cursor in the body

Every style stops at an empty page. ``size``/``size_param`` send the page size on every page
(except on a followed next URL, which carries it already).
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from singer_sdk.helpers.jsonpath import extract_jsonpath
from singer_sdk.pagination import BaseAPIPaginator, BaseHATEOASPaginator, JSONPathPaginator, PageNumberPaginator

from tap_common.jsonbody import json_body

if t.TYPE_CHECKING:
    import requests
    from singer_sdk.streams.rest import RESTStream


def _first(path: str | None, response: requests.Response) -> t.Any:
    return next(extract_jsonpath(path, json_body(response)), None) if path else None


def _says_no(path: str | None, response: requests.Response) -> bool:
    """The body's "more pages" flag is present and false (absent: the other signals decide)."""
    value = _first(path, response)
    return value is not None and not value


def _records(stream: RESTStream, response: requests.Response) -> list[t.Any]:
    return list(extract_jsonpath(stream.records_jsonpath, json_body(response)))


@dataclass(frozen=True, kw_only=True)
class Paging:
    """Base of the declarations: the page-size parameter every page carries."""

    size: int | None = None
    size_param: str | None = "per_page"

    def new(self, stream: RESTStream) -> BaseAPIPaginator:
        raise NotImplementedError

    def params(self, token: t.Any) -> dict[str, t.Any]:
        """Query parameters for the page whose token is ``token`` (None on the first page)."""
        return {self.size_param: self.size} if self.size and self.size_param else {}


# -- page number ---------------------------------------------------------------------------
class _PageNumberPaginator(PageNumberPaginator):
    def __init__(self, spec: PageNumber, stream: RESTStream) -> None:
        super().__init__(spec.start)
        self.spec, self.stream = spec, stream

    def has_more(self, response: requests.Response) -> bool:
        records = _records(self.stream, response)
        if not records or _says_no(self.spec.more, response):
            return False
        total = _first(self.spec.total_pages, response)
        if total is not None:  # pages are numbered from `start`
            return self.current_value - self.spec.start + 1 < int(total)
        if self.spec.until == "short" and self.spec.size:
            return len(records) >= self.spec.size
        return True

    def get_next(self, response: requests.Response) -> int | None:
        # The SDK's paginator stops on a falsy token: page 0 is only ever the start value.
        return self.current_value + 1


@dataclass(frozen=True)
class PageNumber(Paging):
    """``?page=n``: until ``total_pages`` (a JSONPath; if the body lacks it, as ``until``),
    an empty page (``until="empty"``) or a page shorter than ``size`` (``until="short"``), and
    never past a page whose ``more`` flag (a JSONPath, e.g. ``$.meta.morePages``) is false."""

    param: str = "page"
    start: int = 1
    total_pages: str | None = None
    until: t.Literal["empty", "short"] = "short"
    more: str | None = None

    def new(self, stream: RESTStream) -> BaseAPIPaginator:
        return _PageNumberPaginator(self, stream)

    def params(self, token: t.Any) -> dict[str, t.Any]:
        return {**super().params(token), self.param: self.start if token is None else token}


# -- next URL -------------------------------------------------------------------------------
class _NextURLPaginator(BaseHATEOASPaginator):
    def __init__(self, spec: NextURL) -> None:
        super().__init__()
        self.spec = spec

    def get_next_url(self, response: requests.Response) -> str | None:
        if _says_no(self.spec.more, response):
            return None
        link = _first(self.spec.jsonpath, response)
        return str(link) if link else None


@dataclass(frozen=True)
class NextURL(Paging):
    """The API's own link to the next page (``jsonpath``), unless ``more`` (a JSONPath) is false.

    The link is called unmodified when it lies under ``api_url``; any other link (another host,
    a bare path, a path outside the mount) only lends its query string to the stream's own URL,
    so the credential never travels elsewhere and a proxy or mount in ``api_url`` keeps working.
    """

    jsonpath: str = "$.next"
    more: str | None = None

    def new(self, stream: RESTStream) -> BaseAPIPaginator:
        return _NextURLPaginator(self)

    def url(self, link: str, api_url: str, own_url: str) -> str:
        parts, base = urlsplit(link), urlsplit(api_url.rstrip("/") + "/")
        if (parts.scheme, parts.netloc) == (base.scheme, base.netloc) and parts.path.startswith(base.path):
            return link
        return urlunsplit((*urlsplit(own_url)[:3], parts.query, ""))


# -- keyset / after-id ---------------------------------------------------------------------
class _KeysetPaginator(BaseAPIPaginator[t.Any]):
    def __init__(self, spec: Keyset, stream: RESTStream) -> None:
        super().__init__(None)
        self.spec, self.stream = spec, stream

    def get_next(self, response: requests.Response) -> t.Any:
        records = _records(self.stream, response)
        if not records or (self.spec.more and not _first(self.spec.more, response)):
            return None
        if self.spec.size and len(records) < self.spec.size:
            return None
        return records[-1][self.spec.key]


@dataclass(frozen=True)
class Keyset(Paging):
    """Each page asks for records after the last key seen (``?after_id=<last id>``); results
    sorted by that key.  Stops at an empty page, a page shorter than ``size``, or when ``more``
    (a JSONPath, e.g. ``"$.paging.next"``) is absent or false.  ``param=None``: the stream puts the token in a body itself."""

    param: str | None = "after_id"
    key: str = "id"
    more: str | None = None

    def new(self, stream: RESTStream) -> BaseAPIPaginator:
        return _KeysetPaginator(self, stream)

    def params(self, token: t.Any) -> dict[str, t.Any]:
        extra = {self.param: token} if self.param and token is not None else {}
        return {**super().params(token), **extra}


# -- cursor ---------------------------------------------------------------------------------
class _CursorPaginator(JSONPathPaginator):
    def __init__(self, spec: Cursor) -> None:
        super().__init__(spec.jsonpath)
        self.spec = spec

    def get_next(self, response: requests.Response) -> t.Any:
        return _first(self.spec.jsonpath, response)

    def continue_if_empty(self, response: requests.Response) -> bool:  # noqa: ARG002
        return self.spec.continue_if_empty


@dataclass(frozen=True)
class Cursor(Paging):
    """An opaque cursor from the body (``jsonpath``) sent back as ``param``; ends when absent.
    ``continue_if_empty``: a page may be empty after filtering while more pages follow."""

    jsonpath: str = "$.next_cursor"
    param: str | None = "cursor"
    continue_if_empty: bool = False

    def new(self, stream: RESTStream) -> BaseAPIPaginator:
        return _CursorPaginator(self)

    def params(self, token: t.Any) -> dict[str, t.Any]:
        extra = {self.param: token} if self.param and token is not None else {}
        return {**super().params(token), **extra}
