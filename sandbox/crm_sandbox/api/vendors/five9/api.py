"""Five9 Configuration Web Services (``AdminWebService`` v9_5, SOAP) emulation, mounted at
``/five9/wsadmin/v9_5/AdminWebService``.  Facts and sources: ``CONTRACT.md`` beside this file.

- ``GET …/AdminWebService?wsdl&user=<name>``: the WSDL (``soap.py``), service address = the URL
  the client reached.  ``POST …/AdminWebService``: SOAP 1.1 document/literal, HTTP Basic auth;
  wrong credentials → 401 with the application server's HTML error page (no SOAP fault).
- ``getListsInfo(listNamePattern)`` / ``getContactFields(namePattern)``: regex filters.
- ``getContactRecords(lookupCriteria)``: criteria ANDed; ``%`` is the wildcard; at most
  ``max_records`` (1,000) records per call, the rest silently cut off (knob ``over_limit_fault``:
  ``TooManyItemsFault`` instead); nulls ``xsi:nil``;
  datetimes ``yyyy-MM-dd HH:mm:ss.SSS`` in the domain's time zone.
- ``runReport`` ("Call Log Reports"/"Call Log", ``criteria.time``) → identifier;
  ``isReportRunning`` answers true ``report_running_polls`` times; ``getReportResult`` /
  ``getReportResultCsv`` before that → ``ResultIsNotReadyFault``.
- ``denied_operations``: operations the user's role may not call (``AccessDisallowedFault``).
- A report holds at most ``max_report_rows`` rows (unset: all; Five9 publishes no figure).
- Faults: SOAP 1.1 ``Fault`` (HTTP 500) with Five9's fault element in ``detail``; the knob
  ``operations_per_minute`` answers ``OperationsLimitExceededFault`` (HTTP 429).

Admin: ``mutate`` ``{"action": "update"|"dispose"|"create"|"delete", "object": "contacts", "ids"|"count",
"changes"?, "list"?, "at"?}`` and ``{"action": "create", "object": "call_log", "count", "at"?}``;
``dump/contacts`` (Five9 field names, typed values), ``dump/call_log`` (report column names),
``dump/operations`` (the SOAP operations called so far, in order).
"""

from __future__ import annotations

import csv
import io
import random
import re
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from typing import Any
from zoneinfo import ZoneInfo

from crm_sandbox.api.kit import AdminError, Basic, Request, Response, Vendor, Window, parse_instant, route
from crm_sandbox.api.vendors.five9 import soap
from crm_sandbox.api.vendors.five9.data import (CALL_COLUMNS, CALL_LOG, FIELDS, LISTS, MODIFIED, TYPES,
                                                Five9Data, report_time, typed, wire)

USERNAME = "api.user@demo-exteriors.example"
PASSWORD = "demo-five9-password"
SERVICE = "/wsadmin/v9_5/AdminWebService"
#: The application server's own 401 page (Five9 answers wrong credentials before SOAP).
UNAUTHORIZED_PAGE = ("<html><head><title>JBoss Web/7.5.3.Final - JBWEB000064: Error report</title></head>"
                     "<body><h1>JBWEB000065: HTTP Status {status} - </h1><hr/><p><b>JBWEB000309: type</b> "
                     "JBWEB000067: Status report</p><p><b>JBWEB000069: description</b> {message}</p><hr/>"
                     "<h3>JBoss Web/7.5.3.Final</h3></body></html>")


