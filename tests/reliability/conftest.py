"""The reliability suite's fixtures; the report hook comes from ``report.py``.

Reduced mode (default, part of ``make test``) runs a few cases of each concern; full mode
(``RELIABILITY_FULL=1``, ``make reliability``) runs ≥ 20 kill points per crash scenario, the
whole fault matrix, hundreds of property-based cases and the 5,000,000-row scale run.
"""

from __future__ import annotations

import pytest

from tests.harness.chaos import full_mode
from tests.reliability.report import LEDGER, Ledger, pytest_terminal_summary  # noqa: F401 - the hook

MODE = "full" if full_mode() else "reduced"


@pytest.fixture(scope="session")
def ledger() -> Ledger:
    return LEDGER


def pytest_report_header() -> str:
    return f"reliability suite: {MODE} mode (RELIABILITY_FULL=1 for the full one)"


@pytest.fixture(scope="session")
def tls_warehouse():
    """A TLS-only PostgreSQL cluster with a test CA (see tls_cluster.py)."""
    from tests.harness.services import unavailable
    from tests.reliability.tls_cluster import start_tls_warehouse

    try:
        warehouse = start_tls_warehouse()
    except Exception as exc:  # noqa: BLE001 - openssl or PostgreSQL missing: say which
        unavailable(f"cannot start a TLS PostgreSQL cluster: {exc}")
    yield warehouse
    warehouse.destroy()


@pytest.fixture(scope="session")
def genius_db(mysql_server_url, tmp_path_factory):
    """One seeded Genius MariaDB database (and its discovered catalog) for the session's
    crash, concurrency and secrets tests; they may change rows, never the schema."""
    from crm_sandbox.genius.seed import seed

    from tests.reliability.genius_source import (
        GENIUS_SCALE,
        create_mysql_database,
        discover,
        drop_mysql_database,
    )

    url = create_mysql_database(mysql_server_url)
    try:
        seed(url, scale=GENIUS_SCALE, seed=42)
        yield url, discover({"sqlalchemy_url": url}, tmp_path_factory.mktemp("genius"))
    finally:
        drop_mysql_database(url)
