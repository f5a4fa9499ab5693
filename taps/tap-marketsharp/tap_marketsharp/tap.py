"""tap-marketsharp: MarketSharp's read-only OData v2 API (23 entity sets, Atom XML)."""

from __future__ import annotations

from singer_sdk import typing as th

from tap_common import RESTTap, api_url_setting, credential_setting, http_settings, start_date_setting
from tap_marketsharp.streams import STREAMS


class TapMarketSharp(RESTTap):
    name = "tap-marketsharp"
    stream_types = STREAMS
    config_jsonschema = th.PropertiesList(
        th.Property("company_id", th.StringType, required=True,
                    description="MarketSharp company id (the COY), the first part of the signed Authorization header."),
        credential_setting("api_key", "MarketSharp user API key (Admin → Apps & Add-ons Setup → API Maintenance)."),
        credential_setting("secret_key", "The API key's secret (Base64), the HMAC-SHA256 signing key."),
        api_url_setting("https://api4.marketsharpm.com/WcfDataService.svc"),
        start_date_setting(),
        *http_settings(),
    ).to_dict()


if __name__ == "__main__":
    TapMarketSharp.cli()
