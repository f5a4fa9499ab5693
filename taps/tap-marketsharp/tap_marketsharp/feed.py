"""Streaming reads of what WCF Data Services writes: Atom feeds (records) and ``$metadata``.

Parsing is lxml's (libxml2), streamed through ``XMLPullParser``: entries are read as they end
and freed, so memory holds one page's bytes and one entry, never the page's tree.

**Characters XML 1.0 forbids.**  .NET writes text it cannot put in XML (C0 controls such as a
vertical tab pasted from Word) as character references, ``&#xB;``, which no conforming parser
accepts.  The predecessor deleted every ``&#x…;`` with a regex before parsing, which also
destroyed legitimate ones — notably ``&#xD;``, the only way XML can carry a carriage return.
Here :class:`CharRefFilter` rewrites *only* references to forbidden characters, and only in
text, into a processing instruction ``<?msc 1F?>`` that libxml2 parses like any markup; the
reader turns it back into the character (U+001F).  Nothing is lost and nothing else is touched:
CDATA sections and comments are skipped, every legal reference (``&#xD;``, ``&#x2019;``) is
left to the parser.  Lone surrogates cannot be represented in UTF-8 and become U+FFFD, as does
a forbidden character inside an attribute value (where no markup may stand).

**Errors.**  A document that breaks off (a truncated body: the parser reaches the end inside
the root) raises :class:`TruncatedFeed` — a transport fault, retried.  Any other syntax error
raises :class:`MalformedFeed` with the parser's line and column, mapped back to the document as
received (before the filter's rewrites).
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass, field

from lxml import etree

ATOM = "{http://www.w3.org/2005/Atom}"
D = "{http://schemas.microsoft.com/ado/2007/08/dataservices}"
M = "{http://schemas.microsoft.com/ado/2007/08/dataservices/metadata}"
PROPERTIES, LINK, FEED, ENTRY = f"{M}properties", f"{ATOM}link", f"{ATOM}feed", f"{ATOM}entry"
M_NULL = f"{M}null"
PI_TARGET = "msc"
CHUNK = 1 << 16
_REPLACEMENT = b"&#xFFFD;"


def forbidden(code: int) -> bool:
    """Not a ``Char`` of XML 1.0 (§2.2)."""
    return not (code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD
                or 0x10000 <= code <= 0x10FFFF)


class FeedError(ValueError):
    """A feed that cannot be read; ``position`` is (line, column) in the document as received."""

    def __init__(self, message: str, position: tuple[int, int] | None = None) -> None:
        super().__init__(message)
        self.position = position


class TruncatedFeed(FeedError):
    """The document ended inside its root element (a body cut off in transit)."""


class MalformedFeed(FeedError):
    """A syntax error inside the document."""


@dataclass
class CharRefFilter:
    """Bytes in → bytes out, rewriting references to forbidden characters (see module doc).

    Keeps, per output line, the columns where a rewrite made the line longer, so a parser
    position can be mapped back to the input (:meth:`original_column`)."""

    carry: bytes = b""
    rewrites: int = 0  # references rewritten so far (the reader looks for them only then)
    skipping: bytes | None = None  # b"]]>" inside CDATA, b"-->" inside a comment
    in_tag: bool = False
    line: int = 1
    growth: dict[int, list[tuple[int, int]]] = field(default_factory=dict)
    _line_start: int = 0  # output offset where the current line starts
    _out: int = 0  # bytes output so far

    def feed(self, chunk: bytes, final: bool = False) -> bytes:
        data, out, i = self.carry + chunk, [], 0
        self.carry = b""
        n = len(data)
        while i < n:
            if self.skipping:
                end = data.find(self.skipping, i)
                if end < 0:
                    keep = max(i, n - len(self.skipping) + 1) if not final else n
                    out.append(data[i:keep])
                    self.carry = data[keep:]
                    i = n
                    break
                out.append(data[i:end + 3])
                i, self.skipping = end + 3, None
                continue
            amp, lt = data.find(b"&#", i), data.find(b"<!", i)
            if amp < 0 and lt < 0:
                tail = self._safe_end(data, i, final)
                out.append(data[i:tail])
                self.carry, i = data[tail:], n
                break
            if lt >= 0 and (amp < 0 or lt < amp):
                if n - lt < 9 and not final and (b"<![CDATA["[:n - lt] == data[lt:] or b"<!--"[:n - lt] == data[lt:n]):
                    out.append(data[i:lt])
                    self.carry, i = data[lt:], n
                    break
                opener = data[lt:lt + 9]
                self.skipping = b"]]>" if opener == b"<![CDATA[" else b"-->" if opener.startswith(b"<!--") else None
                step = 9 if opener == b"<![CDATA[" else 4 if self.skipping else 2
                out.append(data[i:lt + step])
                i = lt + step
                continue
            end = data.find(b";", amp, amp + 12)
            if end < 0:
                if n - amp < 12 and not final:
                    out.append(data[i:amp])
                    self.carry, i = data[amp:], n
                    break
                out.append(data[i:amp + 2])  # not a reference: the parser will say so
                i = amp + 2
                continue
            body = data[amp + 2:end]
            code = _code(body)
            out.append(data[i:amp])
            i = end + 1
            if code is None or not forbidden(code) or code > 0x10FFFF:
                out.append(data[amp:i])
                continue
            in_tag = self._inside_tag(data, amp)
            replacement = (_REPLACEMENT if in_tag or 0xD800 <= code <= 0xDFFF
                           else f"<?{PI_TARGET} {code:X}?>".encode())
            self.rewrites += 1
            self._note_growth(out, len(replacement) - (i - amp))
            out.append(replacement)
        result = b"".join(out)
        self._track(result)
        return result

    def _safe_end(self, data: bytes, start: int, final: bool) -> int:
        """Where this chunk's output may end: before a trailing ``&`` or ``<`` that may begin a
        reference or a CDATA/comment opener completed by the next chunk."""
        if final:
            return len(data)
        cut = len(data)
        for mark in (b"&", b"<"):
            k = data.rfind(mark, max(start, len(data) - 12))
            if k >= 0 and (mark == b"<" or b";" not in data[k:]):
                cut = min(cut, k)
        return cut

    def _inside_tag(self, data: bytes, at: int) -> bool:
        lt, gt = data.rfind(b"<", 0, at), data.rfind(b">", 0, at)
        if lt < 0 and gt < 0:
            return self.in_tag
        return lt > gt

    def _note_growth(self, out: list[bytes], growth: int) -> None:
        pending = b"".join(out)
        line = self.line + pending.count(b"\n")
        nl = pending.rfind(b"\n")
        column = (len(pending) - nl - 1) if nl >= 0 else (self._out - self._line_start + len(pending))
        self.growth.setdefault(line, []).append((column, growth))

    def _track(self, result: bytes) -> None:
        newlines = result.count(b"\n")
        if newlines:
            self.line += newlines
            self._line_start = self._out + result.rfind(b"\n") + 1
        self._out += len(result)
        lt, gt = result.rfind(b"<"), result.rfind(b">")
        if lt >= 0 or gt >= 0:
            self.in_tag = lt > gt

    def original_column(self, line: int, column: int) -> int:
        return column - sum(g for c, g in self.growth.get(line, ()) if c < column)


def _reason(exc: etree.XMLSyntaxError) -> str:
    """libxml2's message without the position it appends (ours is mapped back to the input)."""
    message, sep, _ = (exc.msg or str(exc)).rpartition(", line ")
    return message if sep else (exc.msg or str(exc))


