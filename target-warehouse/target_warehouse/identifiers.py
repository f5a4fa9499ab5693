"""PostgreSQL identifiers: snake_case, lower-case, at most 63 bytes, always quoted.

Stream and property names come from taps and may hold anything (reserved words, quotes,
dots, spaces, ``--``, ``;``, non-ASCII, hundreds of characters).  They only ever reach SQL
through :func:`quote_ident`, after :func:`conform_name` turned them into stable names.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable

MAX_IDENTIFIER_BYTES = 63  # PostgreSQL's NAMEDATALEN - 1
_HASH_CHARS = 8

_LOWER_TO_UPPER = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")  # fooBar -> foo_Bar
_ACRONYM_END = re.compile(r"(?<=[A-Z])(?=[A-Z][a-z])")  # HTTPServer -> HTTP_Server
_NOT_WORD = re.compile(r"\W+")  # unicode-aware: letters of any script, digits and _ survive


def short_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:_HASH_CHARS]


def _truncate_bytes(text: str, limit: int) -> str:
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    return data[:limit].decode("utf-8", "ignore")  # never cut a character in half


def with_suffix(name: str, source: str) -> str:
    """``name`` shortened so that ``_<hash of source>`` fits in 63 bytes, then suffixed."""
    room = MAX_IDENTIFIER_BYTES - 1 - _HASH_CHARS
    return f"{_truncate_bytes(name, room)}_{short_hash(source)}"


def conform_name(name: str) -> str:
    """The column/table name for a stream or property name (deterministic)."""
    leading = len(name) - len(name.lstrip("_"))  # keep _id, _sdc_* as they are
    body = _ACRONYM_END.sub("_", _LOWER_TO_UPPER.sub("_", name[leading:]))
    body = _NOT_WORD.sub("_", body.lower()).strip("_")
    conformed = "_" * leading + body
    if not conformed:
        return f"_{short_hash(name)}"
    if len(conformed.encode("utf-8")) > MAX_IDENTIFIER_BYTES:
        return with_suffix(conformed, name)
    return conformed


def conform_names(names: Iterable[str]) -> dict[str, str]:
    """Map each source name to a distinct column name.

    When several names conform to the same column (``userId`` and ``user_id``), the one
    already spelled that way keeps it (else the first in sort order); the others get a hash
    suffix of their own source name, so the mapping does not depend on property order.
    """
    groups: dict[str, list[str]] = defaultdict(list)
    for name in names:
        groups[conform_name(name)].append(name)
    mapping: dict[str, str] = {}
    for column, sources in groups.items():
        sources.sort(key=lambda source: (source != column, source))
        mapping[sources[0]] = column
        for source in sources[1:]:
            mapping[source] = with_suffix(column, source)
    return mapping


def _stream_parts(stream_name: str) -> list[str]:
    """``[db-]schema-table`` as SQL taps name streams; anything else is one name."""
    parts = stream_name.split("-")
    return parts if 2 <= len(parts) <= 3 and all(parts) else [stream_name]


def table_name(stream_name: str) -> str:
    """A stream ``<schema>-<table>`` loads into ``<table>``; other names are used whole."""
    return conform_name(_stream_parts(stream_name)[-1])


def schema_from_stream(stream_name: str) -> str | None:
    parts = _stream_parts(stream_name)
    return conform_name(parts[-2]) if len(parts) > 1 else None


def quote_ident(name: str) -> str:
    """Double-quote an identifier; embedded quotes are doubled, NUL cannot occur."""
    if "\x00" in name:
        msg = f"identifier contains a NUL character: {name!r}"
        raise ValueError(msg)
    return '"' + name.replace('"', '""') + '"'


def qualified(schema: str, table: str) -> str:
    return f"{quote_ident(schema)}.{quote_ident(table)}"
