"""The Google Sheets / Drive / OAuth emulation keeps its CONTRACT.md, over HTTP with google-auth."""

from __future__ import annotations

import json

import pytest
import requests
from google.auth.transport.requests import Request as GoogleRequest
from google.oauth2 import service_account

from crm_sandbox.api.vendors.google_sheets import key_file_json
from crm_sandbox.api.vendors.google_sheets.data import LEADS_2025_ID, SPEND_ID

VENDOR = "google-sheets"
READONLY = "https://www.googleapis.com/auth/spreadsheets.readonly"
DRIVE_META = "https://www.googleapis.com/auth/drive.metadata.readonly"


def token(box, scopes=(READONLY, DRIVE_META)) -> str:
    creds = service_account.Credentials.from_service_account_info(
        json.loads(key_file_json(box.vendor_url(VENDOR))), scopes=list(scopes))
    creds.refresh(GoogleRequest())
    return creds.token


@pytest.fixture
def api(fresh_sandbox):
    bearer = token(fresh_sandbox)

    def get(path: str, auth: str | None = bearer, **params) -> requests.Response:
        headers = {"Authorization": f"Bearer {auth}"} if auth else {}
        return requests.get(fresh_sandbox.vendor_url(VENDOR) + path, headers=headers, params=params, timeout=30)

    get.box = fresh_sandbox
    return get


def test_401_body_without_a_token(api):
    response = api(f"/v4/spreadsheets/{SPEND_ID}", auth=None)
    assert response.status_code == 401
    assert response.json()["error"]["status"] == "UNAUTHENTICATED"


def test_a_jwt_signed_with_another_key_is_refused(api):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    pem = rsa.generate_private_key(public_exponent=65537, key_size=2048).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()).decode()
    info = {**json.loads(key_file_json(api.box.vendor_url(VENDOR))), "private_key": pem}
    creds = service_account.Credentials.from_service_account_info(info, scopes=[READONLY])
    with pytest.raises(Exception, match="invalid_grant"):
        creds.refresh(GoogleRequest())


def test_scopes_are_checked_per_api(api):
    sheets_only = token(api.box, scopes=(READONLY,))
    assert api(f"/v4/spreadsheets/{SPEND_ID}", auth=sheets_only).status_code == 200
    refused = api(f"/drive/v3/files/{SPEND_ID}", auth=sheets_only, fields="modifiedTime")
    assert refused.status_code == 403
    assert refused.json()["error"]["details"][0]["reason"] == "ACCESS_TOKEN_SCOPE_INSUFFICIENT"


def test_tabs_and_the_wanted_tab_is_not_first(api):
    tabs = [s["properties"]["title"] for s in api(f"/v4/spreadsheets/{LEADS_2025_ID}").json()["sheets"]]
    assert tabs == ["Instructions", "Marketing Source Leads"]


def test_values_render_options_and_trailing_cells(api):
    path = f"/v4/spreadsheets/{SPEND_ID}/values/'All Marketing Spend'!A1:F3"
    formatted = api(path).json()
    assert formatted["values"][1][0] == "1/1/2025" and formatted["values"][1][1].startswith("$")
    raw = api(path, valueRenderOption="UNFORMATTED_VALUE").json()
    assert raw["values"][1][0] == 45658 and isinstance(raw["values"][1][1], (int, float))
    text = api(path, valueRenderOption="UNFORMATTED_VALUE", dateTimeRenderOption="FORMATTED_STRING").json()
    assert text["values"][1][0] == "1/1/2025"
    leads = api(f"/v4/spreadsheets/{LEADS_2025_ID}/values/'Marketing Source Leads'",
                valueRenderOption="UNFORMATTED_VALUE").json()["values"]
    assert all(not row or row[-1] != "" for row in leads), "trailing empty cells are omitted"
    assert leads[-1], "trailing empty rows are omitted"


def test_unknown_tab_and_file(api):
    assert api(f"/v4/spreadsheets/{SPEND_ID}/values/'Nope'").status_code == 400
    assert api("/v4/spreadsheets/missing").json()["error"]["status"] == "NOT_FOUND"
    missing = api("/drive/v3/files/missing", fields="modifiedTime")
    assert missing.status_code == 404 and missing.json()["error"]["errors"][0]["reason"] == "notFound"


def test_modified_time_moves_on_every_edit(api):
    before = api(f"/drive/v3/files/{SPEND_ID}", fields="id,modifiedTime").json()
    assert set(before) == {"id", "modifiedTime"} and before["modifiedTime"].endswith("Z")
    api.box.mutate(VENDOR, {"object": "spend", "action": "touch"})
    assert api(f"/drive/v3/files/{SPEND_ID}", fields="modifiedTime").json()["modifiedTime"] > before["modifiedTime"]


def test_read_quota_answers_429_without_retry_after(api):
    api.box.configure(VENDOR, read_requests_per_minute=2)
    codes = [api(f"/v4/spreadsheets/{SPEND_ID}") for _ in range(3)]
    assert [r.status_code for r in codes] == [200, 200, 429]
    assert codes[-1].json()["error"]["status"] == "RESOURCE_EXHAUSTED" and "Retry-After" not in codes[-1].headers
