"""tap-google-sheets: every configured sheet (spreadsheet + tab) is one stream; no code per sheet."""

from __future__ import annotations

from singer_sdk import typing as th
from tap_common import RESTTap, api_url_setting, http_settings

from tap_google_sheets.streams import SheetStream

SHEET = th.ObjectType(
    th.Property("spreadsheet_id", th.StringType, required=True,
                description="The spreadsheet's id (the part of its URL after /d/)."),
    th.Property("sheet", th.StringType, required=True, description="Tab title (the whole tab is read; row 1 is the header)."),
    th.Property("stream", th.StringType, required=True, description="Stream (and warehouse table) name."),
    th.Property("key_columns", th.ArrayType(th.StringType),
                description="Columns (after snake_case/overrides) that identify a row; default the sheet row number."),
    th.Property("header_overrides", th.ObjectType(additional_properties=th.StringType),
                description="Header text (or its snake_case) → column name."),
    th.Property("column_types", th.ObjectType(additional_properties=th.StringType),
                description="Column → string (default), number, integer, boolean, date or date-time."),
)


class TapGoogleSheets(RESTTap):
    name = "tap-google-sheets"
    config_jsonschema = th.PropertiesList(
        th.Property("service_account_json", th.StringType, secret=True,
                    description="Service-account key: the key file's JSON text, or its path. Share each "
                                "spreadsheet with its client_email."),
        th.Property("client_id", th.StringType, secret=True, description="OAuth client id (user credentials; instead of a service account)."),
        th.Property("client_secret", th.StringType, secret=True, description="OAuth client secret (user credentials)."),
        th.Property("refresh_token", th.StringType, secret=True, description="OAuth refresh token (user credentials)."),
        th.Property("token_uri", th.StringType,
                    description="OAuth token endpoint, overriding the key file's token_uri (and, for user "
                                "credentials, https://oauth2.googleapis.com/token); for emulations."),
        th.Property("sheets", th.ArrayType(SHEET), required=True,
                    description="The sheets to extract: one stream each."),
        api_url_setting("https://sheets.googleapis.com"),
        th.Property("drive_api_url", th.StringType, default="https://www.googleapis.com",
                    description="Base URL of the Drive API (file modifiedTime)."),
        *http_settings(),
    ).to_dict()

    def discover_streams(self) -> list[SheetStream]:
        return [SheetStream(self, sheet) for sheet in self.config.get("sheets") or []]


if __name__ == "__main__":
    TapGoogleSheets.cli()
