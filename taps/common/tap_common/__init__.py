"""Shared kits for the CRM taps: declared REST streams (auth, paging, bookmark mapping, rate
windows, coercion), CSV files as streams, config fragments, and ACTIVATE_VERSION held back until
a run has succeeded, and one-line errors for the failures a user can fix (``errors``).
The test kit is :mod:`tap_common.testing`.  See ``taps/common/README.md``."""

from tap_common.auth import Basic, Bearer, Header, Headers, QueryParam
from tap_common.bookmarks import BookmarkParam, format_bookmark
from tap_common.client import CredentialError, RecordError, RESTStream
from tap_common.coerce import Coercer, CoercionError, coerce_record, utc_iso
from tap_common.errors import OneLineErrors, SettingError
from tap_common.files import CSVStream, MalformedFileError, column_names, snake_case
from tap_common.jsonbody import json_body
from tap_common.paging import Cursor, Keyset, NextURL, PageNumber
from tap_common.ratelimit import RateLimit, RollingWindow
from tap_common.settings import (api_url_setting, credential_setting, http_settings, lookback_setting,
                                 start_date_setting)
from tap_common.tap import RESTTap
from tap_common.versions import ActivateVersionsAfterSync, DeferredActivateVersion

__all__ = ["ActivateVersionsAfterSync", "Basic", "Bearer", "BookmarkParam", "CSVStream", "Coercer", "CoercionError",
           "CredentialError", "Cursor", "DeferredActivateVersion", "Header", "Headers", "Keyset",
           "MalformedFileError", "NextURL", "OneLineErrors", "PageNumber", "QueryParam", "RESTStream", "RESTTap", "RateLimit",
           "RecordError", "RollingWindow", "SettingError", "api_url_setting", "coerce_record", "column_names", "credential_setting",
           "format_bookmark", "http_settings", "json_body", "lookback_setting", "snake_case", "start_date_setting",
           "utc_iso"]
