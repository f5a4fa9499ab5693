"""``crm-sandbox serve``: run every vendor emulation in one process."""

from __future__ import annotations

import argparse

from crm_sandbox.api.server import serve


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("serve", help="serve the vendor API emulations over HTTP")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--scale", type=float, default=1.0)
    p.set_defaults(func=_serve)


def _serve(args: argparse.Namespace) -> int:
    server = serve(args.host, args.port, args.seed, args.scale)
    print(f"crm-sandbox serving {server.url} (seed {args.seed}, scale {args.scale:g})", flush=True)
    for name, vendor in server.sandbox.vendors.items():
        creds = ", ".join(f"{k}={v}" for k, v in vendor.credentials.items())
        print(f"  {name}: {server.url}/{name}  [{creds}]", flush=True)
    print(f"  admin: {server.url}/_admin/health", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0
