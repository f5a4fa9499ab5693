"""The base REST stream every CRM tap builds on.

It owns the HTTP behaviour so a tap's streams only state API facts:

- ``url_base`` from the ``api_url`` setting; a bearer token from ``credential_setting``
  (override ``authenticator`` for other schemes);
- retries on the SDK's own backoff: 429, 5xx, timeouts, connection resets and 2xx bodies that
  are not valid JSON are retried with exponential waits; a ``Retry-After`` header replaces the
  computed wait; after ``backoff_max_tries`` attempts the error is re-raised;
- 401/403 → ``CredentialError`` naming the credential setting (fatal: no retry, state unmoved);
- client-side rate limiting with ``rate_limit = (requests, seconds)`` per ``rate_limit_bucket``;
- the bookmark mapped onto a request parameter (``bookmark_param`` / ``bookmark_format``).
"""

from __future__ import annotations

import email.utils
import random
import time
import typing as t
from datetime import datetime, timezone
from http import HTTPStatus

import requests
from singer_sdk import RESTStream
from singer_sdk.authenticators import BearerTokenAuthenticator
from singer_sdk.exceptions import FatalAPIError, RetriableAPIError

from tap_common.ratelimit import RollingWindow

if t.TYPE_CHECKING:
    from singer_sdk.helpers.types import Context


class CredentialError(FatalAPIError):
    """The API refused the configured credential (401/403); retrying cannot help."""


class BaseRESTStream(RESTStream):
    """REST stream with the shared auth, retry, rate-limit and bookmark plumbing."""

    #: The setting holding the secret; named in the error raised on 401/403.
    credential_setting: t.ClassVar[str] = "access_token"
    #: ``(requests, seconds)``: at most that many requests in any rolling window; None = unlimited.
    rate_limit: t.ClassVar[tuple[int, float] | None] = None
    #: Streams with the same bucket name share one window (e.g. a vendor-wide limit).
    rate_limit_bucket: t.ClassVar[str] = "default"
    #: Query parameter that receives the starting bookmark (None: the stream maps it itself).
    bookmark_param: t.ClassVar[str | None] = None
    #: ``iso`` (2024-01-31T12:00:00+00:00), ``date`` (2024-01-31) or ``epoch_ms``.
    bookmark_format: t.ClassVar[str] = "iso"
    #: Retry a 2xx whose body is not valid JSON (a truncated body is a transport fault).
    expects_json: t.ClassVar[bool] = True

    @property
    def url_base(self) -> str:
        return str(self.config["api_url"]).rstrip("/")

    @property
    def authenticator(self) -> BearerTokenAuthenticator:
        return BearerTokenAuthenticator(token=self.config.get(self.credential_setting, ""))

    @property
    def timeout(self) -> float:  # type: ignore[override]
        return float(self.config.get("request_timeout", 60))

    # -- errors ---------------------------------------------------------------------------
    def validate_response(self, response: requests.Response) -> None:
        status = response.status_code
        if status in (HTTPStatus.UNAUTHORIZED, HTTPStatus.FORBIDDEN):
            raise CredentialError(
                f"{self.tap_name}: the API rejected the credential in setting "
                f"'{self.credential_setting}' (HTTP {status} on {self.path}): "
                f"{_short(response.text)} - check or renew '{self.credential_setting}'.")
        super().validate_response(response)
        if self.expects_json and status < 300:
            try:
                json_body(response)
            except ValueError as exc:
                raise RetriableAPIError(
                    f"Invalid JSON body ({len(response.content)} bytes) from {self.path}: {exc}",
                    response) from exc

    # -- retries on the SDK's backoff ---------------------------------------------------------
    def backoff_max_tries(self) -> int:
        return int(self.config.get("backoff_max_tries", 6))

    def backoff_wait_generator(self) -> t.Generator[float, t.Any, None]:
        """Exponential waits; a ``Retry-After`` on the failed response replaces the wait.

        Follows the backoff wait-generator protocol used by ``backoff_runtime``: primed with
        ``send(None)``, then sent the exception of each failed attempt.
        """
        base = float(self.config.get("backoff_base_seconds", 2.0))
        ceiling = float(self.config.get("backoff_max_seconds", 120.0))
        exception = yield 0.0
        attempt = 0
        while True:
            retry_after = _retry_after(getattr(exception, "response", None))
            wait = retry_after if retry_after is not None else base * 2 ** attempt
            attempt += 1
            exception = yield min(wait, ceiling)

    def backoff_jitter(self, value: float) -> float:
        return value * random.uniform(1.0, 1.1)  # noqa: S311 - jitter, not crypto

    def rate_limit_windows(self, request: requests.PreparedRequest) -> list[RollingWindow]:
        """The rolling windows one request must fit in; override for per-endpoint limits."""
        if self.rate_limit is None:
            return []
        return [RollingWindow.shared(self.rate_limit_bucket, *self.rate_limit)]

    def request_decorator(self, func: t.Callable) -> t.Callable:
        """The SDK's retry decorator around a throttled call: every attempt is rate limited."""

        def throttled(prepared_request: requests.PreparedRequest, *args: t.Any, **kwargs: t.Any) -> t.Any:
            for window in self.rate_limit_windows(prepared_request):
                window.wait()
            return func(prepared_request, *args, **kwargs)

        return super().request_decorator(throttled)

    # -- bookmark → request parameter -------------------------------------------------------
    def get_url_params(self, context: Context | None, next_page_token: t.Any | None) -> dict[str, t.Any]:
        params: dict[str, t.Any] = {}
        if self.bookmark_param and self.replication_key:
            start = self.get_starting_timestamp(context)
            if start is not None:
                params[self.bookmark_param] = format_instant(start, self.bookmark_format)
        return params


def json_body(response: requests.Response) -> t.Any:
    """``response.json()``, parsed once per response (validation, parsing and paging share it)."""
    if "_tap_common_json" not in response.__dict__:
        response.__dict__["_tap_common_json"] = response.json()
    return response.__dict__["_tap_common_json"]


def format_instant(value: datetime, style: str) -> str | int:
    value = value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    if style == "epoch_ms":
        return int(value.timestamp() * 1000)
    if style == "date":
        return value.date().isoformat()
    return value.isoformat()


def _retry_after(response: requests.Response | None) -> float | None:
    """Seconds from a ``Retry-After`` header (delta-seconds or HTTP-date), if any."""
    if response is None:
        return None
    value = response.headers.get("Retry-After")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, email.utils.parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


def _short(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[:limit] + "…"
