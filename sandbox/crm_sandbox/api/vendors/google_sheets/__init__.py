"""Google Sheets API v4 + Drive v3 metadata + OAuth 2.0 service-account token emulation (routes in
``api.py``, spreadsheets drawn from the world in ``data.py``, facts with sources in ``CONTRACT.md``)."""

from crm_sandbox.api.vendors.google_sheets.api import SERVICE_ACCOUNT, USER_CLIENT, GoogleSheets, key_file_json
from crm_sandbox.api.vendors.google_sheets.data import TAP_SHEETS

VENDOR = GoogleSheets
__all__ = ["SERVICE_ACCOUNT", "TAP_SHEETS", "USER_CLIENT", "VENDOR", "key_file_json"]
