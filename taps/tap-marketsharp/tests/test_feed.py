"""The Atom reader on its own: characters XML 1.0 forbids, legitimate references, chunk
boundaries, truncated and malformed documents (no HTTP; the reader is plain lxml over bytes)."""

from __future__ import annotations

import pytest

from tap_marketsharp import feed
from tap_marketsharp.feed import MalformedFeed, TruncatedFeed, read_feed, read_metadata
from tap_marketsharp.schemas import entity_schema

HEAD = (b'<?xml version="1.0" encoding="utf-8" standalone="yes"?><feed xmlns="http://www.w3.org/2005/Atom" '
        b'xmlns:d="http://schemas.microsoft.com/ado/2007/08/dataservices" '
        b'xmlns:m="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata">')
COLUMNS = {"note": ("note", None), "n": ("n", int), "gone": ("gone", None)}  # text columns: no converter


def document(note: bytes, tail: bytes = b"") -> bytes:
    return (HEAD + b"<entry><content><m:properties><d:note>" + note + b'</d:note><d:n m:type="Edm.Int32">7</d:n>'
            b'<d:gone m:null="true" /><d:unknown>x</d:unknown></m:properties></content></entry>' + tail + b"</feed>")


@pytest.mark.parametrize("raw,expected", [
    (b"line one&#xD;&#xA;line two", "line one\r\nline two"),  # a CR survives (a blind sanitiser drops it)
    (b"Word&#xB;pasted", "Word\x0bpasted"),  # forbidden in XML 1.0, kept as the character
    (b"&#x1F;&#31;&#x1;&#0;", "\x1f\x1f\x01\x00"),
    (b"&#xFFFE;&#xFFFF;", "\ufffe\uffff"),
    (b"&#xD800;", "\ufffd"),  # a lone surrogate cannot be UTF-8
    (b"&amp;&lt;&#x2019;&#233; Jos\xc3\xa9 \xe2\x9c\x93", "&<\u2019\u00e9 Jos\u00e9 \u2713"),
    (b"<![CDATA[&#x1; stays text]]>", "&#x1; stays text"),
    (b"", ""),
])
@pytest.mark.parametrize("chunk", [1, 3, 7, 1 << 16])
def test_text_is_read_exactly(monkeypatch, raw, expected, chunk):
    monkeypatch.setattr(feed, "CHUNK", chunk)
    page = read_feed(document(raw), COLUMNS)
    assert page.rows == [{"note": expected, "n": 7, "gone": None}]


def test_next_link_and_forbidden_character_in_an_attribute():
    page = read_feed(document(b"x", b'<link rel="next" href="Contacts?$skiptoken=&#x1;1" />'), COLUMNS)
    assert page.next_link == "Contacts?$skiptoken=\ufffd1"


def test_a_cut_off_document_is_truncated_not_malformed():
    body = document(b"abc")
    for cut in (len(body) // 3, len(body) - 2):
        with pytest.raises(TruncatedFeed, match="ends early"):
            read_feed(body[:cut], COLUMNS)


def test_a_malformed_document_names_its_position_in_the_document_as_received():
    body = document(b"a &#xB; b < c")
    with pytest.raises(MalformedFeed) as raised:
        read_feed(body, COLUMNS)
    line, column = raised.value.position
    assert line == 1 and abs(column - body.index(b"< c")) <= 3, (column, body.index(b"< c"))
    assert "malformed XML at line 1, column" in str(raised.value)


def test_entities_are_not_expanded():
    """No DTD entity expansion (billion laughs, external entities): an entity stays unexpanded."""
    body = document(b"&x;").replace(b"?>", b'?><!DOCTYPE feed [<!ENTITY x "boom">]>', 1)
    assert "boom" not in read_feed(body, COLUMNS).rows[0]["note"]


METADATA = b"""<?xml version="1.0" encoding="utf-8"?><edmx:Edmx Version="1.0"
 xmlns:edmx="http://schemas.microsoft.com/ado/2007/06/edmx"><edmx:DataServices><Schema Namespace="M"
 xmlns="http://schemas.microsoft.com/ado/2009/11/edm"><EntityType Name="Thing"><Key><PropertyRef Name="thingId"/></Key>
 <Property Name="thingId" Type="Edm.Int64" Nullable="false"/><Property Name="lastUpdate" Type="Edm.DateTime"/>
 <Property Name="price" Type="Edm.Decimal" Precision="10" Scale="2"/><Property Name="name" Type="Edm.String"
 MaxLength="40"/><Property Name="ok" Type="Edm.Boolean" Nullable="false"/><Property Name="ref" Type="Edm.Guid"/>
 </EntityType><EntityContainer Name="C"><EntitySet Name="Things" EntityType="M.Thing"/></EntityContainer>
 </Schema></edmx:DataServices></edmx:Edmx>"""


def test_schema_from_metadata_of_any_edm_version():
    things = read_metadata(METADATA)["Things"]
    assert things.key == ("thingId",)
    assert entity_schema(things) == {"type": "object", "required": ["thing_id"], "properties": {
        "thing_id": {"type": ["integer"]}, "last_update": {"type": ["string", "null"], "format": "date-time"},
        "price": {"type": ["number", "null"]}, "name": {"type": ["string", "null"], "maxLength": 40},
        "ok": {"type": ["boolean", "null"]}, "ref": {"type": ["string", "null"], "format": "uuid"}}}


def test_tolerated_variations_of_other_odata_servers():
    """Empty typed values without ``m:null``, ``True``/``1`` booleans, a media link entry's
    properties directly under ``entry``, instants with an offset."""
    body = (HEAD + b'<entry><m:properties><d:n m:type="Edm.Int32"></d:n><d:ok>True</d:ok>'
            b'<d:at>2024-01-01T10:00:00Z</d:at></m:properties></entry>'
            b'<entry><m:properties><d:n>3</d:n><d:ok>1</d:ok><d:at>2024-01-01T05:00:00.5-05:00</d:at>'
            b"</m:properties></entry></feed>")
    from tap_marketsharp.schemas import converter
    columns = {"n": ("n", converter("Edm.Int32")), "ok": ("ok", converter("Edm.Boolean")),
               "at": ("at", converter("Edm.DateTime"))}
    assert read_feed(body, columns).rows == [
        {"n": None, "ok": True, "at": "2024-01-01T10:00:00.000000+00:00"},
        {"n": 3, "ok": True, "at": "2024-01-01T10:00:00.500000+00:00"}]
