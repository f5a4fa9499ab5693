"""SalesRabbit's quirks on the kit: a Bearer token, rows under ``data``, numbered pages.

SalesRabbit publishes no API reference; every fact here comes from public client code and the
predecessor (``sandbox/crm_sandbox/api/vendors/salesrabbit/CONTRACT.md``).
"""

from __future__ import annotations

import typing as t
from http import HTTPStatus

from tap_common import Bearer, PageNumber, RESTStream

if t.TYPE_CHECKING:
    import requests

#: Rows asked per page: what SalesRabbit integrations use (the predecessor's ``limit``).
PAGE_SIZE = 1000


class SalesRabbitStream(RESTStream):
    """A SalesRabbit list: ``{"data": [...], "meta": {"morePages": …}?}``.

    The page size goes out under both names clients use (``limit``: the predecessor;
    ``perPage``: other public clients). A page shorter than asked does not end the list (the
    server may cap the page size); an empty page or ``meta.morePages: false`` does.
    """

    auth = Bearer("api_token")
    paging = PageNumber(size=PAGE_SIZE, size_param="limit", until="empty", more="$.meta.morePages")
    extra_params: t.ClassVar[dict[str, t.Any]] = {"perPage": PAGE_SIZE}
    records_jsonpath = "$.data[*]"
    #: SalesRabbit sends ``""`` for a name or phone nobody entered.
    blank_is_null = True

    def parse_response(self, response: requests.Response) -> t.Iterable[dict]:
        # If-Modified-Since may, by HTTP's rules, be answered 304 Not Modified: no rows.
        if response.status_code == HTTPStatus.NOT_MODIFIED:
            return []
        return super().parse_response(response)
