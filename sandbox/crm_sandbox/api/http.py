"""The tiny request/response vocabulary shared by the server and the vendor modules."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Callable
from urllib.parse import parse_qs


@dataclass
class Request:
    """One HTTP request, with ``path`` relative to the vendor's mount point."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]  # lower-cased names
    body: bytes = b""
    raw_target: str = ""  # the request-target exactly as sent (for URL-length limits)

    @classmethod
    def build(cls, method: str, path: str, query_string: str, headers: dict[str, str],
              body: bytes, raw_target: str = "") -> Request:
        query = parse_qs(query_string, keep_blank_values=True)
        return cls(method, path, query, {k.lower(): v for k, v in headers.items()}, body, raw_target)

    def arg(self, name: str, default: str | None = None) -> str | None:
        """First value of a query parameter."""
        values = self.query.get(name)
        return values[0] if values else default

    def args(self, name: str) -> list[str]:
        """All values of a query parameter (repeated and comma-separated forms both count)."""
        return [part for value in self.query.get(name, []) for part in value.split(",") if part]

    def json(self) -> Any:
        """The body parsed as JSON (``ValueError`` if it is not JSON)."""
        return json.loads(self.body or b"null")


@dataclass
class Response:
    """What a vendor handler returns; ``body`` is JSON-encoded unless it is bytes or str."""

    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)

    def encode(self) -> bytes:
        if self.body is None:
            return b""
        if isinstance(self.body, bytes):
            return self.body
        if isinstance(self.body, str):
            return self.body.encode()
        self.headers.setdefault("Content-Type", "application/json;charset=utf-8")
        return json.dumps(self.body, default=str).encode()


Handler = Callable[..., Response]


class Routed:
    """Collects the ``@route``-decorated methods of a class into a dispatch table."""

    def _collect_routes(self) -> None:
        self._routes: list[tuple[str, re.Pattern[str], Handler]] = []
        for attr in dir(type(self)):
            func = getattr(type(self), attr, None)
            for method, pattern in getattr(func, "_routes", ()):
                self._routes.append((method, pattern, getattr(self, attr)))

    def find_route(self, request: Request) -> tuple[Handler | None, dict[str, str], bool]:
        """(handler, path groups, path known) for a request; handler None if no method matches."""
        known = False
        for method, pattern, handler in self._routes:
            match = pattern.fullmatch(request.path)
            if match:
                known = True
                if method == request.method:
                    return handler, match.groupdict(), True
        return None, {}, known


def route(method: str, pattern: str) -> Callable[[Handler], Handler]:
    """Mark a vendor method as the handler of ``method`` + ``pattern`` (a full-match regex).

    Named groups in the pattern are passed to the handler as keyword arguments.
    """

    def mark(func: Handler) -> Handler:
        func.__dict__.setdefault("_routes", []).append((method.upper(), re.compile(pattern)))
        return func

    return mark
