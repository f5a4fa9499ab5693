"""tap-arrivy: the Arrivy REST API (entities, groups, bookings, tasks with their status
history, status definitions)."""

from __future__ import annotations

from singer_sdk import typing as th

from tap_arrivy.streams import STREAMS
from tap_common import RESTTap, api_url_setting, credential_setting, http_settings


class TapArrivy(RESTTap):
    name = "tap-arrivy"
    stream_types = STREAMS
    config_jsonschema = th.PropertiesList(
        credential_setting("auth_key", "Arrivy API auth key (Settings → API), sent as `X-Auth-Key`."),
        credential_setting("auth_token", "Arrivy API auth token (Settings → API), sent as `X-Auth-Token`."),
        api_url_setting("https://www.arrivy.com/api"),
        th.Property("start_date", th.DateTimeType,
                    description="Earliest scheduled start of the tasks to extract (Arrivy's `from`); "
                                "unscheduled tasks are always extracted. Empty: every task."),
        th.Property("status_full_pass_days", th.IntegerType, default=7,
                    description="Days between runs that re-read every task's status history and retire "
                                "deleted statuses; in between, only the histories of tasks changed since "
                                "the last run are read. 0: every history on every run."),
        *http_settings(),
    ).to_dict()


if __name__ == "__main__":
    TapArrivy.cli()
