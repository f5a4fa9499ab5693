"""Fixtures shared by every test in the repository (packages' own tests and tests/)."""

pytest_plugins = [
    "tests.harness.services",
    "tests.harness.sandbox",
]
