"""tap-hubspot: settings and the stream registry."""

from __future__ import annotations

from singer_sdk import typing as th

from tap_common import RESTTap, api_url_setting, credential_setting, http_settings, start_date_setting
from tap_hubspot.streams import STREAMS


class TapHubSpot(RESTTap):
    """Singer tap for HubSpot CRM objects, custom objects, associations and deletions."""

    name = "tap-hubspot"
    stream_types = STREAMS
    config_jsonschema = th.PropertiesList(
        credential_setting("access_token", "HubSpot private-app access token (Bearer)."),
        api_url_setting("https://api.hubapi.com"),
        start_date_setting(),
        th.Property("appointments_object_type", th.StringType, default="0-421",
                    description="Object type id of appointments."),
        th.Property("divisions_object_type", th.StringType, default="2-37778609",
                    description="Object type id of the divisions custom object."),
        th.Property("genius_users_object_type", th.StringType, default="2-42119425",
                    description="Object type id of the genius users custom object."),
        th.Property("property_allowlist", th.ObjectType(additional_properties=th.ArrayType(th.StringType)),
                    description="Per stream (contacts, deals, …), the only properties to extract; "
                                "absent or empty = every property."),
        th.Property("zipcodes_source", th.StringType,
                    description="Path or http(s) URL of the zip code CSV (zipcode, division, city, county, state)."),
        *http_settings(),
    ).to_dict()


if __name__ == "__main__":
    TapHubSpot.cli()
