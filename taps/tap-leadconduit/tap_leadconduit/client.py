"""LeadConduit's facts for the kit: HTTP Basic with the API key, a bare JSON array, after-id paging."""

from __future__ import annotations

import typing as t
from dataclasses import dataclass

from singer_sdk.authenticators import BasicAuthenticator

from tap_common import Basic, Keyset, RateLimit, RESTStream

if t.TYPE_CHECKING:
    from singer_sdk.authenticators import APIAuthenticatorBase


@dataclass(frozen=True)
class APIKeyPassword(Basic):
    """HTTP Basic, the API key as the password: "The username is ignored so you can provide
    whatever value you like. This documentation uses API as the username." (Authentication)."""

    user: str = "API"
    password_setting: str = "api_key"

    @property
    def settings(self) -> tuple[str, ...]:  # type: ignore[override]
        return (self.password_setting,)

    def authenticator(self, config: t.Mapping[str, t.Any]) -> APIAuthenticatorBase:
        return BasicAuthenticator(username=self.user, password=str(config.get(self.password_setting) or ""))


class LeadConduitStream(RESTStream):
    """A LeadConduit list: a bare JSON array, paged by ``after_id`` = the last id received."""

    auth = APIKeyPassword()
    records_jsonpath = "$[*]"
    #: "maximum limit is 1000, default 100"; the default order is newest first ("Defaults to
    #: desc"), so oldest first is always asked for: the id cursor needs ascending ids.
    extra_params: t.ClassVar[dict[str, t.Any]] = {"limit": 1000, "sort": "asc"}
    #: Pages end only at an empty page, so a server answering fewer than ``limit`` loses nothing.
    paging = Keyset(param="after_id", key="id", size=None, size_param=None)
    #: No limit is documented; one request at a time, and never more than 10 a second.
    rate_limits = (RateLimit(10, 1.0),)