def _code(body: bytes) -> int | None:
    try:
        return int(body[1:], 16) if body[:1] in (b"x", b"X") else int(body, 10)
    except ValueError:
        return None


def text_of(element: t.Any) -> str:
    """An element's text, with the filter's processing instructions turned back into characters."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child, etree._ProcessingInstruction) and child.target == PI_TARGET:  # noqa: SLF001
            parts.append(chr(int(child.text, 16)))
        parts.append(child.tail or "")
    return "".join(parts)


@dataclass
class Page:
    rows: list[dict[str, t.Any]]
    next_link: str | None
    entries: int


Converter = t.Callable[[str], t.Any] | None  # None: the text as it is


def read_feed(body: bytes, columns: t.Mapping[str, tuple[str, Converter]]) -> Page:
    """The records of one Atom feed page: ``columns`` maps a property's wire name to its column
    name and converter; other properties are skipped; ``m:null`` → None.

    WCF writes every property of every entry, in ``$metadata`` order: an entry laid out like the
    page's first one (same count, same first and last property) is read by position; any other
    entry is read property by property, by name."""
    chars = CharRefFilter()
    parser = etree.XMLPullParser(events=("end",), tag=(PROPERTIES, LINK), resolve_entities=False,
                                 load_dtd=False, no_network=True, huge_tree=True)
    rows: list[dict[str, t.Any]] = []
    next_link = None
    wanted = {f"{D}{wire}": spec for wire, spec in columns.items()}
    layout: list[t.Any] = []  # [count, first tag, last tag, [(index, name, converter)…]] of the first entry

    def by_name(element: t.Any) -> dict[str, t.Any]:
        row: dict[str, t.Any] = {}
        for prop in element:
            spec = wanted.get(prop.tag)
            if spec is not None:
                row[spec[0]] = _value(prop, prop.text, spec[1], chars.rewrites)
        return row

    def drain() -> None:
        nonlocal next_link
        for _, element in parser.read_events():
            if element.tag == LINK:
                parent = element.getparent()
                if parent is not None and parent.tag == FEED and element.get("rel") == "next":
                    next_link = element.get("href")
                continue
            count = len(element)
            if not layout and count:
                plan = [(i, *wanted[prop.tag]) for i, prop in enumerate(element) if prop.tag in wanted]
                layout.extend((count, element[0].tag, element[-1].tag, plan))
            if layout and count == layout[0] and element[0].tag == layout[1] and element[-1].tag == layout[2]:
                props, rewrites = list(element), chars.rewrites
                row = {}
                for i, name, convert in layout[3]:  # _value(), inlined: this loop is the reader's hot path
                    prop = props[i]
                    text = prop.text
                    if text is None:
                        if prop.get(M_NULL) == "true":
                            row[name] = None
                            continue
                        text = ""
                    if rewrites and len(prop):
                        text = text_of(prop)
                    row[name] = text if convert is None else convert(text) if text else None
            else:
                row = by_name(element)
            rows.append(row)
            _free(element)

    try:
        for start in range(0, len(body), CHUNK):
            last = start + CHUNK >= len(body)
            parser.feed(chars.feed(body[start:start + CHUNK], final=last))
            drain()
        if not body:
            parser.feed(b"")
    except etree.XMLSyntaxError as exc:
        line, column = exc.position
        column = chars.original_column(line, column)
        raise MalformedFeed(f"malformed XML at line {line}, column {column}: {_reason(exc)}", (line, column)) from None
    try:
        parser.close()
        drain()
    except etree.XMLSyntaxError as exc:
        raise TruncatedFeed(f"the document ends early ({len(body)} bytes): {_reason(exc)}", exc.position) from None
    return Page(rows, next_link, len(rows))


def _free(properties: t.Any) -> None:
    """Drop the finished entry and every earlier one (memory stays one entry deep).  The
    properties sit in ``entry/content`` or, for a media link entry, in ``entry`` itself."""
    entry = properties.getparent()
    while entry is not None and entry.tag != ENTRY:
        entry = entry.getparent()
    if entry is None:
        return
    entry.clear()
    parent = entry.getparent()
    while entry.getprevious() is not None:
        del parent[0]


def _value(prop: t.Any, text: str | None, convert: Converter, rewrites: int) -> t.Any:
    if text is None:
        if prop.get(M_NULL) == "true":
            return None
        text = ""
    if rewrites and len(prop):  # a forbidden character stands in this page: maybe in this value
        text = text_of(prop)
    if convert is None:
        return text
    return convert(text) if text else None  # an empty typed value (no m:null) is no value


# -- $metadata --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Property:
    name: str
    edm: str
    nullable: bool
    max_length: int | None


@dataclass(frozen=True)
class EntityType:
    name: str
    key: tuple[str, ...]
    properties: tuple[Property, ...]


def read_metadata(body: bytes) -> dict[str, EntityType]:
    """Entity set name → its entity type, from an EDMX document (any EDM namespace version)."""
    types: dict[str, EntityType] = {}
    sets: dict[str, str] = {}
    namespace = ""
    try:
        for _, element in etree.iterparse(_bytes_io(body), events=("end",), resolve_entities=False,
                                          load_dtd=False, no_network=True):
            local = etree.QName(element).localname
            if local == "EntityType":
                key = tuple(ref.get("Name") for ref in element.iter() if etree.QName(ref).localname == "PropertyRef")
                props = tuple(
                    Property(p.get("Name"), p.get("Type"), p.get("Nullable", "true") != "false",
                             int(p.get("MaxLength")) if (p.get("MaxLength") or "").isdigit() else None)
                    for p in element if etree.QName(p).localname == "Property")
                types[element.get("Name")] = EntityType(element.get("Name"), key, props)
            elif local == "Schema":
                namespace = element.get("Namespace") or namespace
            elif local == "EntitySet":
                sets[element.get("Name")] = element.get("EntityType")
    except etree.XMLSyntaxError as exc:
        raise MalformedFeed(f"malformed $metadata at line {exc.position[0]}, column {exc.position[1]}: {exc.msg}",
                            exc.position) from None
    found = {}
    for set_name, type_name in sets.items():
        local_name = type_name.rsplit(".", 1)[-1]
        if local_name in types:
            found[set_name] = types[local_name]
    return found


def _bytes_io(body: bytes) -> t.Any:
    import io  # noqa: PLC0415

    return io.BytesIO(body)