class Five9(Vendor):
    name = "five9"
    credentials = {"username": USERNAME, "password": PASSWORD}
    auth = Basic()
    knobs = {"accepted": [[USERNAME, PASSWORD]], "max_records": 1000, "report_running_polls": 1,
             "time_zone": "America/Los_Angeles", "modified_field": True, "operations_per_minute": None,
             "max_report_rows": None, "denied_operations": [], "over_limit_fault": False}
    rate_windows = (Window("operations_per_minute", 60, "Operations limit exceeded",
                           applies=lambda request: request.method == "POST"),)

    def __init__(self, world) -> None:
        super().__init__(world)
        self.data = Five9Data.build(world)
        self.reports: dict[str, dict[str, Any]] = {}
        self.operations: list[dict[str, Any]] = []  # every SOAP call: operation and its arguments

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.knobs["time_zone"])

    # ---- auth, errors -------------------------------------------------------------------
    def authenticate(self, request: Request) -> Response | None:
        if request.method == "GET" and request.path == SERVICE:  # the WSDL is public
            return None
        return super().authenticate(request)

    def unauthorized(self, request: Request) -> Response:
        return self._page(401, "JBWEB000046: This request requires HTTP authentication.",
                          {"WWW-Authenticate": 'Basic realm="ApplicationRealm"'})

    def error(self, status: int, message: str, **extra: Any) -> Response:
        """500: a SOAP ``ServerFault``; 429: ``OperationsLimitExceededFault``; others come from the
        web tier in front of the service: an HTML page."""
        if status == 500:
            return Response(500, soap.fault("ServerException", message), {"Content-Type": soap.XML})
        if status == 429:
            return Response(429, soap.fault("OperationsLimitExceededException", message, operationType="Query",
                                            limit=self.knobs["operations_per_minute"] or 0),
                            {"Content-Type": soap.XML})
        return self._page(status, message)

    def _page(self, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
        return Response(status, UNAUTHORIZED_PAGE.format(status=status, message=message),
                        {"Content-Type": "text/html;charset=utf-8", **(headers or {})})

    # ---- HTTP ---------------------------------------------------------------------------
    @route("GET", SERVICE)
    def get_wsdl(self, request: Request) -> Response:
        if "wsdl" not in request.query:
            return self._page(405, "HTTP method GET is not supported by this URL")
        host = request.headers.get("host", "localhost")
        return Response(200, soap.wsdl(f"http://{host}/{self.name}{SERVICE}"), {"Content-Type": soap.XML})

    @route("POST", SERVICE)
    def call(self, request: Request) -> Response:
        try:
            operation, element = soap.parse_call(request.body)
            self.operations.append({"operation": operation, **_arguments(element)})
            if operation in self.knobs["denied_operations"]:  # the user's role lacks the permission
                raise soap.SoapError("AccessDisallowedException", f"Access to {operation} is disallowed for this user")
            envelope, reply = soap.answer(operation)
            getattr(self, f"_{operation}")(element, reply)
        except soap.SoapError as exc:
            return Response(500, soap.fault(exc.fault, exc.message, **exc.fields), {"Content-Type": soap.XML})
        return Response(200, soap.render(envelope), {"Content-Type": soap.XML})

    # ---- operations ---------------------------------------------------------------------
    def _getListsInfo(self, call: ET.Element, reply: ET.Element) -> None:
        pattern = _regex(soap.text(call, "listNamePattern"))
        for name, size in self.data.lists():
            if pattern.fullmatch(name):
                info = soap.add(reply, "return", "")
                soap.add(info, "name", name)
                soap.add(info, "size", size)

    def _getContactFields(self, call: ET.Element, reply: ET.Element) -> None:
        pattern = _regex(soap.text(call, "namePattern"))
        for name, kind, map_to, display, system, restrictions in FIELDS:
            if name == MODIFIED and not self.knobs["modified_field"]:
                map_to = "None"  # the account keeps no LastModifiedDateTime field
            if not pattern.fullmatch(name):
                continue
            item = soap.add(reply, "return", "")
            soap.add(item, "displayAs", display)
            soap.add(item, "mapTo", map_to)
            soap.add(item, "name", name)
            for rtype, value in restrictions.items():
                restriction = soap.add(item, "restrictions", "")
                soap.add(restriction, "type", rtype)
                soap.add(restriction, "value", value)
            soap.add(item, "system", system)
            soap.add(item, "type", kind)

    def _getContactRecords(self, call: ET.Element, reply: ET.Element) -> None:
        criteria = [(soap.text(c, "field"), soap.text(c, "value")) for c in call.findall("lookupCriteria/criteria")]
        if not criteria:
            raise soap.SoapError("MissedArgumentException", "lookupCriteria must contain at least one criterion")
        for field, _ in criteria:
            if field not in TYPES:
                raise soap.SoapError("CrmFieldNotFoundException", f"Contact field '{field}' not found",
                                     fieldName=field or "")
        exact = {f: v for f, v in criteria if v and "%" not in v}
        prefix = next((v.rstrip("%") for f, v in criteria if f == "number1" and v and v.endswith("%")
                       and "%" not in v[:-1]), None)
        matchers = [(f, _like(v)) for f, v in criteria]
        found = []
        for cid in self.data.candidates(exact.get("last_list"), prefix):
            contact = self.data.contacts[cid]
            if all(m(wire(contact[f], TYPES[f], self.tz)) for f, m in matchers):
                found.append(contact)
                if len(found) > int(self.knobs["max_records"]):
                    break
        if len(found) > int(self.knobs["max_records"]):
            if self.knobs["over_limit_fault"]:  # the other reading of the limit: refuse the lookup
                raise soap.SoapError("TooManyItemsException",
                                     f"The lookup matches more than {self.knobs['max_records']} records")
            found = found[: int(self.knobs["max_records"])]  # "Returns a maximum of 1000 records per call"
        result = soap.add(reply, "return", "")
        for name in TYPES:
            soap.add(result, "fields", name)
        for contact in found:
            values = soap.add(soap.add(result, "records", ""), "values", "")
            for name, kind in TYPES.items():
                soap.add(values, "data", wire(contact[name], kind, self.tz))

    def _runReport(self, call: ET.Element, reply: ET.Element) -> None:
        folder, report = soap.text(call, "folderName"), soap.text(call, "reportName")
        if (folder, report) != CALL_LOG:
            raise soap.SoapError("ReportNotFoundException", f"Report '{report}' not found in folder '{folder}'",
                                 folder=folder or "", reportName=report or "")
        start, end = soap.text(call, "criteria/time/start"), soap.text(call, "criteria/time/end")
        if not start or not end:
            raise soap.SoapError("MissedArgumentException", "criteria.time.start and criteria.time.end are required")
        start_at, end_at = self._instant(start), self._instant(end)
        if start_at > end_at:
            raise soap.SoapError("IncorrectArgumentException", "criteria.time.start is after criteria.time.end")
        identifier = f"{len(self.reports) + 1:08d}-{random.Random(f'{self.world.seed}:{start}').getrandbits(32):08x}"
        rows = self.data.report_rows(start_at, end_at)
        if self.knobs["max_report_rows"] is not None:  # a report holds so many rows, the rest are cut off
            rows = rows[: int(self.knobs["max_report_rows"])]
        self.reports[identifier] = {"rows": [dict(r) for r in rows], "polls": int(self.knobs["report_running_polls"])}
        soap.add(reply, "return", identifier)

    def _isReportRunning(self, call: ET.Element, reply: ET.Element) -> None:
        job = self._report(soap.text(call, "identifier"))
        running = job["polls"] > 0
        job["polls"] = max(0, job["polls"] - 1)
        soap.add(reply, "return", running)

    def _getReportResult(self, call: ET.Element, reply: ET.Element) -> None:
        rows = self._finished(soap.text(call, "identifier"))
        result = soap.add(reply, "return", "")
        header = soap.add(soap.add(result, "header", ""), "values", "")
        for column in CALL_COLUMNS:
            soap.add(header, "data", column)
        for row in rows:
            values = soap.add(soap.add(result, "records", ""), "values", "")
            for column in CALL_COLUMNS:
                soap.add(values, "data", self._cell(row, column))

    def _getReportResultCsv(self, call: ET.Element, reply: ET.Element) -> None:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(CALL_COLUMNS)
        for row in self._finished(soap.text(call, "identifier")):
            writer.writerow(["" if (v := self._cell(row, c)) is None else v for c in CALL_COLUMNS])
        soap.add(reply, "return", out.getvalue())

    def _report(self, identifier: str | None) -> dict[str, Any]:
        if identifier not in self.reports:
            raise soap.SoapError("UnknownIdentifierException", f"Unknown report identifier '{identifier}'")
        return self.reports[identifier]

    def _finished(self, identifier: str | None) -> list[dict[str, Any]]:
        job = self._report(identifier)
        if job["polls"] > 0:
            raise soap.SoapError("ResultIsNotReadyException", f"Report '{identifier}' is still running")
        return job["rows"]

    def _cell(self, row: dict[str, Any], column: str) -> str | None:
        value = row[column]
        return report_time(value, self.tz) if isinstance(value, datetime) else (None if value is None else str(value))

    def _instant(self, text: str) -> datetime:
        """An ``xs:dateTime``; without an offset it is read in the domain's time zone."""
        try:
            parsed = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
        except ValueError:
            raise soap.SoapError("IncorrectArgumentException", f"'{text}' is not an xs:dateTime") from None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=self.tz)

    # ---- admin --------------------------------------------------------------------------
    def mutate(self, body: dict[str, Any]) -> dict[str, Any]:
        action, obj = body.get("action"), body.get("object")
        at = (parse_instant(body["at"]) if body.get("at") else datetime.now(timezone.utc)).replace(microsecond=0)
        rng = random.Random(f"{self.world.seed}:five9:mutate:{len(self.data.calls)}:{at.isoformat()}")
        contacts = self.data.contacts
        if obj == "contacts" and action == "create":
            list_name = body.get("list", LISTS[0][0])
            ids = [self.data.new_contact(list_name, at) for _ in range(int(body.get("count", 1)))]
        elif obj == "contacts" and action in ("update", "dispose", "delete"):
            ids = [str(i) for i in body.get("ids") or sorted(contacts)[: int(body.get("count", 1))]]
            unknown = [i for i in ids if i not in contacts]
            if unknown:
                raise AdminError(f"unknown contactIDs {unknown}", 404)
            for cid in ids:
                if action == "delete":
                    del contacts[cid]
                elif action == "dispose":  # a call: the disposition and the call log row
                    self.data.add_call(cid, at, rng)
                else:  # an edit that is not a disposition (agent or import)
                    changes = body.get("changes") or {"Lead Status": "Contacted"}
                    bad = sorted(set(changes) - set(TYPES))
                    if bad:
                        raise AdminError(f"unknown contact fields {bad}")
                    contacts[cid].update(changes)
                    contacts[cid][MODIFIED] = at
            self.data.resort_calls()
            self.data.changed()
        elif (action, obj) == ("create", "call_log"):
            callees = sorted(contacts)
            ids = [self.data.add_call(rng.choice(callees), at, rng)["CALL ID"] for _ in range(int(body.get("count", 1)))]
            self.data.resort_calls()
            self.data.changed()
        else:
            raise AdminError(f"unsupported mutation {action!r} on {obj!r}")
        return {"ids": ids, "at": at.isoformat()}

    def dump(self, obj: str) -> list[dict[str, Any]]:
        if obj == "contacts":
            return [{name: typed(value) for name, value in c.items()} for c in self.data.contacts.values()]
        if obj == "call_log":
            return [{k: typed(v) for k, v in row.items()} for row in self.data.calls]
        if obj == "operations":
            return list(self.operations)
        raise AdminError(f"five9 has no object {obj!r} (contacts, call_log, operations)", 404)


