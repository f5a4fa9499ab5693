"""Five9's Admin Web Service through zeep: the WSDL read once, envelopes built and replies parsed
by zeep.  No HTTP here — the stream sends what this builds (``client.py``), so every call gets the
kit's auth, timeouts, retries and credential errors.
"""

from __future__ import annotations

import typing as t
from importlib import resources
from urllib.parse import urlsplit, urlunsplit

import zeep
from lxml import etree

if t.TYPE_CHECKING:
    import requests

#: The WS-I "SOAP with attachments" schema Five9's WSDL imports from ws-i.org (one simple type,
#: ``swaRef``); served from the package so loading the WSDL needs no third-party host.
SWAREF = resources.files(__package__).joinpath("swaref.xsd").read_bytes()


class _Loader(zeep.Transport):
    """zeep reads documents through ``load``: the WSDL (and anything it imports from its own
    host) through ``fetch``; the WS-I swaRef schema from the package."""

    def __init__(self, fetch: t.Callable[[str], bytes]) -> None:
        super().__init__()
        self._fetch = fetch

    def load(self, url: str) -> bytes:
        return SWAREF if url.endswith("/swaref.xsd") else self._fetch(url)


class Service:
    """One Five9 service described by its WSDL: ``message`` → (body, headers), ``reply`` → the result."""

    def __init__(self, wsdl_url: str, fetch: t.Callable[[str], bytes]) -> None:
        self.client = zeep.Client(wsdl_url, transport=_Loader(fetch))
        service = next(iter(self.client.wsdl.services.values()))  # WsAdminService / WsAdminPort
        port = next(iter(service.ports.values()))
        self.proxy = self.client.bind(service.name, port.name)
        self.binding = port.binding
        self.endpoint = _endpoint(wsdl_url, port.binding_options.get("address"))

    def message(self, operation: str, **params: t.Any) -> tuple[bytes, dict[str, str]]:
        envelope = self.client.create_message(self.proxy, operation, **params)
        action = self.binding.get(operation).soapaction or ""
        return (etree.tostring(envelope, xml_declaration=True, encoding="utf-8"),
                {"Content-Type": "text/xml; charset=utf-8", "SOAPAction": f'"{action}"'})

    def reply(self, operation: str, response: requests.Response) -> t.Any:
        """The operation's result; raises ``zeep.exceptions.Fault`` for a SOAP fault and
        ``zeep.exceptions.TransportError`` for a body that is not the SOAP reply."""
        return self.binding.process_reply(self.client, self.binding.get(operation), response)


def _endpoint(wsdl_url: str, address: str | None) -> str:
    """Where calls go: the WSDL's ``soap:address`` when it names the host the WSDL came from (the
    server wrote its own address), else the WSDL URL without its query — Five9's convention
    (``…/AdminWebService?wsdl&user=…`` is served by ``…/AdminWebService``)."""
    wsdl = urlsplit(wsdl_url)
    if address and urlsplit(address).netloc == wsdl.netloc:
        return address
    return urlunsplit((wsdl.scheme, wsdl.netloc, wsdl.path, "", ""))


def fault_kind(fault: zeep.exceptions.Fault) -> str:
    """Five9's fault element in ``detail`` (``CrmFieldNotFoundFault``), or the SOAP fault code."""
    detail = fault.detail if isinstance(fault.detail, etree._Element) else None  # noqa: SLF001 - lxml's element type
    child = next(iter(detail), None) if detail is not None else None
    return etree.QName(child).localname if child is not None else str(fault.code or "Fault")


def is_fault(content: bytes) -> bool:
    """Whether a body is a complete SOAP envelope holding a ``Fault`` (an HTTP 500 that is a
    Five9 answer rather than a transport failure)."""
    try:
        root = etree.fromstring(content, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return False
    return root.find("{*}Body/{*}Fault") is not None
