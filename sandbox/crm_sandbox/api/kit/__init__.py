"""The emulation kit: everything a vendor package imports (see ``README.md`` beside this file).

``from crm_sandbox.api.kit import Vendor, Request, Response, route, ...``
"""

from crm_sandbox.api.http import Request, Response, route
from crm_sandbox.api.kit import auth, instants, paging, query
from crm_sandbox.api.kit.auth import Basic, Bearer, Headers, HeaderTemplate, QueryParam
from crm_sandbox.api.kit.instants import epoch_ms, http_date, iso_local, iso_z, parse_instant
from crm_sandbox.api.kit.limits import RateLimits, Window
from crm_sandbox.api.kit.paging import Page, cursor, keyset, next_url, offset_limit, page_number
from crm_sandbox.api.kit.query import BadRequest, bool_arg, choice_arg, instant_arg, int_arg
from crm_sandbox.api.kit.vendor import AdminError, Vendor

__all__ = [
    "AdminError", "BadRequest", "Basic", "Bearer", "HeaderTemplate", "Headers", "Page", "QueryParam",
    "RateLimits", "Request", "Response", "Vendor", "Window", "auth", "bool_arg", "choice_arg",
    "cursor", "epoch_ms", "http_date", "instant_arg", "instants", "int_arg", "iso_local", "iso_z",
    "keyset", "next_url", "offset_limit", "page_number", "paging", "parse_instant", "query", "route",
]
