"""The Five9 emulation against the facts in ``crm_sandbox/api/vendors/five9/CONTRACT.md``, over
HTTP: the WSDL read by zeep (a client other than ours), raw envelopes for what zeep hides
(``xsi:nil``, datetime spellings, fault bodies), the record limit and wildcard, the report flow,
the 401 page, injected faults, mutations."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone

import pytest
import requests
import zeep

from crm_sandbox.api.vendors.five9 import PASSWORD, USERNAME
from crm_sandbox.api.vendors.five9.soap import SOAP_ENV, TNS, XSI

SERVICE = "/wsadmin/v9_5/AdminWebService"
FIVE9_TIME = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$")
REPORT_TIME = re.compile(r"^[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d$")


class Loader(zeep.Transport):
    """zeep over HTTP, with the WS-I swaRef schema (imported from ws-i.org) served locally."""

    def load(self, url):
        if url.endswith("/swaref.xsd"):
            return (b'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" '
                    b'targetNamespace="http://ws-i.org/profiles/basic/1.1/xsd"><xs:simpleType name="swaRef">'
                    b'<xs:restriction base="xs:anyURI"/></xs:simpleType></xs:schema>')
        return super().load(url)


@pytest.fixture
def five9(fresh_sandbox):
    session = requests.Session()
    session.auth = (USERNAME, PASSWORD)
    client = zeep.Client(f"{fresh_sandbox.vendor_url('five9')}{SERVICE}?wsdl&user={USERNAME}",
                         transport=Loader(session=session))
    client.box = fresh_sandbox
    return client


def raw(box, operation: str, inner: str = "", auth=(USERNAME, PASSWORD)) -> requests.Response:
    body = (f'<soap:Envelope xmlns:soap="{SOAP_ENV}" xmlns:f="{TNS}"><soap:Body>'
            f"<f:{operation}>{inner}</f:{operation}></soap:Body></soap:Envelope>")
    return requests.post(f"{box.vendor_url('five9')}{SERVICE}", data=body.encode(), auth=auth, timeout=30,
                         headers={"Content-Type": "text/xml; charset=utf-8", "SOAPAction": '""'})


def fault_of(response: requests.Response) -> tuple[str, dict[str, str]]:
    detail = ET.fromstring(response.content).find(f"{{{SOAP_ENV}}}Body/{{{SOAP_ENV}}}Fault/detail/*")
    return detail.tag.split("}")[1], {child.tag: child.text for child in detail}


def test_wsdl_names_namespaces_and_address(fresh_sandbox):
    url = f"{fresh_sandbox.vendor_url('five9')}{SERVICE}"
    wsdl = requests.get(f"{url}?wsdl&user={USERNAME}", timeout=10)  # no credentials needed
    assert wsdl.status_code == 200 and wsdl.headers["Content-Type"].startswith("text/xml")
    doc = ET.fromstring(wsdl.content)
    assert doc.get("targetNamespace") == TNS and doc.get("name") == "WsAdminService"
    wsdl_ns = "{http://schemas.xmlsoap.org/wsdl/}"
    port = doc.find(f"{wsdl_ns}service/{wsdl_ns}port")
    assert port.get("name") == "WsAdminPort" and port.get("binding") == "tns:WsAdminServiceSoapBinding"
    assert port.find("{http://schemas.xmlsoap.org/wsdl/soap/}address").get("location") == url
    operations = {op.get("name") for op in doc.find(f"{wsdl_ns}portType").findall(f"{wsdl_ns}operation")}
    assert operations == {"getListsInfo", "getContactFields", "getContactRecords", "runReport", "isReportRunning",
                          "getReportResult", "getReportResultCsv"}
    parts = {m.get("name"): m.find(f"{wsdl_ns}part").get("element") for m in doc.findall(f"{wsdl_ns}message")}
    assert parts["CrmFieldNotFoundException"] == "tns:CrmFieldNotFoundFault"
    assert parts["ResultIsNotReadyException"] == "tns:ResultIsNotReadyFault"
    assert requests.get(url, timeout=10).status_code == 405  # without ?wsdl


def test_wrong_credentials_get_the_servers_html_401(fresh_sandbox):
    for auth in (None, (USERNAME, "wrong")):
        denied = raw(fresh_sandbox, "getListsInfo", auth=auth)
        assert denied.status_code == 401 and denied.headers["Content-Type"].startswith("text/html")
        assert "<title>JBoss Web" in denied.text and "Fault" not in denied.text


def test_lists_and_fields(five9):
    lists = {info.name: info.size for info in five9.service.getListsInfo(listNamePattern=".*")}
    members = [c["last_list"] for c in five9.box.dump("five9", "contacts")]
    assert lists == {name: members.count(name) for name in lists} and lists["Callback Requests"] == 0
    assert [i.name for i in five9.service.getListsInfo(listNamePattern="Web.*")] == ["Web Leads"]
    with pytest.raises(zeep.exceptions.Fault) as bad:
        five9.service.getListsInfo(listNamePattern="(")
    assert bad.value.detail[0].tag == f"{{{TNS}}}InvalidRegexpPatternFault"
    fields = {f.name: f for f in five9.service.getContactFields(namePattern=".*")}
    assert fields["New Contact Field"].mapTo == "LastModifiedDateTime" and fields["New Contact Field"].type == "DATE_TIME"
    assert fields["last_list"].mapTo == "LastList" and fields["number1"].system is True
    assert fields["f65d759a-2250-4b2d-89a9-60796f624f72"].type == "PHONE"
    assert {(r.type, r.value) for r in fields["Total Job Amount"].restrictions} == {("Precision", "7"), ("Scale", "2")}


def test_contact_records_wildcard_limit_nils_and_datetimes(five9):
    box = five9.box
    contacts = box.dump("five9", "contacts")
    web = [c for c in contacts if c["last_list"] == "Web Leads"]
    area = web[0]["number1"][:3]
    result = five9.service.getContactRecords(lookupCriteria={"criteria": [
        {"field": "last_list", "value": "Web Leads"}, {"field": "number1", "value": f"{area}%"}]})
    numbers = [dict(zip(result.fields, r.values.data))["number1"] for r in result.records]
    assert sorted(numbers) == sorted(c["number1"] for c in web if c["number1"].startswith(area))
    box.configure("five9", max_records=4)
    capped = five9.service.getContactRecords(lookupCriteria={"criteria": [{"field": "last_list", "value": "Web Leads"}]})
    assert len(capped.records) == 4 < len(web)  # the rest is cut off silently
    reply = raw(box, "getContactRecords", "<lookupCriteria><criteria><field>last_list</field><value>Web Leads</value>"
                                          "</criteria></lookupCriteria>")
    data = ET.fromstring(reply.content).findall(".//records/values/data")
    assert any(d.get(f"{{{XSI}}}nil") == "true" and d.text is None for d in data)
    fields = [f.text for f in ET.fromstring(reply.content).findall(".//fields")]
    created = [d.text for d in data[fields.index("sys_created_date")::len(fields)]]
    assert created and all(FIVE9_TIME.match(t) for t in created)


def test_contact_record_faults(fresh_sandbox):
    unknown = raw(fresh_sandbox, "getContactRecords",
                  "<lookupCriteria><criteria><field>nope</field><value>1</value></criteria></lookupCriteria>")
    assert unknown.status_code == 500
    assert fault_of(unknown) == ("CrmFieldNotFoundFault", {"fieldName": "nope", "message": "Contact field 'nope' not found"})
    assert fault_of(raw(fresh_sandbox, "getContactRecords", "<lookupCriteria/>"))[0] == "MissedArgumentFault"


def test_report_flow(five9):
    box = five9.box
    box.configure("five9", report_running_polls=2)
    end = datetime.now(timezone.utc)
    identifier = five9.service.runReport(folderName="Call Log Reports", reportName="Call Log",
                                         criteria={"time": {"start": end - timedelta(days=3000), "end": end}})
    with pytest.raises(zeep.exceptions.Fault) as early:
        five9.service.getReportResult(identifier=identifier)
    assert early.value.detail[0].tag == f"{{{TNS}}}ResultIsNotReadyFault"
    assert [five9.service.isReportRunning(identifier=identifier, timeout=5) for _ in range(3)] == [True, True, False]
    result = five9.service.getReportResult(identifier=identifier)
    assert result.header.values.data[:3] == ["CALL ID", "TIMESTAMP", "CAMPAIGN"]
    assert len(result.records) == len(box.dump("five9", "call_log"))
    assert all(REPORT_TIME.match(r.values.data[1]) for r in result.records)
    csv = five9.service.getReportResultCsv(identifier=identifier)
    assert csv.splitlines()[0].startswith("CALL ID,TIMESTAMP,") and len(csv.splitlines()) == len(result.records) + 1
    for call, expected in ((lambda: five9.service.isReportRunning(identifier="x", timeout=1), "UnknownIdentifierFault"),
                           (lambda: five9.service.runReport(folderName="Mine", reportName="Call Log",
                                                            criteria={"time": {"start": end, "end": end}}),
                            "ReportNotFoundFault")):
        with pytest.raises(zeep.exceptions.Fault) as fault:
            call()
        assert fault.value.detail[0].tag == f"{{{TNS}}}{expected}"


def test_injected_faults_and_the_operations_limit(fresh_sandbox):
    fresh_sandbox.faults([{"fault": "status", "status": 500, "vendor": "five9", "times": 1}])
    assert fault_of(raw(fresh_sandbox, "getListsInfo"))[0] == "ServerFault"
    fresh_sandbox.faults([{"fault": "status", "status": 503, "vendor": "five9", "times": 1}])
    assert raw(fresh_sandbox, "getListsInfo").headers["Content-Type"].startswith("text/html")
    fresh_sandbox.faults([])
    fresh_sandbox.configure("five9", operations_per_minute=2)
    statuses = [raw(fresh_sandbox, "getListsInfo").status_code for _ in range(3)]
    limited = raw(fresh_sandbox, "getListsInfo")
    assert statuses == [200, 200, 429] and fault_of(limited)[0] == "OperationsLimitExceededFault"


def test_mutations_move_the_modification_field(fresh_sandbox):
    box = fresh_sandbox
    first = sorted(box.dump("five9", "contacts"), key=lambda c: c["contactID"])[0]
    at = "2030-01-02T03:04:05+00:00"
    box.mutate("five9", {"action": "update", "object": "contacts", "ids": [first["contactID"]],
                         "changes": {"Lead Status": "Contacted"}, "at": at})
    after = next(c for c in box.dump("five9", "contacts") if c["contactID"] == first["contactID"])
    assert after["New Contact Field"] == at and after["Lead Status"] == "Contacted"
    assert after["sys_last_disposition_time"] == first["sys_last_disposition_time"]  # not a disposition
    calls = len(box.dump("five9", "call_log"))
    box.mutate("five9", {"action": "dispose", "object": "contacts", "ids": [first["contactID"]], "at": at})
    disposed = next(c for c in box.dump("five9", "contacts") if c["contactID"] == first["contactID"])
    assert disposed["sys_last_disposition_time"] == at and len(box.dump("five9", "call_log")) == calls + 1
    box.mutate("five9", {"action": "delete", "object": "contacts", "ids": [first["contactID"]]})
    assert first["contactID"] not in {c["contactID"] for c in box.dump("five9", "contacts")}
