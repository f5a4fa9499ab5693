"""The kit's REST stream: a tap's streams declare API facts, this class does the HTTP.

Declarations (class attributes; each module's docstring shows the forms):

- ``auth`` (:mod:`tap_common.auth`): the scheme and the settings it reads; 401/403 raises
  :class:`CredentialError` naming every one of them (fatal, no retry, state unmoved);
- ``paging`` (:mod:`tap_common.paging`): page number, next URL, keyset or cursor;
- ``bookmark`` (:mod:`tap_common.bookmarks`): the bookmark as a query parameter or header;
- ``rate_limits`` (:class:`tap_common.ratelimit.RateLimit`): rolling windows per tap or stream;
- ``context_fields``: parent-context fields copied into every record (``account_id``);
- ``extra_params``: query parameters every request carries (``fields=…``);
- ``records_jsonpath`` (the SDK's): where the records are in the body.

Behaviour on the SDK's own mechanisms: ``url_base`` is the ``api_url`` setting; retries through
the SDK's backoff decorator (429, 5xx, timeouts, resets and 2xx bodies that are not JSON;
exponential from ``backoff_base_seconds``, a ``Retry-After`` replaces the wait, capped by
``backoff_max_seconds``, ``backoff_max_tries`` attempts); every attempt waits for the rate
windows; records are coerced to the schema (:mod:`tap_common.coerce`); FULL_TABLE streams send
ACTIVATE_VERSION only after the whole run succeeded (:mod:`tap_common.versions`).
``send()`` makes any extra request through the same auth, retries, limits and validation.
"""

from __future__ import annotations

import email.utils
import random
import time
import typing as t
from datetime import datetime, timedelta, timezone
from http import HTTPStatus
from urllib.parse import ParseResult, urlsplit

import requests
from singer_sdk import RESTStream as SDKRESTStream
from singer_sdk.exceptions import FatalAPIError, RetriableAPIError
from singer_sdk.helpers.jsonpath import extract_jsonpath
from singer_sdk.pagination import SinglePagePaginator

from tap_common.auth import Auth, Bearer
from tap_common.coerce import Coercer
from tap_common.jsonbody import json_body
from tap_common.paging import NextURL, Paging
from tap_common.versions import DeferredActivateVersion

if t.TYPE_CHECKING:
    from singer_sdk.authenticators import APIAuthenticatorBase
    from singer_sdk.helpers.types import Context
    from singer_sdk.pagination import BaseAPIPaginator
    from singer_sdk.streams.rest import HTTPRequest, PageContext

    from tap_common.bookmarks import BookmarkParam
    from tap_common.ratelimit import RateLimit, RollingWindow


class CredentialError(FatalAPIError):
    """The API refused the configured credential (401/403); retrying cannot help."""


class RecordError(ValueError):
    """A vendor record the stream cannot load as declared (e.g. without its replication key)."""


