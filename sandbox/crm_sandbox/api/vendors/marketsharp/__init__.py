"""MarketSharp emulation (OData v2 / WCF Data Services, Atom XML): see ``api.py`` and ``CONTRACT.md``."""

from crm_sandbox.api.vendors.marketsharp.api import MarketSharp

VENDOR = MarketSharp
