"""``/_admin/...``: reset the world, plan faults, mutate and dump vendor data, read the log."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from crm_sandbox.api.http import Request, Response, Routed, route
from crm_sandbox.api.kit.vendor import AdminError

if TYPE_CHECKING:
    from crm_sandbox.api.server import Sandbox


class Admin(Routed):
    """Admin endpoints; no authentication (the sandbox only listens on loopback by default)."""

    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox
        self._collect_routes()

    def dispatch(self, request: Request) -> Response:
        handler, groups, _known = self.find_route(request)
        if handler is None:
            return Response(404, {"error": f"no admin endpoint {request.method} {request.path}"})
        try:
            body = request.json() if request.body else {}
            return handler(body or {}, request, **groups)
        except (AdminError, ValueError, TypeError, KeyError) as exc:
            return Response(getattr(exc, "status", 400), {"error": str(exc)})

    def _vendor(self, vendor: str):
        try:
            return self.sandbox.vendors[vendor]
        except KeyError:
            raise AdminError(f"unknown vendor {vendor!r}", 404) from None

    @route("GET", r"/health")
    def health(self, body: dict[str, Any], request: Request) -> Response:
        return Response(200, self.sandbox.describe())

    @route("GET", r"/vendors")
    def vendors(self, body: dict[str, Any], request: Request) -> Response:
        return Response(200, self.sandbox.describe()["vendors"])

    @route("POST", r"/reset")
    def reset(self, body: dict[str, Any], request: Request) -> Response:
        self.sandbox.reset(seed=body.get("seed"), scale=body.get("scale"))
        return Response(200, self.sandbox.describe())

    @route("GET", r"/faults")
    def get_faults(self, body: dict[str, Any], request: Request) -> Response:
        return Response(200, {"plan": self.sandbox.faults.describe()})

    @route("POST", r"/faults")
    def set_faults(self, body: dict[str, Any], request: Request) -> Response:
        self.sandbox.faults.replace(body.get("plan", []))
        return Response(200, {"plan": self.sandbox.faults.describe()})

    @route("DELETE", r"/faults")
    def clear_faults(self, body: dict[str, Any], request: Request) -> Response:
        self.sandbox.faults.clear()
        return Response(200, {"plan": []})

    @route("GET", r"/requests")
    def requests(self, body: dict[str, Any], request: Request) -> Response:
        vendor = request.arg("vendor")
        return Response(200, [r for r in self.sandbox.log_snapshot() if vendor in (None, r["vendor"])])

    @route("DELETE", r"/requests")
    def clear_requests(self, body: dict[str, Any], request: Request) -> Response:
        self.sandbox.clear_log()
        return Response(200, [])

    @route("POST", r"/(?P<vendor>[\w-]+)/mutate")
    def mutate(self, body: dict[str, Any], request: Request, vendor: str) -> Response:
        with self.sandbox.lock:
            return Response(200, self._vendor(vendor).mutate(body))

    @route("GET", r"/(?P<vendor>[\w-]+)/dump/(?P<obj>[\w.-]+)")
    def dump(self, body: dict[str, Any], request: Request, vendor: str, obj: str) -> Response:
        with self.sandbox.lock:
            return Response(200, self._vendor(vendor).dump(obj))

    @route("GET", r"/(?P<vendor>[\w-]+)/config")
    def get_config(self, body: dict[str, Any], request: Request, vendor: str) -> Response:
        return Response(200, self._vendor(vendor).configure({}))

    @route("POST", r"/(?P<vendor>[\w-]+)/config")
    def set_config(self, body: dict[str, Any], request: Request, vendor: str) -> Response:
        with self.sandbox.lock:
            return Response(200, self._vendor(vendor).configure(body))
