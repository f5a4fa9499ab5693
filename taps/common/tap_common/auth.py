"""Declared authentication: a stream states its scheme, the kit builds the SDK authenticator.

Each declaration knows the settings it reads, so a 401/403 can name every one of them::

    auth = Bearer("access_token")                                   # Authorization: Bearer …
    auth = Header("Authorization", 'Token token="{api_key}"')       # a header from a template
    auth = Headers({"X-Auth-Key": "{auth_key}", "X-Auth-Token": "{auth_token}"})
    auth = Basic("username", "password")                           # HTTP Basic
    auth = QueryParam("api_key", "{api_key}")                      # ?api_key=…

Templates are ``str.format`` strings over the tap's config.
"""

from __future__ import annotations

import string
import typing as t
from dataclasses import dataclass

from singer_sdk.authenticators import APIKeyAuthenticator, BasicAuthenticator, BearerTokenAuthenticator

if t.TYPE_CHECKING:
    from singer_sdk.authenticators import APIAuthenticatorBase


def _fields(template: str) -> tuple[str, ...]:
    return tuple(name for _, name, _, _ in string.Formatter().parse(template) if name)


class Auth:
    """A declared auth scheme: ``settings`` it reads and the authenticator it builds."""

    settings: tuple[str, ...] = ()

    def authenticator(self, config: t.Mapping[str, t.Any]) -> APIAuthenticatorBase:
        raise NotImplementedError


@dataclass(frozen=True)
class Bearer(Auth):
    setting: str = "access_token"

    @property
    def settings(self) -> tuple[str, ...]:  # type: ignore[override]
        return (self.setting,)

    def authenticator(self, config: t.Mapping[str, t.Any]) -> APIAuthenticatorBase:
        return BearerTokenAuthenticator(token=str(config.get(self.setting) or ""))


@dataclass(frozen=True)
class Headers(Auth):
    """One or more headers, each a template over the config (``{"X-Auth-Key": "{auth_key}"}``)."""

    templates: t.Mapping[str, str]
    location: t.Literal["header", "params"] = "header"

    @property
    def settings(self) -> tuple[str, ...]:  # type: ignore[override]
        return tuple(dict.fromkeys(f for tpl in self.templates.values() for f in _fields(tpl)))

    def authenticator(self, config: t.Mapping[str, t.Any]) -> APIAuthenticatorBase:
        values = {name: str(config.get(name) or "") for name in self.settings}
        (first, *rest) = [(key, tpl.format(**values)) for key, tpl in self.templates.items()]
        auth = APIKeyAuthenticator(key=first[0], value=first[1], location=self.location)
        target = auth.auth_headers if self.location == "header" else auth.auth_params
        target.update(rest)  # the SDK's API-key authenticator holds one pair; the others join it
        return auth


def Header(name: str, template: str) -> Headers:  # noqa: N802 - reads like the other declarations
    """One header from a template, e.g. ``Header("Authorization", 'Token token="{api_key}"')``."""
    return Headers({name: template})


def QueryParam(name: str, template: str) -> Headers:  # noqa: N802
    """A credential sent as a query parameter, e.g. ``QueryParam("api_key", "{api_key}")``."""
    return Headers({name: template}, location="params")


@dataclass(frozen=True)
class Basic(Auth):
    username_setting: str = "username"
    password_setting: str = "password"

    @property
    def settings(self) -> tuple[str, ...]:  # type: ignore[override]
        return (self.username_setting, self.password_setting)

    def authenticator(self, config: t.Mapping[str, t.Any]) -> APIAuthenticatorBase:
        return BasicAuthenticator(username=str(config.get(self.username_setting) or ""),
                                  password=str(config.get(self.password_setting) or ""))
