"""``crm-sandbox genius-seed`` and ``crm-sandbox genius-mutate``."""

from __future__ import annotations

import argparse
import json


def _seed(args: argparse.Namespace) -> int:
    from .seed import seed

    counts = seed(args.url, scale=args.scale, seed=args.seed)
    print(json.dumps({"rows": sum(counts.values()), "tables": counts}))
    return 0


def _mutate(args: argparse.Namespace) -> int:
    from .mutate import mutate

    print(json.dumps(mutate(args.url, fraction=args.fraction, seed=args.seed)))
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    seed = subparsers.add_parser("genius-seed", help="(re)create and fill a Genius CRM database")
    seed.add_argument("--url", required=True, help="SQLAlchemy URL, e.g. mysql+pymysql://root@127.0.0.1/genius "
                                                   "or sqlite:///.demo/genius.sqlite")
    seed.add_argument("--scale", type=float, default=2.0, help="size; 1.0 ≈ 2,000 prospects, ~19k rows (default 2)")
    seed.add_argument("--seed", type=int, default=42, help="random seed of the demo world (default 42)")
    seed.set_defaults(func=_seed)

    mutate = subparsers.add_parser("genius-mutate", help="insert, update and delete a slice of a Genius database")
    mutate.add_argument("--url", required=True, help="SQLAlchemy URL of a seeded Genius database")
    mutate.add_argument("--fraction", type=float, default=0.01, help="share of each table to change (default 0.01)")
    mutate.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    mutate.set_defaults(func=_mutate)
