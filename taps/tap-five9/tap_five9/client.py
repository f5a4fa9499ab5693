"""Five9's facts for the kit: HTTP Basic auth, SOAP calls through zeep, Five9's faults, its
datetime spellings.

A call is an ordinary kit request (``build_prepared_request`` → the kit's retrying, throttled,
validating send) whose body zeep built and whose reply zeep parses inside the retried attempt:
a 401 (Five9's HTML page) is a ``CredentialError`` naming ``username`` and ``password``; 429,
5xx, timeouts, resets and bodies that are not a whole SOAP reply are retried; a SOAP fault is
retried only when Five9 says it is transient (server error, service unavailable, operations
limit) and otherwise stops the run naming the operation and what it asked for.
"""

from __future__ import annotations

import typing as t
from datetime import date, datetime, timezone
from functools import cached_property
from urllib.parse import quote
from zoneinfo import ZoneInfo

import requests
import zeep
from lxml import etree
from singer_sdk.exceptions import FatalAPIError, RetriableAPIError

from tap_common import Basic, RESTStream
from tap_five9 import soap

if t.TYPE_CHECKING:
    from singer_sdk.helpers.types import Context

#: Fault elements Five9 answers for conditions that pass: retried like a 5xx.
TRANSIENT_FAULTS = frozenset({"ServerFault", "ServiceUnavailableFault", "OperationsLimitExceededFault"})
#: Five9's datetime spellings: contact fields (``2024-04-12 13:12:44.767``), reports
#: (``Mon, 03 Feb 2025 14:05:09``); both in the domain's time zone.
DATETIME_FORMATS = ("%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%d %H:%M:%S", "%a, %d %b %Y %H:%M:%S", "%m/%d/%Y %H:%M:%S",
                    "%Y-%m-%dT%H:%M:%S.%f", "%Y-%m-%dT%H:%M:%S")
DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%a, %d %b %Y")


class Five9Error(FatalAPIError):
    """A failure a user can act on (a permission, a report that never ends): one line, no traceback.
    ``kind`` is Five9's fault element when Five9 answered a SOAP fault (``AccessDisallowedFault``)."""

    def __init__(self, message: str, kind: str | None = None) -> None:
        super().__init__(message)
        self.kind = kind


class Five9Stream(RESTStream):
    """A stream read through SOAP operations of Five9's Admin Web Service (``call``)."""

    auth = Basic("username", "password")
    expects_json = False
    path = "/AdminWebService"

    @property
    def url_base(self) -> str:
        return self.service.endpoint

    @property
    def authenticator(self) -> requests.auth.AuthBase:
        # singer-sdk 0.54's authenticators re-encode the query and drop blank parameters, and
        # Five9's WSDL URL is ``…?wsdl&user=…``: requests' own Basic auth only sets the header.
        return requests.auth.HTTPBasicAuth(str(self.config["username"]), str(self.config["password"]))

    @cached_property
    def time_zone(self) -> ZoneInfo:
        return ZoneInfo(self.config["time_zone"])

    @property
    def wsdl_url(self) -> str:
        return str(self.config["wsdl_url"]).replace("{username}", quote(str(self.config["username"]), safe=""))

    @property
    def service(self) -> soap.Service:
        """The WSDL, read once per run and shared by the tap's streams."""
        shared = self._tap.__dict__  # type: ignore[attr-defined]
        if "_five9_service" not in shared:
            shared["_five9_service"] = soap.Service(self.wsdl_url, self.fetch)
        return shared["_five9_service"]

    # -- HTTP -----------------------------------------------------------------------------
    def fetch(self, url: str) -> bytes:
        """A document (the WSDL, its imports) with the stream's auth and retries; must be XML."""
        prepared = self.build_prepared_request(method="GET", url=url)

        def attempt(request: requests.PreparedRequest, context: Context | None) -> bytes:
            response = self._request(request, context)  # SDK 0.54: the one validated send; no public hook
            try:
                etree.fromstring(response.content, parser=etree.XMLParser(resolve_entities=False, no_network=True))
            except etree.XMLSyntaxError as exc:
                raise RetriableAPIError(f"{self.tap_name}: {url} is not a whole XML document: {exc}", response) from exc
            return response.content

        return self.request_decorator(attempt)(prepared, None)

    def call(self, operation: str, asking: str, context: Context | None = None, **params: t.Any) -> t.Any:
        """One SOAP operation; ``asking`` says what it asked for (a list, a report window) in errors."""
        body, headers = self.service.message(operation, **params)
        prepared = self.build_prepared_request(method="POST", url=self.service.endpoint, data=body, headers=headers)

        def attempt(request: requests.PreparedRequest, context: Context | None) -> t.Any:
            return self._reply(operation, asking, self._request(request, context))

        return self.request_decorator(attempt)(prepared, context)

    def _reply(self, operation: str, asking: str, response: requests.Response) -> t.Any:
        try:
            return self.service.reply(operation, response)
        except zeep.exceptions.Fault as fault:
            kind = soap.fault_kind(fault)
            message = f"{self.tap_name}: Five9 {operation} for {asking} failed: {kind}: {fault.message}"
            if kind in TRANSIENT_FAULTS:
                raise RetriableAPIError(message, response) from fault
            raise Five9Error(message, kind) from fault
        except (zeep.exceptions.Error, etree.XMLSyntaxError, ValueError) as exc:
            raise RetriableAPIError(f"{self.tap_name}: Five9 {operation} for {asking}: not a whole SOAP reply "
                                    f"({len(response.content)} bytes): {str(exc)[:200]}", response) from exc

    def validate_response(self, response: requests.Response) -> None:
        if response.status_code == 500 and soap.is_fault(response.content):
            return  # a SOAP fault: ``_reply`` tells a transient one from a final one
        super().validate_response(response)

    def credential_message(self, response: requests.Response) -> str:
        """Five9 answers wrong credentials with its web server's HTML page: name the settings only."""
        return (f"{self.tap_name}: Five9 rejected the credentials in settings 'username', 'password' "
                f"(HTTP {response.status_code}) - check both; the user needs the Admin Web Services role.")

    # -- values ---------------------------------------------------------------------------
    def instant(self, text: str) -> str | None:
        """A Five9 datetime (domain time zone unless it carries an offset) as UTC ISO, or None."""
        for fmt in DATETIME_FORMATS:
            try:
                parsed = datetime.strptime(text.strip(), fmt)
            except ValueError:
                continue
            return parsed.replace(tzinfo=self.time_zone).astimezone(timezone.utc).isoformat()
        try:
            parsed = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
        return (parsed if parsed.tzinfo else parsed.replace(tzinfo=self.time_zone)).astimezone(timezone.utc).isoformat()

    @staticmethod
    def day(text: str) -> str | None:
        for fmt in DATE_FORMATS:
            try:
                return datetime.strptime(text.strip(), fmt).date().isoformat()
            except ValueError:
                continue
        try:
            return date.fromisoformat(text.strip()[:10]).isoformat()
        except ValueError:
            return None
