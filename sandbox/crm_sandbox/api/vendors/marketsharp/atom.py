"""What WCF Data Services writes: Atom feeds (OData v2), the ``$metadata`` EDMX and error bodies.

Text is escaped as .NET's ``XmlWriter`` does with character checking off: ``& < >`` as
entities, a carriage return as ``&#xD;`` (a raw CR would be normalised away by any parser), and
characters XML 1.0 does not allow (C0 controls other than tab/LF/CR, U+FFFE, U+FFFF) as
character references such as ``&#x1F;`` — which makes the document not well-formed XML 1.0:
a strict parser refuses it, which is why the predecessor sanitised feeds with regexes.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, Iterable

from .model import CONTAINER, NAMESPACE, EntitySet
from .odata import edm_datetime, literal

ATOM = "http://www.w3.org/2005/Atom"
D = "http://schemas.microsoft.com/ado/2007/08/dataservices"
M = "http://schemas.microsoft.com/ado/2007/08/dataservices/metadata"
SCHEME = "http://schemas.microsoft.com/ado/2007/08/dataservices/scheme"
DECLARATION = '<?xml version="1.0" encoding="utf-8" standalone="yes"?>'

_ESCAPES = {ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;", ord("\r"): "&#xD;",
            **{c: f"&#x{c:X};" for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF)}}
_ATTR_ESCAPES = {**_ESCAPES, ord('"'): "&quot;"}


def text(value: str) -> str:
    return value.translate(_ESCAPES)


def attr(value: str) -> str:
    return value.translate(_ATTR_ESCAPES)


def _value(edm: str, value: Any) -> str:
    if edm == "Edm.DateTime":
        return edm_datetime(value)
    if edm == "Edm.Boolean":
        return "true" if value else "false"
    if edm == "Edm.Decimal":
        return str(Decimal(str(value)))
    if edm == "Edm.Double":
        return repr(float(value))
    return text(str(value))


def entry(base: str, entity: EntitySet, row: dict[str, Any], updated: str) -> str:
    key = literal(entity.types[entity.key], row[entity.key])
    href = f"{entity.name}({key})"
    parts = [f'<entry><id>{attr(base + href)}</id><title type="text" /><updated>{updated}</updated>'
             f'<author><name /></author><link rel="edit" title="{entity.type_name}" href="{attr(href)}" />'
             f'<category term="{NAMESPACE}.{entity.type_name}" scheme="{SCHEME}" />'
             '<content type="application/xml"><m:properties>']
    for prop in entity.props:
        value = row.get(prop.name)
        typed = "" if prop.edm == "Edm.String" else f' m:type="{prop.edm}"'
        if value is None:
            parts.append(f'<d:{prop.name}{typed} m:null="true" />')
        else:
            parts.append(f"<d:{prop.name}{typed}>{_value(prop.edm, value)}</d:{prop.name}>")
    parts.append("</m:properties></content></entry>")
    return "".join(parts)


def feed(base: str, entity: EntitySet, rows: Iterable[dict[str, Any]], now: datetime,
         next_link: str | None = None, count: int | None = None) -> str:
    updated = now.strftime("%Y-%m-%dT%H:%M:%SZ")
    head = (f'{DECLARATION}<feed xml:base="{attr(base)}" xmlns:d="{D}" xmlns:m="{M}" xmlns="{ATOM}">'
            f'<title type="text">{entity.name}</title><id>{attr(base + entity.name)}</id>'
            f'<updated>{updated}</updated><link rel="self" title="{entity.name}" href="{entity.name}" />')
    if count is not None:
        head += f"<m:count>{count}</m:count>"
    body = "".join(entry(base, entity, row, updated) for row in rows)
    tail = f'<link rel="next" href="{attr(next_link)}" />' if next_link else ""
    return f"{head}{body}{tail}</feed>"


def metadata(sets: Iterable[EntitySet]) -> str:
    sets = list(sets)
    types = []
    for s in sets:
        props = []
        for p in s.props:
            facets = f' Nullable="{"true" if p.nullable else "false"}"'
            if p.max_length:
                facets += f' MaxLength="{p.max_length}" Unicode="true" FixedLength="false"'
            if p.precision:
                facets += f' Precision="{p.precision[0]}" Scale="{p.precision[1]}"'
            props.append(f'<Property Name="{p.name}" Type="{p.edm}"{facets} />')
        types.append(f'<EntityType Name="{s.type_name}"><Key><PropertyRef Name="{s.key}" /></Key>'
                     f'{"".join(props)}</EntityType>')
    container = "".join(f'<EntitySet Name="{s.name}" EntityType="{NAMESPACE}.{s.type_name}" />' for s in sets)
    return (f'{DECLARATION}<edmx:Edmx Version="1.0" xmlns:edmx="http://schemas.microsoft.com/ado/2007/06/edmx">'
            f'<edmx:DataServices xmlns:m="{M}" m:DataServiceVersion="1.0">'
            f'<Schema Namespace="{NAMESPACE}" xmlns:d="{D}" xmlns:m="{M}" '
            'xmlns="http://schemas.microsoft.com/ado/2008/09/edm">'
            f'{"".join(types)}<EntityContainer Name="{CONTAINER}" m:IsDefaultEntityContainer="true">'
            f"{container}</EntityContainer></Schema></edmx:DataServices></edmx:Edmx>")


def service_document(base: str, sets: Iterable[EntitySet]) -> str:
    collections = "".join(f'<collection href="{s.name}"><atom:title>{s.name}</atom:title></collection>'
                          for s in sets)
    return (f'{DECLARATION}<service xml:base="{attr(base)}" xmlns:atom="{ATOM}" '
            f'xmlns:app="http://www.w3.org/2007/app" xmlns="http://www.w3.org/2007/app">'
            f'<workspace><atom:title>Default</atom:title>{collections}</workspace></service>')


def error(message: str, code: str = "") -> str:
    return (f'{DECLARATION}<error xmlns="{M}"><code>{text(code)}</code>'
            f'<message xml:lang="en-US">{text(message)}</message></error>')
