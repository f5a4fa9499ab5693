"""Shared plumbing for the CRM taps: one base REST stream and the config fragments every tap uses."""

from tap_common.client import BaseRESTStream, CredentialError
from tap_common.ratelimit import RollingWindow
from tap_common.settings import api_url_setting, credential_setting, http_settings, start_date_setting

__all__ = ["BaseRESTStream", "CredentialError", "RollingWindow", "api_url_setting",
           "credential_setting", "http_settings", "start_date_setting"]
