"""Google Sheets API v4, Drive API v3 (file metadata) and the OAuth 2.0 token endpoint for service
accounts, mounted at ``/google-sheets/...`` (facts and their public sources: ``CONTRACT.md``).

- ``POST /token`` (``oauth2.googleapis.com/token``): ``grant_type=urn:ietf:params:oauth:grant-type:
  jwt-bearer`` and ``assertion`` = a JWT signed RS256 with the key the sandbox issued
  (``demo-service-account.json``); ``iss`` = its ``client_email``, ``aud`` = the token URI,
  ``scope`` = space-separated scopes, ``exp`` ≤ ``iat`` + 1 h.  Answers ``{"access_token",
  "expires_in": 3599, "token_type": "Bearer"}``; a bad grant → 400 ``{"error": "invalid_grant",
  "error_description": …}``.
  ``grant_type=refresh_token`` with the demo OAuth client (``USER_CLIENT``) for user credentials;
  a wrong client → 401 ``invalid_client``, a wrong refresh token → 400 ``invalid_grant``.
- ``GET /v4/spreadsheets/{id}`` (``sheets.googleapis.com``): properties and tabs (``sheets[]``).
- ``GET /v4/spreadsheets/{id}/values/{range}``: ``valueRenderOption`` (``FORMATTED_VALUE`` default,
  ``UNFORMATTED_VALUE``, ``FORMULA``), ``dateTimeRenderOption`` (``SERIAL_NUMBER`` default,
  ``FORMATTED_STRING``), ``majorDimension=ROWS``; trailing empty rows and cells are omitted, and
  ``values`` is absent for an empty range.
- ``GET /drive/v3/files/{id}`` (``www.googleapis.com``): ``fields`` picks ``id, name, mimeType,
  modifiedTime, kind`` (default ``kind,id,name,mimeType``).
- Bearer token from ``/token``; scopes checked per API (403 ``ACCESS_TOKEN_SCOPE_INSUFFICIENT``);
  errors in Google's JSON error shape; read quota → 429 ``RESOURCE_EXHAUSTED`` without ``Retry-After``.

Admin: ``mutate`` ``{"object": "leads_2024"|"leads_2025"|"spend", "action": "update"|"insert"|
"delete"|"append"|"add_column", "row"?, "values"?, "column"?, "at"?}`` (rows are sheet row
numbers, 1 = header; every change moves the file's ``modifiedTime``).  ``dump/<object>``: the
wanted tab as ``{"row": n, "values": [...]}`` rendered UNFORMATTED_VALUE/SERIAL_NUMBER, blank rows
left out — what a complete read loads.
"""

from __future__ import annotations

import json
import secrets
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote

from google.auth import exceptions as google_exceptions
from google.auth import jwt

from crm_sandbox.api.kit import AdminError, Request, Response, Vendor, Window, choice_arg, parse_instant, route
from crm_sandbox.api.vendors.google_sheets.data import (LEADS_TAB, SERIAL_EPOCH, SPEND_TAB, TAP_SHEETS, Cell,
                                                        build_spreadsheets)

KEY_FILE = Path(__file__).with_name("demo-service-account.json")
SERVICE_ACCOUNT = json.loads(KEY_FILE.read_text())
JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer"
#: The demo OAuth client and a user's refresh token (the second way to authenticate).
USER_CLIENT = {"client_id": "100000000002-sandbox.apps.googleusercontent.com",
               "client_secret": "demo-google-client-secret", "refresh_token": "1//demo-google-refresh-token"}
SHEETS_SCOPES = {f"https://www.googleapis.com/auth/{s}" for s in
                 ("spreadsheets", "spreadsheets.readonly", "drive", "drive.readonly", "drive.file")}
DRIVE_SCOPES = {f"https://www.googleapis.com/auth/{s}" for s in
                ("drive", "drive.readonly", "drive.file", "drive.metadata", "drive.metadata.readonly")}
WANTED_TAB = {"leads_2024": LEADS_TAB, "leads_2025": LEADS_TAB, "spend": SPEND_TAB}
STATUS = {400: "INVALID_ARGUMENT", 401: "UNAUTHENTICATED", 403: "PERMISSION_DENIED", 404: "NOT_FOUND",
          405: "METHOD_NOT_ALLOWED", 429: "RESOURCE_EXHAUSTED", 500: "INTERNAL", 502: "UNAVAILABLE",
          503: "UNAVAILABLE", 504: "DEADLINE_EXCEEDED"}
QUOTA = ("Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute per user' "
         "of service 'sheets.googleapis.com' for consumer 'project_number:100000000001'.")


