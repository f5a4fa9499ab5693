"""The ``sandbox`` fixtures (also offered to the whole repository via ``tests.harness.sandbox``)."""

from tests.harness.sandbox import fresh_sandbox, sandbox  # noqa: F401