def _arguments(call: ET.Element) -> dict[str, Any]:
    """A call's arguments for ``dump/operations``: leaf texts by path (criteria as pairs)."""
    out: dict[str, Any] = {}
    for criterion in call.findall("lookupCriteria/criteria"):
        out.setdefault("criteria", []).append([soap.text(criterion, "field"), soap.text(criterion, "value")])
    for path in ("listNamePattern", "namePattern", "folderName", "reportName", "criteria/time/start",
                 "criteria/time/end", "identifier", "timeout"):
        if (value := soap.text(call, path)) is not None:
            out[path.rsplit("/", 1)[-1]] = value
    return out


def _regex(pattern: str | None) -> re.Pattern[str]:
    """Five9's name patterns are regular expressions; none means every name."""
    try:
        return re.compile(pattern if pattern else ".*")
    except re.error as exc:
        raise soap.SoapError("InvalidRegexpPatternException", f"Invalid pattern: {exc}", pattern=pattern) from None


def _like(value: str | None):
    """A criterion value: ``%`` matches any run of characters; an empty value matches empty fields."""
    if not value:
        return lambda text: not text
    pattern = re.compile(".*".join(re.escape(part) for part in value.split("%")), re.DOTALL)
    return lambda text: text is not None and pattern.fullmatch(text) is not None
