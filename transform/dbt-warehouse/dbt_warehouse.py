"""``dbt-warehouse``: run dbt against the warehouse the loader writes to.

Installed into the dbt utility's virtualenv (``transform.meltano.yml``) and used as its
executable, so every entry point — ``meltano invoke dbt-postgres:…``, ``meltano run
<job>``, ``orchestrate/run.sh`` — resolves the connection exactly as target-warehouse does:
``WAREHOUSE_DSN`` / ``WAREHOUSE_HOST``… when set, else the project-local PostgreSQL (started
on demand).  The resolution is target-warehouse's own code (``target_warehouse.local``: the
standard library only, plus psycopg2, which dbt-postgres brings), imported from the project
checkout rather than installing the whole loader into dbt's virtualenv.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def main() -> None:
    root = Path(os.environ.get("MELTANO_PROJECT_ROOT") or Path.cwd())
    sys.path.insert(0, str(root / "target-warehouse"))
    from target_warehouse import local  # noqa: PLC0415 - found through the checkout, above

    try:
        os.environ.update(local.warehouse_env())
    except local.LocalWarehouseError as exc:
        print(f"dbt-warehouse: {exc}", file=sys.stderr)
        raise SystemExit(1) from None
    # The step a job is on, in one line (dbt's own first lines do not say which command it is).
    env = os.environ
    print(f"dbt {' '.join(sys.argv[1:])}  (warehouse {env['WAREHOUSE_USER']}@{env['WAREHOUSE_HOST']}:"
          f"{env['WAREHOUSE_PORT']}/{env['WAREHOUSE_DATABASE']})", file=sys.stderr, flush=True)
    dbt = Path(sys.executable).parent / "dbt"
    os.execv(dbt, [str(dbt), *sys.argv[1:]])
