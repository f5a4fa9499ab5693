"""Google's OAuth 2.0 on the kit's REST stream: google-auth signs the service-account JWT (or
refreshes an OAuth user token) and the stream sends the access token as a bearer."""

from __future__ import annotations

import json
import time
import typing as t
from pathlib import Path

from google.auth import exceptions as google_exceptions
from google.auth.transport.requests import Request as GoogleRequest
from google.oauth2 import credentials as user_credentials
from google.oauth2 import service_account
from singer_sdk.authenticators import APIAuthenticatorBase
from tap_common import RateLimit, RESTStream
from tap_common.auth import Auth
from tap_common.client import CredentialError

SCOPES = ("https://www.googleapis.com/auth/spreadsheets.readonly",
          "https://www.googleapis.com/auth/drive.metadata.readonly")
USER_SETTINGS = ("client_id", "client_secret", "refresh_token")
GOOGLE_TOKEN_URI = "https://oauth2.googleapis.com/token"


def credential_settings(config: t.Mapping[str, t.Any]) -> tuple[str, ...]:
    """The settings the configured credential is read from (named in every auth error)."""
    return ("service_account_json",) if config.get("service_account_json") else USER_SETTINGS


def google_credentials(config: t.Mapping[str, t.Any]):  # noqa: ANN201 - google-auth Credentials
    """Service-account key (JSON text or a path to the key file), else OAuth user credentials."""
    raw = config.get("service_account_json")
    if raw:
        text = str(raw).strip()
        try:
            info = json.loads(text if text.startswith("{") else Path(text).read_text())
            if config.get("token_uri"):
                info["token_uri"] = config["token_uri"]
            return service_account.Credentials.from_service_account_info(info, scopes=SCOPES)
        except (OSError, ValueError, KeyError) as exc:
            # Never echo the value or the exception text: both may hold the key (or a wrong
            # secret pasted into the setting); name only what kind of problem it is.
            problem = ("no readable key file at that path" if isinstance(exc, OSError)
                       else f"key field {exc} missing" if isinstance(exc, KeyError) else "not a valid key")
            msg = (f"tap-google-sheets: setting 'service_account_json' is not a service-account key "
                   f"(JSON text or key file path): {problem}")
            raise CredentialError(msg) from None
    missing = [name for name in USER_SETTINGS if not config.get(name)]
    if missing:
        msg = ("tap-google-sheets: set 'service_account_json', or all of 'client_id', 'client_secret', "
               f"'refresh_token' (missing {missing})")
        raise CredentialError(msg)
    return user_credentials.Credentials(None, refresh_token=config["refresh_token"], client_id=config["client_id"],
                                        client_secret=config["client_secret"],
                                        token_uri=config.get("token_uri") or GOOGLE_TOKEN_URI,
                                        scopes=list(SCOPES))


class GoogleAuthenticator(APIAuthenticatorBase):
    """Bearer from google-auth credentials, refreshed when missing or about to expire."""

    def __init__(self, credentials, settings: tuple[str, ...], config: t.Mapping[str, t.Any]) -> None:  # noqa: ANN001
        super().__init__()
        self.credentials, self.settings = credentials, settings
        self.tries = int(config["backoff_max_tries"])
        self.base, self.ceiling = float(config["backoff_base_seconds"]), float(config["backoff_max_seconds"])

    def authenticate_request(self, request):  # noqa: ANN001, ANN201 - the SDK's hook
        if not self.credentials.valid:
            self.refresh()
        request.headers["Authorization"] = f"Bearer {self.credentials.token}"
        return request

    def refresh(self) -> None:
        """google-auth retries a 5xx/429 from the token endpoint itself; a transport failure
        (reset, timeout, broken body) is retried here on the tap's backoff settings; a rejected
        grant stops the run naming the credential settings."""
        for attempt in range(1, self.tries + 1):
            try:
                self.credentials.refresh(GoogleRequest())
                return
            except google_exceptions.RefreshError as exc:
                if getattr(exc, "retryable", False) and attempt < self.tries:
                    time.sleep(min(self.base * 2 ** (attempt - 1), self.ceiling))
                    continue
                names = ", ".join(f"'{n}'" for n in self.settings)
                msg = (f"tap-google-sheets: the token endpoint rejected the credential in {names}: {exc} "
                       f"- check or renew {names}.")
                raise CredentialError(msg) from None
            except (google_exceptions.TransportError, TypeError, KeyError):
                # TypeError/KeyError: google-auth read a 200 whose body is not the token JSON
                # (a truncated body) - a transport fault like a reset.
                if attempt == self.tries:
                    raise
                time.sleep(min(self.base * 2 ** (attempt - 1), self.ceiling))


class GoogleAuth(Auth):
    """One set of credentials (one token) for the whole tap."""

    settings = ("service_account_json", *USER_SETTINGS)

    def authenticator(self, config: t.Mapping[str, t.Any]) -> APIAuthenticatorBase:
        raise NotImplementedError("built per tap by GoogleStream.authenticator")


class GoogleStream(RESTStream):
    auth = GoogleAuth()
    # Sheets read quota: 60 read requests per minute per user per project (Drive reads share it here).
    rate_limits = (RateLimit(60, 60.0),)

    @property
    def authenticator(self) -> APIAuthenticatorBase:
        tap = self._tap
        if getattr(tap, "_google_authenticator", None) is None:
            tap._google_authenticator = GoogleAuthenticator(google_credentials(self.config),
                                                            credential_settings(self.config), self.config)
        return tap._google_authenticator

    def credential_message(self, response) -> str:  # noqa: ANN001
        names = ", ".join(f"'{n}'" for n in credential_settings(self.config))
        return (f"{self.tap_name}: stream '{self.name}': the API rejected the credential in {names} "
                f"(HTTP {response.status_code}): {response.text[:300]} - check or renew {names}"
                f"{' and share the spreadsheet with its client_email' if response.status_code == 403 else ''}.")