def key_file_json(vendor_url: str) -> str:
    """The issued key file with its ``token_uri`` on the sandbox reached at ``vendor_url``
    (the committed file names the dev sandbox on :8765; tests run theirs on a free port)."""
    return json.dumps({**SERVICE_ACCOUNT, "token_uri": f"{vendor_url.rstrip('/')}/token"})


def _is_read(request: Request) -> bool:
    return request.path.startswith("/v4/")


class GoogleSheets(Vendor):
    name = "google-sheets"
    # The credential and the sheets a tap needs here (tests rewrite token_uri: key_file_json).
    credentials = {"service_account_json": json.dumps(SERVICE_ACCOUNT), "sheets": TAP_SHEETS}
    knobs = {"read_requests_per_minute": 300, "token_lifetime_seconds": 3599}
    rate_windows = (Window("read_requests_per_minute", 60, QUOTA, applies=_is_read),)

    def __init__(self, world) -> None:  # noqa: ANN001
        super().__init__(world)
        self.sheets = build_spreadsheets(world)
        self.by_id = {s.id: s for s in self.sheets.values()}
        self.tokens: dict[str, tuple[set[str], float]] = {}

    # -- auth -----------------------------------------------------------------------------------
    def error(self, status: int, message: str, **extra: Any) -> Response:
        return Response(status, {"error": {"code": status, "message": message,
                                           "status": STATUS.get(status, "UNKNOWN"), **extra}})

    def unauthorized(self, request: Request) -> Response:
        return self.error(401, "Request had invalid authentication credentials. Expected OAuth 2 access "
                               "token, login cookie or other valid authentication credential. See "
                               "https://developers.google.com/identity/sign-in/web/devconsole-project.")

    def authenticate(self, request: Request) -> Response | None:
        if request.path == "/token":
            return None
        kind, _, token = request.headers.get("authorization", "").partition(" ")
        scopes, expires = self.tokens.get(token.strip(), (set(), 0.0)) if kind.lower() == "bearer" else (set(), 0.0)
        if expires < time.time():
            return self.unauthorized(request)
        needed = DRIVE_SCOPES if request.path.startswith("/drive/") else SHEETS_SCOPES
        if not scopes & needed:
            return self.error(403, "Request had insufficient authentication scopes.", details=[
                {"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "ACCESS_TOKEN_SCOPE_INSUFFICIENT",
                 "domain": "googleapis.com"}])
        return None

    @route("POST", r"/token")
    def token(self, request: Request) -> Response:
        form = {k: v[0] for k, v in parse_qs(request.body.decode("utf-8", "replace")).items()}
        if form.get("grant_type") == "refresh_token":
            return self._refresh(form)
        if form.get("grant_type") != JWT_BEARER:
            return self._grant_error("unsupported_grant_type", "Invalid grant_type: " + form.get("grant_type", ""))
        try:
            claims = jwt.decode(form.get("assertion", ""), certs=self._certs(), audience=None)
        except (ValueError, google_exceptions.GoogleAuthError) as exc:
            return self._grant_error("invalid_grant", f"Invalid JWT Signature. ({exc})")
        if claims.get("iss") != SERVICE_ACCOUNT["client_email"]:
            return self._grant_error("invalid_grant", "Invalid email or User ID")
        if not str(claims.get("aud", "")).endswith("/token"):
            return self._grant_error("invalid_grant", "Invalid JWT: Token must be a short-lived token (60 minutes) "
                                                      "and in a reasonable timeframe. Check your iat and exp values")
        if not claims.get("scope"):
            return self._grant_error("invalid_scope", "Invalid OAuth scope or ID token audience provided.")
        return self._issue(set(str(claims["scope"]).split()))

    def _refresh(self, form: dict[str, str]) -> Response:
        """OAuth user credentials: a refresh token of the demo OAuth client (installed-app flow)."""
        if (form.get("client_id"), form.get("client_secret")) != (USER_CLIENT["client_id"], USER_CLIENT["client_secret"]):
            return Response(401, {"error": "invalid_client", "error_description": "The OAuth client was not found."})
        if form.get("refresh_token") != USER_CLIENT["refresh_token"]:
            return self._grant_error("invalid_grant", "Token has been expired or revoked.")
        scopes = form.get("scope") or " ".join(sorted(SHEETS_SCOPES | DRIVE_SCOPES))
        return self._issue(set(scopes.split()), scope=scopes)

    def _issue(self, scopes: set[str], **extra: Any) -> Response:
        access = "ya29.sandbox-" + secrets.token_urlsafe(24)
        lifetime = int(self.knobs["token_lifetime_seconds"])
        self.tokens[access] = (scopes, time.time() + lifetime)
        return Response(200, {"access_token": access, "expires_in": lifetime, "token_type": "Bearer", **extra})

    def _certs(self) -> dict[str, str]:
        from cryptography.hazmat.primitives import serialization

        key = serialization.load_pem_private_key(SERVICE_ACCOUNT["private_key"].encode(), password=None)
        public = key.public_key().public_bytes(serialization.Encoding.PEM,
                                               serialization.PublicFormat.SubjectPublicKeyInfo)
        return {SERVICE_ACCOUNT["private_key_id"]: public.decode()}

    @staticmethod
    def _grant_error(error: str, description: str) -> Response:
        return Response(400, {"error": error, "error_description": description})

    # -- Sheets v4 ------------------------------------------------------------------------------
    def _spreadsheet(self, spreadsheet_id: str):  # noqa: ANN202
        sheet = self.by_id.get(spreadsheet_id)
        if sheet is None:
            raise _NotFound("Requested entity was not found.")
        return sheet

    @route("GET", r"/v4/spreadsheets/(?P<sid>[^/]+)")
    def get_spreadsheet(self, request: Request, sid: str) -> Response:
        try:
            book = self._spreadsheet(sid)
        except _NotFound as exc:
            return self.error(404, str(exc))
        wanted = {}  # tab title → (first row, last row) asked for with ``ranges``
        for text in request.query.get("ranges", []):
            title, first, last = _parse_range(unquote(text))
            if title not in book.tabs:
                return self.error(400, f"Unable to parse range: {text}")
            wanted[title] = (first, last)
        grid = request.arg("includeGridData", "false").lower() == "true"
        tabs = []
        for i, (title, rows) in enumerate(book.tabs.items()):
            if wanted and title not in wanted:
                continue
            tab: dict[str, Any] = {"properties": {
                "sheetId": i * 1000, "title": title, "index": i, "sheetType": "GRID",
                "gridProperties": {"rowCount": max(1000, len(rows)), "columnCount": 26}}}
            if grid:  # GridData: one RowData per row, CellData with formattedValue / effectiveValue
                first, last = wanted.get(title, (1, len(rows)))
                tab["data"] = [{"startRow": first - 1, "startColumn": 0, "rowData": [
                    {"values": [_cell_data(c) for c in row]} for row in rows[first - 1:last]]}]
            tabs.append(tab)
        return Response(200, {"spreadsheetId": book.id,
                              "properties": {"title": book.title, "locale": "en_US", "timeZone": "America/New_York"},
                              "sheets": tabs, "spreadsheetUrl": f"https://docs.google.com/spreadsheets/d/{book.id}/edit"})

    @route("GET", r"/v4/spreadsheets/(?P<sid>[^/]+)/values/(?P<rng>[^/]+)")
    def get_values(self, request: Request, sid: str, rng: str) -> Response:
        try:
            book = self._spreadsheet(sid)
        except _NotFound as exc:
            return self.error(404, str(exc))
        text = unquote(rng)
        title, first, last = _parse_range(text)
        if title not in book.tabs:
            return self.error(400, f"Unable to parse range: {text}")
        value_option = choice_arg(request, "valueRenderOption",
                                  ("FORMATTED_VALUE", "UNFORMATTED_VALUE", "FORMULA"), "FORMATTED_VALUE")
        date_option = choice_arg(request, "dateTimeRenderOption",
                                 ("SERIAL_NUMBER", "FORMATTED_STRING"), "SERIAL_NUMBER")
        rows = [_trim([render(c, value_option, date_option) for c in row]) for row in book.tabs[title][first - 1:last]]
        while rows and not rows[-1]:
            rows.pop()
        width = max((len(r) for r in rows), default=1)
        body: dict[str, Any] = {"range": f"'{title}'!A{first}:{_column(width)}{first + max(len(rows), 1) - 1}",
                                "majorDimension": "ROWS"}
        if rows:
            body["values"] = rows
        return Response(200, body)

    # -- Drive v3 -------------------------------------------------------------------------------
    @route("GET", r"/drive/v3/files/(?P<fid>[^/]+)")
    def get_file(self, request: Request, fid: str) -> Response:
        book = self.by_id.get(fid)
        if book is None:
            message = f"File not found: {fid}."
            return self.error(404, message, errors=[{"domain": "global", "reason": "notFound", "message": message,
                                                     "locationType": "parameter", "location": "fileId"}])
        full = {"kind": "drive#file", "id": book.id, "name": book.title,
                "mimeType": "application/vnd.google-apps.spreadsheet",
                "modifiedTime": book.modified.strftime("%Y-%m-%dT%H:%M:%S.") + f"{book.modified.microsecond // 1000:03d}Z"}
        fields = [f.strip() for f in (request.arg("fields") or "kind,id,name,mimeType").split(",") if f.strip()]
        return Response(200, {f: full[f] for f in fields if f in full})

    # -- admin ----------------------------------------------------------------------------------
    def mutate(self, body: dict[str, Any]) -> dict[str, Any]:
        book = self.sheets.get(str(body.get("object")))
        if book is None:
            raise AdminError(f"unknown object {body.get('object')!r} ({', '.join(self.sheets)})", 404)
        at = parse_instant(body["at"]) if body.get("at") else datetime.now(timezone.utc)
        rows = book.tabs[WANTED_TAB[book.key]]
        action, row, values = body.get("action"), int(body.get("row") or 0), list(body.get("values") or [])
        if action in ("update", "delete", "insert") and not 2 <= row <= len(rows) + (action == "insert"):
            raise AdminError(f"row {row} is outside the data rows 2..{len(rows)}")
        if action == "update":
            rows[row - 1] = values
        elif action == "insert":
            rows.insert(row - 1, values)
        elif action == "delete":
            del rows[row - 1]
        elif action == "append":
            rows.append(values)
        elif action == "add_column":
            rows[0].append(str(body.get("column")))
        elif action != "touch":
            raise AdminError(f"unknown action {action!r} (update, insert, delete, append, add_column, touch)")
        book.touch(at)
        return {"ids": [row] if row else [], "at": at.isoformat()}

    def dump(self, obj: str) -> list[dict[str, Any]]:
        book = self.sheets.get(obj)
        if book is None:
            raise AdminError(f"google-sheets has no object {obj!r} ({', '.join(self.sheets)})", 404)
        rows = book.tabs[WANTED_TAB[obj]]
        out = []
        for n, row in enumerate(rows, start=1):
            values = _trim([render(c, "UNFORMATTED_VALUE", "SERIAL_NUMBER") for c in row])
            if values:
                out.append({"row": n, "values": values})
        return out


