"""The contract every vendor emulation implements (see ``README.md`` beside this file)."""

from __future__ import annotations

import copy
from typing import Any, ClassVar

from crm_sandbox.api.http import Request, Response, Routed
from crm_sandbox.api.kit.auth import Scheme
from crm_sandbox.api.kit.limits import RateLimits, Window
from crm_sandbox.api.kit.query import BadRequest
from crm_sandbox.world import World


class AdminError(Exception):
    """Raised by ``mutate``/``dump``/``configure`` for a bad admin request (→ HTTP 400/404)."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


class Vendor(Routed):
    """One emulated vendor API, mounted at ``/<name>/``.

    A vendor package defines one subclass and exposes it as ``VENDOR``.  The server builds a
    fresh instance from the shared ``World`` at start-up and on every ``/_admin/reset``, so
    all state lives on the instance.  Handlers are methods decorated with
    ``@route(method, regex)``; they are called as ``handler(request, **groups)`` *after*
    ``authenticate`` accepted the request and the fault plan let it through.

    Declarative parts (class attributes): ``auth`` (a ``kit.auth`` scheme) with the credentials
    it accepts in the knob ``credentials``; ``knobs`` (defaults of everything
    ``/_admin/<vendor>/config`` may change); ``rate_windows`` (``kit.limits.Window``s).
    """

    #: Path prefix, e.g. ``"hubspot"`` → ``http://host:port/hubspot/...``.
    name: ClassVar[str] = ""
    #: Credentials the emulation documents for the dev environment (``crm-sandbox serve`` prints them).
    credentials: ClassVar[dict[str, str]] = {}
    #: How a request presents its credential; None = no authentication.
    auth: ClassVar[Scheme | None] = None
    #: Emulation knobs and their defaults; ``accepted`` lists the credentials ``auth`` accepts.
    knobs: ClassVar[dict[str, Any]] = {}
    rate_windows: ClassVar[tuple[Window, ...]] = ()

    def __init__(self, world: World) -> None:
        self.world = world
        self.knobs = copy.deepcopy(type(self).knobs)
        self.rates = RateLimits(self.rate_windows)
        self._collect_routes()

    # -- HTTP -----------------------------------------------------------------------------
    def dispatch(self, request: Request) -> Response:
        """Rate windows, then the route; ``BadRequest`` → ``bad_request``; 404/405 in the
        vendor's error shape when nothing matches."""
        refused = self.rates.check(request, self.knobs)
        if refused is not None:
            response = self.error(429, refused.window.message, **refused.window.extra)
            if refused.window.retry_after:
                response.headers["Retry-After"] = str(refused.retry_after)
            return response
        handler, groups, known = self.find_route(request)
        try:
            if handler is not None:
                return handler(request, **groups)
        except BadRequest as exc:
            return self.bad_request(str(exc), exc.status)
        if known:
            return self.error(405, f"Method {request.method} not allowed on {request.path}")
        return self.error(404, f"Unknown path {request.path}")

    def authenticate(self, request: Request) -> Response | None:
        """None to accept; else the vendor's 401 (``unauthorized``).  With ``auth`` declared, the
        presented credential must be one of ``knobs["accepted"]``; override ``accepts`` for more."""
        if self.auth is None:
            return None
        presented = self.auth.presented(request)
        return None if presented is not None and self.accepts(presented, request) else self.unauthorized(request)

    def accepts(self, presented: Any, request: Request) -> bool:
        accepted = self.knobs.get("accepted", ())
        return presented in [tuple(a) if isinstance(a, list) else a for a in accepted]

    def unauthorized(self, request: Request) -> Response:
        """The vendor's documented reply to a missing, wrong or expired credential (also the
        fault ``expire_token``)."""
        return self.error(401, "Authentication credentials are invalid or expired.")

    def error(self, status: int, message: str, **extra: Any) -> Response:
        """An error in the vendor's documented body shape (also used for injected faults).
        Override it for non-JSON vendors (a SOAP fault, an OData error document, …)."""
        return Response(status, {"error": message, **extra})

    def bad_request(self, message: str, status: int = 400) -> Response:
        """The reply to a ``BadRequest`` from knob validation (default: ``error``)."""
        return self.error(status, message)

    # -- admin ----------------------------------------------------------------------------
    def mutate(self, body: dict[str, Any]) -> dict[str, Any]:
        """Apply ``POST /_admin/<vendor>/mutate``; return a summary (ids touched, timestamp)."""
        raise AdminError(f"{self.name} does not support mutations", 404)

    def dump(self, obj: str) -> list[dict[str, Any]]:
        """Every record of ``obj`` as the warehouse should end up holding it."""
        raise AdminError(f"{self.name} has no object {obj!r}", 404)

    def configure(self, settings: dict[str, Any]) -> dict[str, Any]:
        """Change emulation knobs (rate limits, page sizes, …); return the current knobs.
        Unknown names → 400; changing any knob restarts the rate windows."""
        unknown = set(settings) - set(self.knobs)
        if unknown:
            raise AdminError(f"{self.name} has no settings {sorted(unknown)}; known: {sorted(self.knobs)}")
        self.knobs.update(settings)
        if settings:
            self.rates.clear()
        return dict(self.knobs)
