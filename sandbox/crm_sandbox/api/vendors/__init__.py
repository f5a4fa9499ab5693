"""One package per emulated vendor (``<vendor>/``); each exposes ``VENDOR`` (a ``Vendor`` subclass).

Adding a vendor means adding a package here — nothing else is edited: the server mounts every
package found (see ``../kit/README.md``).
"""

from __future__ import annotations

import importlib
import pkgutil

from crm_sandbox.api.kit.vendor import Vendor


def discover() -> dict[str, type[Vendor]]:
    """Every vendor class in this package, keyed by its mount name."""
    found: dict[str, type[Vendor]] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        vendor = getattr(module, "VENDOR", None)
        if vendor is None:
            raise ImportError(f"{module.__name__} defines no VENDOR (the Vendor subclass to mount)")
        found[vendor.name] = vendor
    return found
