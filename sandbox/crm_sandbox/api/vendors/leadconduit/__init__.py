"""LeadConduit (ActiveProspect) ``GET /events`` emulation (routes in ``api.py``, the event log
drawn from the world in ``data.py``, documented facts with their sources in ``CONTRACT.md``)."""

from crm_sandbox.api.vendors.leadconduit.api import API_KEY, LeadConduit

VENDOR = LeadConduit
__all__ = ["API_KEY", "VENDOR"]
