"""``Vendor`` and ``AdminError`` live in the emulation kit; this path stays for existing importers."""

from crm_sandbox.api.kit.vendor import AdminError, Vendor

__all__ = ["AdminError", "Vendor"]
