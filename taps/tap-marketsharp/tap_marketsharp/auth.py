"""MarketSharp's request signature (support article "MarketSharp API Documentation").

``Authorization: <companyId>:<apiKey>:<epoch>:<hash>`` where ``epoch`` is the current Unix time
in whole seconds and ``hash`` = Base64(HMAC-SHA256(key = the Base64-decoded secret key,
message = companyId + apiKey + epoch)).  The server refuses old timestamps, so the header is
computed per attempt (:meth:`tap_marketsharp.client.MarketSharpStream.request_decorator`),
never reused across retries.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import time
import typing as t
from dataclasses import dataclass

from singer_sdk.authenticators import APIAuthenticatorBase

from tap_common.auth import Auth

if t.TYPE_CHECKING:
    import requests


class Signer:
    def __init__(self, company_id: str, api_key: str, secret_key: str) -> None:
        try:
            self._key = base64.b64decode(secret_key, validate=True)
        except (binascii.Error, ValueError):
            msg = "tap-marketsharp: setting 'secret_key' is not Base64 text (MarketSharp issues it Base64-encoded)."
            raise ValueError(msg) from None
        self._prefix = f"{company_id}:{api_key}:"
        self._message = f"{company_id}{api_key}".encode()

    def header(self, now: float | None = None) -> str:
        epoch = str(int(time.time() if now is None else now))
        digest = hmac.new(self._key, self._message + epoch.encode(), hashlib.sha256).digest()
        return f"{self._prefix}{epoch}:{base64.b64encode(digest).decode()}"


class HMACAuthenticator(APIAuthenticatorBase):
    """Signs every request when it is prepared (and again on each retry, see the stream)."""

    def __init__(self, signer: Signer) -> None:
        super().__init__()
        self.signer = signer

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        r.headers["Authorization"] = self.signer.header()
        return r


@dataclass(frozen=True)
class MarketSharpHMAC(Auth):
    settings: tuple[str, ...] = ("company_id", "api_key", "secret_key")

    def signer(self, config: t.Mapping[str, t.Any]) -> Signer:
        return Signer(*(str(config.get(name) or "") for name in self.settings))

    def authenticator(self, config: t.Mapping[str, t.Any]) -> APIAuthenticatorBase:
        return HMACAuthenticator(self.signer(config))
