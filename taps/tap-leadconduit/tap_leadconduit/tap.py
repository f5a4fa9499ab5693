"""tap-leadconduit: LeadConduit (ActiveProspect) events, every one, on the id cursor."""

from __future__ import annotations

from singer_sdk import typing as th

from tap_common import RESTTap, api_url_setting, credential_setting, http_settings, start_date_setting
from tap_leadconduit.streams import EventsStream


class TapLeadConduit(RESTTap):
    name = "tap-leadconduit"
    stream_types = (EventsStream,)
    config_jsonschema = th.PropertiesList(
        credential_setting("api_key", "ActiveProspect API key, sent as the HTTP Basic password "
                                      "(user name `API`, which LeadConduit ignores)."),
        api_url_setting("https://app.leadconduit.com"),
        start_date_setting(),
        *http_settings(),
    ).to_dict()


if __name__ == "__main__":
    TapLeadConduit.cli()
