"""LeadConduit's facts for the kit: HTTP Basic with the API key, a bare JSON array, after-id paging."""

from __future__ import annotations

import typing as t
from dataclasses import dataclass

from singer_sdk.authenticators import BasicAuthenticator

from singer_sdk.singerlib.catalog import SelectionMask

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

    @property
    def mask(self) -> SelectionMask:
        """The SDK's selection mask, remembering the answers it derives for nested paths.

        singer-sdk 0.54 checks every key of every nested object against the mask, and a path
        the catalog does not list (any key inside ``vars``) is worked out from its parents
        again each time: a fifth of the tap's time on LeadConduit's deep events.  The answers
        never change within a run; ``_mask`` is where ``Stream.mask`` (public) caches it.
        """
        mask = super().mask
        if not isinstance(mask, _RememberingMask):
            self._mask = mask = _RememberingMask(mask)
        return mask


class _RememberingMask(SelectionMask):
    def __missing__(self, breadcrumb: tuple[str, ...]) -> bool:
        self[breadcrumb] = value = super().__missing__(breadcrumb)
        return value
