"""SalesRabbit API emulation (routes in ``api.py``, data drawn from the world in ``data.py``,
public facts with their sources in ``CONTRACT.md``)."""

from crm_sandbox.api.vendors.salesrabbit.api import TOKEN, SalesRabbit

VENDOR = SalesRabbit
__all__ = ["TOKEN", "VENDOR"]
