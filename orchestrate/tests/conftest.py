"""Fixtures for the orchestration tests: the schedules as Meltano reports them."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ORCHESTRATE = Path(__file__).resolve().parent.parent
# --import-mode=importlib puts nothing on sys.path: the generators and the test helpers
sys.path[:0] = [str(ORCHESTRATE), str(ORCHESTRATE / "tests")]

import schedules as schedules_module  # noqa: E402
from demo_project import SCALE, SEED  # noqa: E402

from tests.harness.meltano import isolated_env  # noqa: E402


@pytest.fixture(scope="session")
def schedules_json(tmp_path_factory) -> dict:
    """``meltano schedule list --format=json``, run once per session (in a private Meltano dir)."""
    return schedules_module.meltano_schedules_json(env=isolated_env(tmp_path_factory.mktemp("meltano-sys")))


@pytest.fixture(scope="session")
def schedules(schedules_json) -> list:
    return schedules_module.parse(schedules_json)


@pytest.fixture(scope="module")
def sandbox_url(request):
    """A private vendor sandbox for one test module, at the module's ``SCALE`` if it sets one."""
    from crm_sandbox.api.server import Sandbox, SandboxServer

    server = SandboxServer(("127.0.0.1", 0), Sandbox(SEED, getattr(request.module, "SCALE", SCALE))).start()
    try:
        yield server.url
    finally:
        server.stop()
