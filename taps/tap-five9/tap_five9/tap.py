"""tap-five9: Five9's Configuration Web Services (Admin Web Service, SOAP): contacts, call log."""

from __future__ import annotations

from singer_sdk import typing as th

from tap_common import RESTTap, credential_setting, http_settings, lookback_setting, start_date_setting
from tap_common.errors import variable
from tap_five9.client import Five9Error
from tap_five9.streams import STREAMS

WSDL_URL = "https://api.five9.com/wsadmin/v9_5/AdminWebService?wsdl&user={username}"


class TapFive9(RESTTap):
    name = "tap-five9"
    stream_types = STREAMS
    config_jsonschema = th.PropertiesList(
        th.Property("username", th.StringType, required=True,
                    description="Five9 user with the Admin Web Services role (HTTP Basic auth; also the "
                                "WSDL's user= parameter)."),
        credential_setting("password", "Password of that Five9 user."),
        th.Property("wsdl_url", th.StringType, default=WSDL_URL,
                    description="The Admin Web Service WSDL ({username} is filled in); regional hosts "
                                "api.five9.eu / api.five9.ca, or an emulation in dev and tests."),
        start_date_setting(),
        th.Property("time_zone", th.StringType, default="America/Los_Angeles",
                    description="Time zone of the Five9 domain: contact datetimes and report timestamps "
                                "carry no offset."),
        th.Property("contact_records_limit", th.IntegerType, default=1000,
                    description="Records getContactRecords returns at most per call (documented: 1,000); a "
                                "lookup answering this many is split by number1 prefix."),
        th.Property("report_window_days", th.IntegerType, default=30,
                    description="Days of call log the first report covers; later windows double while reports "
                                "stay under a quarter of report_row_limit and halve when they reach it."),
        th.Property("report_row_limit", th.IntegerType, default=50_000,
                    description="Rows Five9 returns at most per report; a window answering this many is halved "
                                "and run again."),
        lookback_setting("lookback_minutes", 60,
                         "Minutes of call log re-read before the bookmark on every delta (calls are logged "
                         "when they end)."),
        th.Property("report_poll_seconds", th.IntegerType, default=10,
                    description="Seconds Five9 may wait inside one isReportRunning call."),
        th.Property("report_timeout_seconds", th.IntegerType, default=600,
                    description="Seconds a report may run before the sync fails."),
        *http_settings(),
    ).to_dict()

    @classmethod
    def explain_error(cls, exc: BaseException) -> str | None:
        """Five9's final faults in one line too; an unreachable host names ``wsdl_url``."""
        if isinstance(exc, Five9Error):
            return " ".join(str(exc).split())
        message = super().explain_error(exc)
        if message and message.startswith("cannot reach"):
            message = message.replace("the api_url setting", "the wsdl_url setting").replace(
                variable(cls.name, "api_url"), variable(cls.name, "wsdl_url"))
        return message


if __name__ == "__main__":
    TapFive9.cli()