class _NotFound(Exception):
    pass


def render(cell: Any, value_option: str, date_option: str) -> Any:
    """One cell as ``spreadsheets.values.get`` renders it ("" for an empty cell)."""
    if cell is None:
        return ""
    if value_option == "FORMATTED_VALUE":
        return _formatted(cell)
    if isinstance(cell, Cell):
        if cell.format in ("date", "datetime") and date_option == "FORMATTED_STRING":
            return _formatted(cell)
        return _number(cell.value)
    return _number(cell) if isinstance(cell, float) else cell


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


def _formatted(cell: Any) -> str:
    if isinstance(cell, Cell):
        if cell.format == "currency":
            return f"${cell.value:,.2f}"
        moment = SERIAL_EPOCH + timedelta(days=cell.value)
        text = f"{moment.month}/{moment.day}/{moment.year}"
        return text if cell.format == "date" else f"{text} {moment:%H:%M:%S}"
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, float):
        return str(_number(cell))
    return str(cell)


def _parse_range(text: str) -> tuple[str, int, int]:
    """``'Tab'!A1:Z``, ``Tab!1:1``, ``Tab`` → (tab title, first row, last row); columns are not
    narrowed (the tap reads whole rows)."""
    title, _, cells = text.partition("!")
    if title.startswith("'") and title.endswith("'"):
        title = title[1:-1].replace("''", "'")
    rows = [int("".join(ch for ch in part if ch.isdigit()) or 0) for part in cells.split(":")] if cells else []
    first = rows[0] if rows and rows[0] else 1
    last = rows[-1] if len(rows) > 1 and rows[-1] else (first if rows and rows[0] and ":" not in cells else 10**9)
    return title, first, last


def _cell_data(cell: Any) -> dict[str, Any]:
    if cell is None:
        return {}
    value = render(cell, "UNFORMATTED_VALUE", "SERIAL_NUMBER")
    kind = "boolValue" if isinstance(value, bool) else "numberValue" if isinstance(value, (int, float)) else "stringValue"
    return {"formattedValue": _formatted(cell), "effectiveValue": {kind: value}}


def _trim(row: list[Any]) -> list[Any]:
    while row and row[-1] == "":
        row = row[:-1]
    return row


def _column(n: int) -> str:
    name = ""
    while n:
        n, rem = divmod(n - 1, 26)
        name = chr(65 + rem) + name
    return name
