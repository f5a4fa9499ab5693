"""Shared plumbing for the CRM taps: one base REST stream, the config fragments every tap uses,
ACTIVATE_VERSION held back until a run has succeeded, and one-line errors for expected failures."""

from tap_common.client import BaseRESTStream, CredentialError
from tap_common.errors import OneLineErrors, SettingError
from tap_common.ratelimit import RollingWindow
from tap_common.settings import api_url_setting, credential_setting, http_settings, start_date_setting
from tap_common.versions import ActivateVersionsAfterSync, DeferredActivateVersion

__all__ = ["ActivateVersionsAfterSync", "BaseRESTStream", "CredentialError", "DeferredActivateVersion",
           "OneLineErrors", "RollingWindow", "SettingError", "api_url_setting", "credential_setting",
           "http_settings", "start_date_setting"]
