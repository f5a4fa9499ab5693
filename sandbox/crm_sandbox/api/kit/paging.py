"""Slicing a list the way vendors page it. Each function returns a ``Page``; the vendor module
puts ``items`` and the marker for the next request into its own envelope.

- ``page_number``: ``page`` from ``first`` (0 or 1) and a page size; ``total_pages``/``total``.
- ``offset_limit``: ``offset`` + ``limit``; next offset.
- ``keyset``: items sorted by ``key``; resume after (or, ``inclusive``, at) a key value.
- ``cursor``: an opaque token (base64 of the next offset), for APIs whose cursor is opaque.
- ``next_url``: an absolute URL for the next page (``next_page``/``@odata.nextLink`` styles).
"""

from __future__ import annotations

import base64
import math
from dataclasses import dataclass
from typing import Any, Callable, Sequence, TypeVar
from urllib.parse import urlencode

from crm_sandbox.api.http import Request
from crm_sandbox.api.kit.query import BadRequest

T = TypeVar("T")


@dataclass
class Page:
    items: list[Any]
    next: Any = None  # the next page's marker (page number, offset, key, token); None = last page
    total: int = 0
    per_page: int = 0
    number: int | None = None  # page_number only

    @property
    def total_pages(self) -> int:
        return math.ceil(self.total / self.per_page) if self.per_page else 0

    @property
    def has_more(self) -> bool:
        return self.next is not None


def page_number(items: Sequence[T], page: int, per_page: int, first: int = 1) -> Page:
    if page < first or per_page < 1:
        raise BadRequest(f"page must be at least {first} and the page size at least 1")
    start = (page - first) * per_page
    more = start + per_page < len(items)
    return Page(list(items[start:start + per_page]), page + 1 if more else None, len(items), per_page, page)


def offset_limit(items: Sequence[T], offset: int, limit: int) -> Page:
    if offset < 0 or limit < 1:
        raise BadRequest("offset must be at least 0 and limit at least 1")
    more = offset + limit < len(items)
    return Page(list(items[offset:offset + limit]), offset + limit if more else None, len(items), limit)


def keyset(items: Sequence[T], after: Any, limit: int, key: Callable[[T], Any],
           inclusive: bool = False) -> Page:
    """``items`` must be sorted by ``key``.  Exclusive (``after`` = the last key seen, the usual
    after-id) → next = last key of this page; inclusive (``after`` = the first key of the page,
    HubSpot's list ``after``) → next = first key of the next page."""
    rest = [x for x in items if after is None or (key(x) >= after if inclusive else key(x) > after)]
    chunk = rest[:limit]
    nxt = None
    if len(rest) > limit:
        nxt = key(rest[limit]) if inclusive else key(chunk[-1])
    return Page(chunk, nxt, len(items), limit)


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"o:{offset}".encode()).decode().rstrip("=")


def decode_cursor(token: str | None, name: str = "cursor") -> int:
    if not token:
        return 0
    try:
        kind, _, value = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode().partition(":")
        if kind == "o" and value.isdigit():
            return int(value)
    except (ValueError, UnicodeDecodeError):
        pass
    raise BadRequest(f"{name} {token!r} is not a cursor this API issued")


def cursor(items: Sequence[T], token: str | None, limit: int, name: str = "cursor") -> Page:
    page = offset_limit(items, decode_cursor(token, name), limit)
    page.next = encode_cursor(page.next) if page.next is not None else None
    return page


def next_url(request: Request, mount: str, path: str | None = None, drop: Sequence[str] = (),
             **params: Any) -> str:
    """The absolute URL of this request with ``params`` replaced (``None`` removes one), as the
    client reached the sandbox (``Host`` header) under the vendor's ``mount`` (``/<vendor>``)."""
    query = {k: v for k, v in request.query.items() if k not in drop}
    for name, value in params.items():
        if value is None:
            query.pop(name, None)
        else:
            query[name] = [str(value)]
    host = request.headers.get("host", "127.0.0.1")
    target = path if path is not None else request.path
    return f"http://{host}{mount}{target}?{urlencode(sorted(query.items()), doseq=True)}"
