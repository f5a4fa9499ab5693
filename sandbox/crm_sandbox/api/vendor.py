"""The contract every vendor module implements (see README.md)."""

from __future__ import annotations

from typing import Any, ClassVar

from crm_sandbox.api.http import Request, Response, Routed
from crm_sandbox.world import World


class AdminError(Exception):
    """Raised by ``mutate``/``dump``/``configure`` for a bad admin request (→ HTTP 400/404)."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


class Vendor(Routed):
    """One emulated vendor API, mounted at ``/<name>/``.

    A vendor module defines one subclass and exposes it as ``VENDOR``.  The server builds a
    fresh instance from the shared ``World`` at start-up and on every ``/_admin/reset``, so
    all state lives on the instance.  Handlers are methods decorated with
    ``@route(method, regex)``; they are called as ``handler(request, **groups)`` *after*
    ``authenticate`` accepted the request and the fault plan let it through.
    """

    #: Path prefix, e.g. ``"hubspot"`` → ``http://host:port/hubspot/...``.
    name: ClassVar[str] = ""
    #: Credentials the emulation accepts, shown by ``crm-sandbox serve`` and ``/_admin/vendors``.
    credentials: ClassVar[dict[str, str]] = {}

    def __init__(self, world: World) -> None:
        self.world = world
        self._collect_routes()

    # -- HTTP -----------------------------------------------------------------------------
    def dispatch(self, request: Request) -> Response:
        """Route a request; 404/405 in the vendor's error shape when nothing matches."""
        handler, groups, known = self.find_route(request)
        if handler is not None:
            return handler(request, **groups)
        if known:
            return self.error(405, f"Method {request.method} not allowed on {request.path}")
        return self.error(404, f"Unknown path {request.path}")

    def authenticate(self, request: Request) -> Response | None:
        """Return the vendor's 401/403 response for bad credentials, or None to accept."""
        return None

    def unauthorized(self, request: Request) -> Response:
        """The vendor's response to an expired or revoked credential (fault ``expire_token``)."""
        return self.error(401, "Authentication credentials are invalid or expired.")

    def error(self, status: int, message: str, **extra: Any) -> Response:
        """An error in the vendor's documented body shape (also used for injected faults)."""
        return Response(status, {"error": message, **extra})

    # -- admin ----------------------------------------------------------------------------
    def mutate(self, body: dict[str, Any]) -> dict[str, Any]:
        """Apply ``POST /_admin/<vendor>/mutate``; return a summary (ids touched, timestamp)."""
        raise AdminError(f"{self.name} does not support mutations", 404)

    def dump(self, obj: str) -> list[dict[str, Any]]:
        """Every record of ``obj`` as the warehouse should end up holding it."""
        raise AdminError(f"{self.name} has no object {obj!r}", 404)

    def configure(self, settings: dict[str, Any]) -> dict[str, Any]:
        """Change emulation knobs (rate limits, URL limits, …); return the current knobs."""
        if settings:
            raise AdminError(f"{self.name} has no settings {sorted(settings)}")
        return {}
