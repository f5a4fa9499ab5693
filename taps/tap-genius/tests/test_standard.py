"""singer-sdk's standard tap tests against a seeded MariaDB database.

The SDK builds the test class at import time (it discovers streams to parametrize the
tests), so this module creates and seeds its own uniquely named database while being
collected, and drops it when the test process exits.
"""

from __future__ import annotations

import atexit
import os
import uuid

import pytest
import sqlalchemy as sa
from singer_sdk.testing import SuiteConfig, get_tap_test_class

from crm_sandbox.genius.seed import seed
from tap_genius.tap import TapGenius
from tests.harness.services import DEFAULT_MYSQL_URL, IN_CI


def _seeded_database() -> str:
    server = os.environ.get("GENIUS_TEST_MYSQL_URL", DEFAULT_MYSQL_URL)
    name = f"genius_std_{uuid.uuid4().hex[:12]}"
    engine = sa.create_engine(server, connect_args={"connect_timeout": 5})
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
    except sa.exc.OperationalError as exc:
        if IN_CI:
            raise
        pytest.skip(f"MySQL/MariaDB at {server!r} unreachable: {exc.orig}", allow_module_level=True)

    def drop() -> None:
        with engine.begin() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS `{name}`")
        engine.dispose()

    atexit.register(drop)
    url = sa.make_url(server).set(database=name).render_as_string(hide_password=False)
    seed(url, scale=0.05, seed=7)
    return url


TestTapGenius = get_tap_test_class(
    TapGenius,
    config={"sqlalchemy_url": _seeded_database(), "start_date": "2015-01-01T00:00:00Z"},
    suite_config=SuiteConfig(max_records_limit=50),
)


def _single_typed(param: object) -> bool:
    values = getattr(param, "values", None)
    if not hasattr(values, "attribute_name"):
        return True
    schema = values.stream.schema["properties"][values.attribute_name]
    return len(set(schema.get("type", [])) - {"null"}) <= 1


# The SDK's attribute tests (is_object, is_boolean, …) assume one JSON type per property; a
# MySQL JSON column (user_titles.roles) is the union of all of them, so it sits those out.
for _name, _params in list(TestTapGenius.params.items()):
    if _name.startswith("test_tap_stream_attribute_"):
        TestTapGenius.params[_name] = [p for p in _params if _single_typed(p)]
        if not TestTapGenius.params[_name]:  # no single-typed property left to check
            del TestTapGenius.params[_name]
            delattr(TestTapGenius, _name)
