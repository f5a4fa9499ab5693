"""Query-parameter validation: a bad value raises ``BadRequest``, which ``Vendor.dispatch``
turns into the vendor's own 400 body (``Vendor.bad_request``)."""

from __future__ import annotations

from datetime import datetime
from typing import Iterable

from crm_sandbox.api.http import Request
from crm_sandbox.api.kit.instants import parse_instant


class BadRequest(Exception):
    """A request the vendor rejects as malformed; ``status`` defaults to 400."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def int_arg(request: Request, name: str, default: int | None = None, *, minimum: int | None = None,
            maximum: int | None = None, clamp: bool = False) -> int | None:
    """An integer parameter; out of range → ``BadRequest`` (or clamped with ``clamp=True``)."""
    raw = request.arg(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadRequest(f"{name} must be an integer, got {raw!r}") from None
    if minimum is not None and value < minimum:
        if not clamp:
            raise BadRequest(f"{name} must be at least {minimum}, got {value}")
        value = minimum
    if maximum is not None and value > maximum:
        if not clamp:
            raise BadRequest(f"{name} must be at most {maximum}, got {value}")
        value = maximum
    return value


def choice_arg(request: Request, name: str, choices: Iterable[str], default: str | None = None,
               *, case_sensitive: bool = True) -> str | None:
    raw = request.arg(name)
    if raw is None:
        return default
    allowed = list(choices)
    found = raw if case_sensitive else next((c for c in allowed if c.lower() == raw.lower()), raw)
    if found not in allowed:
        raise BadRequest(f"{name} must be one of {', '.join(allowed)}, got {raw!r}")
    return found


def bool_arg(request: Request, name: str, default: bool = False) -> bool:
    raw = request.arg(name)
    if raw in (None, ""):
        return default
    if raw.lower() not in ("true", "false", "1", "0"):
        raise BadRequest(f"{name} must be true or false, got {raw!r}")
    return raw.lower() in ("true", "1")


def instant_arg(request: Request, name: str, default: datetime | None = None) -> datetime | None:
    """An instant parameter in any form ``parse_instant`` reads (ISO, epoch ms, HTTP-date)."""
    raw = request.arg(name)
    if raw in (None, ""):
        return default
    try:
        return parse_instant(raw)
    except ValueError as exc:
        raise BadRequest(f"{name}: {exc}") from None
