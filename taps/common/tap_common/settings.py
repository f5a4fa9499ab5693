"""Config fragments shared by every tap, so each setting is named and described once."""

from __future__ import annotations

from singer_sdk import typing as th


def credential_setting(name: str = "access_token", description: str = "API access token.") -> th.Property:
    """The secret a tap authenticates with (``sensitive`` in Meltano, never logged)."""
    return th.Property(name, th.StringType, required=True, secret=True, description=description)


def api_url_setting(default: str) -> th.Property:
    """Base URL of the vendor API; point it at the local sandbox or an emulation in dev and tests."""
    return th.Property("api_url", th.StringType, default=default,
                       description=f"Base URL of the API (default {default}).")


def start_date_setting() -> th.Property:
    return th.Property("start_date", th.DateTimeType,
                       description="Earliest modification time to extract on a first sync (ISO-8601).")


def http_settings() -> list[th.Property]:
    """Timeouts and retry bounds; tests shorten the waits through these, never by patching."""
    return [
        th.Property("request_timeout", th.NumberType, default=60,
                    description="Seconds to wait for a response before retrying the request."),
        th.Property("backoff_max_tries", th.IntegerType, default=6,
                    description="Attempts per request (429, 5xx, timeouts, broken bodies) before failing."),
        th.Property("backoff_base_seconds", th.NumberType, default=2.0,
                    description="First wait of the exponential backoff, doubled on every retry."),
        th.Property("backoff_max_seconds", th.NumberType, default=120.0,
                    description="Upper bound of one backoff wait (also caps an honoured Retry-After)."),
    ]
