"""HubSpot's quirks on top of the shared REST stream: limits, error bodies, extra requests."""

from __future__ import annotations

import typing as t

import requests

from tap_common import BaseRESTStream, DeferredActivateVersion, RollingWindow

if t.TYPE_CHECKING:
    from singer_sdk.helpers.types import Context

#: Burst limit shared by every private app of a portal: 100 requests per rolling 10 s on
#: Free/Starter (higher tiers allow more), and the CRM search endpoints' 4 requests/s per token
#: (HubSpot changelog "CRM Search API Rate Limit Increase"; emulations and peers cite 4-5/s).
GENERAL_LIMIT = (100, 10.0)
SEARCH_LIMIT = (4, 1.0)


class HubSpotStream(DeferredActivateVersion, BaseRESTStream):
    """Base for every HubSpot REST stream."""

    credential_setting = "access_token"
    rate_limit = GENERAL_LIMIT
    rate_limit_bucket = "hubspot"
    records_jsonpath = "$.results[*]"

    def rate_limit_windows(self, request: requests.PreparedRequest) -> list[RollingWindow]:
        windows = super().rate_limit_windows(request)
        if request.method == "POST" and (request.path_url or "").split("?")[0].endswith("/search"):
            windows.append(RollingWindow.shared("hubspot-search", *SEARCH_LIMIT))
        return windows

    def response_error_message(self, response: requests.Response) -> str:
        """HubSpot's error body: ``{"status", "message", "correlationId", "category"}``."""
        try:
            body = response.json()
        except ValueError:
            return super().response_error_message(response)
        if not isinstance(body, dict):
            return super().response_error_message(response)
        return (f"{response.status_code} {body.get('category', response.reason)} on {self.path}: "
                f"{body.get('message')} (correlationId {body.get('correlationId')})")

    def send(self, method: str, path: str, context: Context | None, *,
             params: dict[str, t.Any] | None = None, json: t.Any = None) -> requests.Response:
        """One more request with the stream's auth, throttling, retries and validation.

        For the calls a page needs besides its own (batch reads, association reads).
        """
        prepared = self.build_prepared_request(
            method=method, url=f"{self.url_base}{path}", params=params or {},
            headers=self.http_headers, json=json)
        return self.request_decorator(self._request)(prepared, context)
