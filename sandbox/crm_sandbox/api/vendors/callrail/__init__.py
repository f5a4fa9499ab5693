"""CallRail API v3 emulation (routes in ``api.py``, data drawn from the world in ``data.py``,
documented facts with their sources in ``CONTRACT.md``)."""

from crm_sandbox.api.vendors.callrail.api import API_KEY, SCOPED_KEYS, CallRail

VENDOR = CallRail
__all__ = ["API_KEY", "SCOPED_KEYS", "VENDOR"]