class RESTStream(DeferredActivateVersion, SDKRESTStream):
    """REST stream with the shared auth, paging, bookmark, retry, rate-limit and coercion plumbing."""

    auth: t.ClassVar[Auth] = Bearer("access_token")
    paging: t.ClassVar[Paging | None] = None
    bookmark: t.ClassVar[BookmarkParam | None] = None
    rate_limits: t.ClassVar[tuple[RateLimit, ...]] = ()
    context_fields: t.ClassVar[tuple[str, ...]] = ()
    extra_params: t.ClassVar[dict[str, t.Any]] = {}
    #: The API spells an empty string value ``""``: load it as null.
    blank_is_null: t.ClassVar[bool] = False
    #: Retry a 2xx whose body is not valid JSON (a truncated body is a transport fault).
    expects_json: t.ClassVar[bool] = True

    @property
    def url_base(self) -> str:
        return str(self.config["api_url"]).rstrip("/")

    @property
    def authenticator(self) -> APIAuthenticatorBase:
        return self.auth.authenticator(self.config)

    @property
    def timeout(self) -> float:  # type: ignore[override]
        return float(self.config["request_timeout"])

    @property
    def http_headers(self) -> dict[str, str]:
        headers = dict(super().http_headers)
        if self.expects_json:
            headers.setdefault("Accept", "application/json")
        return headers

    # -- errors -------------------------------------------------------------------------------
    def validate_response(self, response: requests.Response) -> None:
        status = response.status_code
        if status in (HTTPStatus.UNAUTHORIZED, HTTPStatus.FORBIDDEN):
            raise CredentialError(self.credential_message(response))
        super().validate_response(response)
        if self.expects_json and status < 300:
            try:
                json_body(response)
            except ValueError as exc:
                raise RetriableAPIError(
                    f"Invalid JSON body ({len(response.content)} bytes) from {self.path}: {exc}",
                    response) from exc

    def credential_message(self, response: requests.Response) -> str:
        names = ", ".join(f"'{name}'" for name in self.auth.settings)
        noun = "setting" if len(self.auth.settings) == 1 else "settings"
        return (f"{self.tap_name}: the API rejected the credential in {noun} {names} "
                f"(HTTP {response.status_code} on {urlsplit(response.url or '').path or self.path}): "
                f"{_short(response.text)} - check or renew {names}.")

    # -- retries on the SDK's backoff ---------------------------------------------------------
    def backoff_max_tries(self) -> int:
        return int(self.config["backoff_max_tries"])

    def backoff_wait_generator(self) -> t.Generator[float, t.Any, None]:
        """Exponential waits; a ``Retry-After`` on the failed response replaces the wait.

        Follows the backoff wait-generator protocol used by ``backoff_runtime``: primed with
        ``send(None)``, then sent the exception of each failed attempt.
        """
        base = float(self.config["backoff_base_seconds"])
        ceiling = float(self.config["backoff_max_seconds"])
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
        """The rolling windows one request must fit in."""
        path = urlsplit(request.url or "").path
        return [limit.window(self.tap_name) for limit in self.rate_limits
                if limit.applies(request.method or "GET", path)]

    def request_decorator(self, func: t.Callable) -> t.Callable:
        """The SDK's retry decorator around a throttled call: every attempt is rate limited."""

        def throttled(prepared_request: requests.PreparedRequest, *args: t.Any, **kwargs: t.Any) -> t.Any:
            for window in self.rate_limit_windows(prepared_request):
                window.wait()
            return func(prepared_request, *args, **kwargs)

        return super().request_decorator(throttled)

    def send(self, method: str, path: str, context: Context | None = None, *,
             params: dict[str, t.Any] | None = None, json: t.Any = None) -> requests.Response:
        """One more request (a batch read, a lookup) with the stream's auth, limits, retries and
        validation; ``path`` is relative to ``api_url`` (or a full URL under it)."""
        url = path if path.startswith(("http://", "https://")) else f"{self.url_base}{path}"
        prepared = self.build_prepared_request(method=method, url=url, params=params or {},
                                               headers=self.http_headers, json=json)
        return self.request_decorator(self._request)(prepared, context)

    # -- requests: paging, bookmark, extra parameters -------------------------------------------
    def get_new_paginator(self) -> BaseAPIPaginator:
        return self.paging.new(self) if self.paging else SinglePagePaginator()

    def get_url_params(self, context: Context | None, next_page_token: t.Any | None) -> dict[str, t.Any]:
        params = dict(self.extra_params)
        if self.bookmark and self.bookmark.location == "query":
            params.update(self.bookmark_values(context))
        if self.paging:
            params.update(self.paging.params(next_page_token))
        return params

    def get_http_request(self, *, page: PageContext) -> HTTPRequest:
        request = super().get_http_request(page=page)
        if self.bookmark and self.bookmark.location == "header":
            request.headers.update({k: str(v) for k, v in self.bookmark_values(page.stream_context).items()})
        token = page.next_page_token
        if isinstance(self.paging, NextURL) and isinstance(token, ParseResult):
            request.url = self.paging.url(token.geturl(), self.url_base, self.get_url(page.stream_context))
            request.params = {}
        return request

    def bookmark_start(self, context: Context | None) -> t.Any:
        """The value the bookmark parameter carries: the starting bookmark (state, else
        ``start_date``), less the lookback on a delta; None sends nothing."""
        spec = self.bookmark
        if spec is None:
            return None
        if spec.format == "id":
            return self.get_starting_replication_key_value(context)
        start = self.get_starting_timestamp(context)
        if start is not None and spec.lookback_setting and self.is_delta(context):
            start -= timedelta(**{spec.lookback_unit: float(self.config[spec.lookback_setting])})
        return start

    def bookmark_values(self, context: Context | None) -> dict[str, t.Any]:
        spec = self.bookmark
        start = self.bookmark_start(context)
        if spec is None or start is None:
            return {}
        values = {spec.name: spec.format_value(start)}
        if spec.end_param:
            values[spec.end_param] = spec.format_value(self.sync_started_at)
        return values

    def is_delta(self, context: Context | None) -> bool:
        """True when this context resumes from a bookmark (not a first sync or full refresh)."""
        return self.get_context_state(context).get("replication_key_value") is not None

    @property
    def sync_started_at(self) -> datetime:
        """One instant per stream and run (the end of every window it asks for)."""
        if "_sync_started_at" not in self.__dict__:
            self.__dict__["_sync_started_at"] = datetime.now(timezone.utc)
        return self.__dict__["_sync_started_at"]

    # -- records -------------------------------------------------------------------------------
    def parse_response(self, response: requests.Response) -> t.Iterable[dict]:
        yield from extract_jsonpath(self.records_jsonpath, json_body(response))

    def post_process(self, row: dict, context: Context | None = None) -> dict | None:
        for name in self.context_fields:
            if context and name in context:
                row[name] = context[name]
        return self.check_replication_key(self.coerce(row))

    def check_replication_key(self, row: dict) -> dict:
        """An incremental record without its replication key cannot be placed by a bookmark: stop
        with the stream and the record's id, before the record is written (the SDK would raise a
        bare ``KeyError`` after writing it, or load a null silently and never see it again)."""
        key = self.replication_key
        if key and self.replication_method == "INCREMENTAL" and row.get(key) is None:
            ids = ", ".join(f"{k}={row.get(k)!r}" for k in self.primary_keys or ()) or _short(repr(row), 120)
            state = "is null" if key in row else "is missing"
            msg = (f"{self.tap_name}: stream '{self.name}', record {ids}: the replication key '{key}' {state}; "
                   "the vendor's answer breaks the documented shape, so the run stops before the bookmark moves.")
            raise RecordError(msg)
        return row

    def coerce(self, row: dict) -> dict:
        """Values in the API's loose spellings → the schema's types (see :mod:`tap_common.coerce`)."""
        if self.__dict__.get("_coercer_schema") is not self.schema:
            self.__dict__["_coercer"] = Coercer(self.schema, blank_is_null=self.blank_is_null)
            self.__dict__["_coercer_schema"] = self.schema
        return self.__dict__["_coercer"](row)


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
