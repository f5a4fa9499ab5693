"""SOAP 1.1 document/literal as Five9's Admin Web Service speaks it: the WSDL (the operations
the emulation serves, with the faults Five9's WSDL declares for each), request bodies in, answers
and faults out.  Elements below an operation are unqualified (``elementFormDefault="unqualified"``);
a null is an empty element with ``xsi:nil="true"``."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from string import Template
from typing import Any

TNS = "http://service.admin.ws.five9.com/"
SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML = "text/xml; charset=utf-8"

#: Faults every operation used here declares in Five9's WSDL (wsdl:fault names).
COMMON = ("ServerException", "UserAlreadyLoggedInException", "AccessDisallowedException",
          "ServiceUnavailableException", "MissedArgumentException", "OperationsLimitExceededException",
          "AdminSessionClosedException", "IncorrectArgumentException", "InvalidAccountException")
#: The operations served and the faults each declares besides ``COMMON``.
OPERATIONS: dict[str, tuple[str, ...]] = {
    "getListsInfo": ("InvalidRegexpPatternException",),
    "getContactFields": ("InvalidRegexpPatternException",),
    "getContactRecords": ("CrmFieldNotFoundException",),
    "runReport": ("ObjectNotFoundException", "ReportNotFoundException"),
    "isReportRunning": ("UnknownIdentifierException",),
    "getReportResult": ("UnknownIdentifierException", "ResultIsNotReadyException"),
    "getReportResultCsv": ("UnknownIdentifierException", "ResultIsNotReadyException"),
}
#: wsdl:fault (message) name → the fault element carried in ``detail``.
FAULT_ELEMENTS = {name: name.removesuffix("Exception") + "Fault"
                  for names in (COMMON, *OPERATIONS.values()) for name in names}

ET.register_namespace("soap", SOAP_ENV)
ET.register_namespace("xsi", XSI)


def wsdl(address: str) -> str:
    """The WSDL with the service address the client used (as JAX-WS rewrites ``soap:address``)."""
    template = Template(Path(__file__).with_name("AdminWebService.wsdl").read_text())
    faults = sorted(set(FAULT_ELEMENTS))
    messages = "\n".join(
        f'  <wsdl:message name="{f}">\n    <wsdl:part element="tns:{FAULT_ELEMENTS[f]}" name="{f}">\n'
        f"    </wsdl:part>\n  </wsdl:message>" for f in faults)
    port, binding = [], []
    for op, extra in OPERATIONS.items():
        declared = (*COMMON, *extra)
        port.append(f'    <wsdl:operation name="{op}">\n'
                    f'      <wsdl:input message="tns:{op}" name="{op}">\n    </wsdl:input>\n'
                    f'      <wsdl:output message="tns:{op}Response" name="{op}Response">\n    </wsdl:output>\n'
                    + "".join(f'      <wsdl:fault message="tns:{f}" name="{f}">\n    </wsdl:fault>\n' for f in declared)
                    + "    </wsdl:operation>")
        binding.append(f'    <wsdl:operation name="{op}">\n'
                       f'      <soap:operation soapAction="" style="document"/>\n'
                       f'      <wsdl:input name="{op}">\n        <soap:body use="literal"/>\n      </wsdl:input>\n'
                       f'      <wsdl:output name="{op}Response">\n        <soap:body use="literal"/>\n      </wsdl:output>\n'
                       + "".join(f'      <wsdl:fault name="{f}">\n        <soap:fault name="{f}" use="literal"/>\n'
                                 f"      </wsdl:fault>\n" for f in declared)
                       + "    </wsdl:operation>")
    return template.substitute(address=address, fault_messages=messages, port_operations="\n".join(port),
                               binding_operations="\n".join(binding))


class SoapError(Exception):
    """A declared fault: ``fault`` is the wsdl:fault name (``CrmFieldNotFoundException``)."""

    def __init__(self, fault: str, message: str, **fields: Any) -> None:
        super().__init__(message)
        self.fault, self.message, self.fields = fault, message, fields


def parse_call(body: bytes) -> tuple[str, ET.Element]:
    """(operation, its element) from a request envelope; a malformed one is a client fault."""
    try:
        root = ET.fromstring(body)
    except ET.ParseError as exc:
        raise SoapError("IncorrectArgumentException", f"Malformed SOAP request: {exc}") from None
    call = root.find(f"{{{SOAP_ENV}}}Body/*")
    if root.tag != f"{{{SOAP_ENV}}}Envelope" or call is None:
        raise SoapError("IncorrectArgumentException", "The request is not a SOAP 1.1 envelope with a body")
    namespace, _, operation = call.tag[1:].partition("}")
    if namespace != TNS or operation not in OPERATIONS:
        raise SoapError("IncorrectArgumentException", f"Unknown operation {{{namespace}}}{operation}")
    return operation, call


def text(element: ET.Element, path: str) -> str | None:
    """The text of an unqualified child (None when absent or nil; ``""`` when empty)."""
    found = element.find(path)
    if found is None or found.get(f"{{{XSI}}}nil") == "true":
        return None
    return found.text or ""


def add(parent: ET.Element, tag: str, value: Any = None) -> ET.Element:
    """An unqualified child; None → ``xsi:nil="true"``; booleans as ``true``/``false``."""
    child = ET.SubElement(parent, tag)
    if value is None:
        child.set(f"{{{XSI}}}nil", "true")
    else:
        child.text = ("true" if value else "false") if isinstance(value, bool) else str(value)
    return child


def _envelope() -> tuple[ET.Element, ET.Element]:
    envelope = ET.Element(f"{{{SOAP_ENV}}}Envelope")
    return envelope, ET.SubElement(envelope, f"{{{SOAP_ENV}}}Body")


def answer(operation: str) -> tuple[ET.Element, ET.Element]:
    """(envelope, ``<operation>Response`` in Five9's namespace) to fill with ``return`` elements."""
    envelope, body = _envelope()
    return envelope, ET.SubElement(body, f"{{{TNS}}}{operation}Response")


def render(envelope: ET.Element) -> str:
    return ET.tostring(envelope, encoding="unicode", xml_declaration=False)


def fault(fault_name: str, message: str, **fields: Any) -> str:
    """A SOAP 1.1 fault carrying Five9's fault element (``<ServerFault><message>``) in ``detail``."""
    envelope, body = _envelope()
    node = ET.SubElement(body, f"{{{SOAP_ENV}}}Fault")
    ET.SubElement(node, "faultcode").text = "soap:Server"
    ET.SubElement(node, "faultstring").text = message
    element = FAULT_ELEMENTS.get(fault_name, fault_name.removesuffix("Exception") + "Fault")
    detail = ET.SubElement(ET.SubElement(node, "detail"), f"{{{TNS}}}{element}")
    for name, value in sorted({**fields, "message": message}.items()):
        ET.SubElement(detail, name).text = str(value)
    return render(envelope)
