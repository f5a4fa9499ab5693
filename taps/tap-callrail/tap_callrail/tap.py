"""tap-callrail: CallRail API v3 (accounts and everything listed under each account)."""

from __future__ import annotations

from singer_sdk import typing as th

from tap_callrail.streams import STREAMS
from tap_common import (RESTTap, api_url_setting, credential_setting, http_settings, lookback_setting,
                        start_date_setting)


class TapCallRail(RESTTap):
    name = "tap-callrail"
    stream_types = STREAMS
    config_jsonschema = th.PropertiesList(
        credential_setting("api_key", 'CallRail API key, sent as `Authorization: Token token="…"`.'),
        api_url_setting("https://api.callrail.com/v3"),
        start_date_setting(),
        th.Property("account_ids", th.ArrayType(th.StringType),
                    description="Only these account ids (ACC…); default: every account the key can see."),
        lookback_setting("lookback_days", 7,
                         "Days re-read before the bookmark of calls, form submissions and text messages "
                         "on each delta: their notes, tags, lead status and value change after they happen."),
        th.Property("retention_months", th.IntegerType, default=25,
                    description="CallRail's data retention for calls, form submissions and text messages "
                                "(25 months, documented); date-filtered reads never start earlier, "
                                "since such requests are errors."),
        *http_settings(),
    ).to_dict()


if __name__ == "__main__":
    TapCallRail.cli()
