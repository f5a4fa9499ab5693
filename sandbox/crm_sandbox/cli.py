"""``crm-sandbox``: seed and mutate the demo sources, and serve the vendor API emulations.

Each area registers its own sub-commands, so adding a vendor never edits this file's logic.
"""

from __future__ import annotations

import argparse
import importlib
import logging

# Modules exposing ``register(subparsers)``; each adds its sub-commands.
COMMAND_MODULES = ("crm_sandbox.genius.commands", "crm_sandbox.api.commands")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="crm-sandbox", description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    subparsers = parser.add_subparsers(dest="command", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    return args.func(args) or 0


if __name__ == "__main__":
    raise SystemExit(main())
