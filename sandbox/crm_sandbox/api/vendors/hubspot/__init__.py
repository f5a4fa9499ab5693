"""HubSpot CRM v3/v4 emulation (routes in ``api.py``, object types and records drawn from the
world in ``model.py``, search semantics in ``search.py``, mutations and dumps in ``admin.py``,
documented facts with their sources in ``CONTRACT.md``)."""

from crm_sandbox.api.vendors.hubspot.api import DEMO_TOKEN, PORTAL_ID, HubSpot

VENDOR = HubSpot
__all__ = ["DEMO_TOKEN", "PORTAL_ID", "VENDOR"]
