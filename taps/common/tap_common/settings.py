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


def _seconds(name: str, default: float, description: str) -> th.Property:
    # A number, or a numeric string: Meltano hands `kind: decimal` values set from the
    # environment to plugins as strings (and cannot JSON-encode them as decimals).
    return th.Property(name, th.CustomType({"type": ["number", "string"], "pattern": r"^[0-9]+(\.[0-9]+)?$"}),
                       default=default, description=description)


def http_settings() -> list[th.Property]:
    """Timeouts and retry bounds; tests shorten the waits through these, never by patching."""
    return [
        _seconds("request_timeout", 60, "Seconds to wait for a response before retrying the request."),
        th.Property("backoff_max_tries", th.IntegerType, default=6,
                    description="Attempts per request (429, 5xx, timeouts, broken bodies) before failing."),
        _seconds("backoff_base_seconds", 2.0, "First wait of the exponential backoff, doubled on every retry."),
        _seconds("backoff_max_seconds", 120.0,
                 "Upper bound of one backoff wait (also caps an honoured Retry-After)."),
    ]


def lookback_setting(name: str = "lookback_days", default: int = 7, description: str = "") -> th.Property:
    """How far a delta re-reads before the bookmark (records that change after they happen)."""
    return th.Property(name, th.IntegerType, default=default,
                       description=description or "Days re-read before the bookmark on every delta.")


#: Appended to every tap using :class:`tap_common.ActivateVersionsAfterSync` (the SDK's own
#: setting name, our default: on), so every full-table stream retires deleted rows.
ACTIVATE_VERSION = th.Property(
    "emit_activate_version_messages", th.BooleanType, default=True,
    description="Send ACTIVATE_VERSION for full-table streams after a successful run, so rows "
                "deleted at the source are marked deleted downstream.")
