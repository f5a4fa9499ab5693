"""Five9 Configuration Web Services (SOAP) emulation (service in ``api.py``, WSDL and envelopes
in ``soap.py``, the domain drawn from the world in ``data.py``, documented facts with their
sources in ``CONTRACT.md``)."""

from crm_sandbox.api.vendors.five9.api import PASSWORD, USERNAME, Five9

VENDOR = Five9
__all__ = ["PASSWORD", "USERNAME", "VENDOR"]
