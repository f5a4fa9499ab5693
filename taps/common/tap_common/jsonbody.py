"""A response's JSON body, parsed once (validation, records and paging all read it)."""

from __future__ import annotations

import decimal
import typing as t

if t.TYPE_CHECKING:
    import requests


def json_body(response: requests.Response) -> t.Any:
    """``response.json()`` with decimals kept exact (as the SDK parses records), cached on the response."""
    if "_tap_common_json" not in response.__dict__:
        response.__dict__["_tap_common_json"] = response.json(parse_float=decimal.Decimal)
    return response.__dict__["_tap_common_json"]
