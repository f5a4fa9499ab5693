"""Arrivy REST API emulation (routes in ``api.py``, data drawn from the world in ``data.py``,
documented facts with their sources in ``CONTRACT.md``)."""

from crm_sandbox.api.vendors.arrivy.api import AUTH_KEY, AUTH_TOKEN, Arrivy

VENDOR = Arrivy
__all__ = ["AUTH_KEY", "AUTH_TOKEN", "VENDOR"]
