"""tap-salesrabbit: SalesRabbit leads and users."""

from __future__ import annotations

from singer_sdk import typing as th
from tap_common import RESTTap, api_url_setting, credential_setting, http_settings, start_date_setting

from tap_salesrabbit.streams import STREAMS


class TapSalesRabbit(RESTTap):
    name = "tap-salesrabbit"
    stream_types = STREAMS
    config_jsonschema = th.PropertiesList(
        credential_setting("api_token", "SalesRabbit API token (Integrations → API), sent as "
                                        "`Authorization: Bearer …`."),
        api_url_setting("https://api.salesrabbit.com"),
        start_date_setting(),
        *http_settings(),
    ).to_dict()


if __name__ == "__main__":
    TapSalesRabbit.cli()
