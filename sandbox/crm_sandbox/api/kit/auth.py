"""Credential schemes: each reads what a request presents, or None when the scheme is absent
or malformed.  ``Vendor.authenticate`` compares it with the credentials the vendor accepts and
answers the vendor's documented 401 (``Vendor.unauthorized``) otherwise.

- ``Bearer()``: ``Authorization: Bearer <token>`` → the token.
- ``HeaderTemplate("Authorization", 'Token token="{api_key}"')``: the value between the literal
  parts; quotes around the placeholder are optional (clients send both).
- ``Headers("X-Auth-Key", "X-Auth-Token")``: a tuple of the headers' values (all required).
- ``Basic()``: HTTP Basic → ``(user, password)``.
- ``QueryParam("api_key")``: a query parameter.
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any

from crm_sandbox.api.http import Request


class Scheme:
    def presented(self, request: Request) -> Any:
        raise NotImplementedError


class Bearer(Scheme):
    def presented(self, request: Request) -> str | None:
        kind, _, token = request.headers.get("authorization", "").partition(" ")
        return token.strip() or None if kind.lower() == "bearer" else None


class HeaderTemplate(Scheme):
    def __init__(self, header: str, template: str) -> None:
        self.header = header.lower()
        before, _, rest = template.partition("{")
        _name, _, after = rest.partition("}")
        before, after = before.rstrip('"'), after.lstrip('"')
        self._pattern = re.compile(rf'^{_loose(before)}"?([^"]+?)"?{_loose(after)}$', re.IGNORECASE)

    def presented(self, request: Request) -> str | None:
        match = self._pattern.match(request.headers.get(self.header, "").strip())
        return match.group(1) if match else None


class Headers(Scheme):
    def __init__(self, *headers: str) -> None:
        self.headers = tuple(h.lower() for h in headers)

    def presented(self, request: Request) -> tuple[str, ...] | None:
        values = tuple(request.headers.get(h, "").strip() for h in self.headers)
        return values if all(values) else None


class Basic(Scheme):
    def presented(self, request: Request) -> tuple[str, str] | None:
        kind, _, encoded = request.headers.get("authorization", "").partition(" ")
        if kind.lower() != "basic":
            return None
        try:
            user, sep, password = base64.b64decode(encoded.strip(), validate=True).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return None
        return (user, password) if sep else None


class QueryParam(Scheme):
    def __init__(self, name: str) -> None:
        self.name = name

    def presented(self, request: Request) -> str | None:
        return request.arg(self.name) or None


def _loose(literal: str) -> str:
    """A template's literal part as a regex where any run of spaces matches any other."""
    return r"\s+".join(re.escape(part) for part in literal.split(" ")) if literal.strip() else r"\s*"
