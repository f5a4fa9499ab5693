"""Fault matrix: every REST tap present × every fault the sandbox can inject, end to end.

Per tap, a clean full sync (``tap | target-warehouse``) is the baseline.  Each cell resets the
sandbox to the same seed, injects one fault in the middle of the run (after half of the
baseline's requests), and syncs into a schema of its own:

* transient faults (429 with/without ``Retry-After``, 500/502/503, a response slower than
  the client timeout, a connection reset, a truncated body) must be survived: the
  warehouse and the final STATE are identical to the baseline's;
* a 401 mid-run (expired credential) must stop the run cleanly, naming the credential
  setting, with no STATE beyond the baseline's bookmarks; the next run from the last STATE
  emitted (credential valid again) must leave the warehouse identical to the baseline.

Reduced mode runs six cells (429 with Retry-After, 503, timeout, reset, truncated body, 401,
spread over the taps); full mode runs them all.  The matrix is printed in the reliability report.
"""

from __future__ import annotations

import json
import re

import pytest

from tap_common.testing import FAULTS, TRANSIENT_FAULTS
from tests.harness.chaos import full_mode, run_chaos, tap_command
from tests.harness.pgcheck import (
    compare_snapshots,
    create_database,
    drop_database,
    snapshot,
)
from tests.reliability.meltano_project import (
    IsolatedMeltano,
    defined_plugins,
    ensure_installed,
)
from tests.reliability.rest_taps import (
    ROOT,
    rest_taps,
    sandbox_config,
    sandbox_vendors,
    settings,
    tap_directories,
)

MATRIX = "Fault matrix: REST tap × fault injected mid-run (full sync through target-warehouse)"
TRANSIENT = TRANSIENT_FAULTS  # the one fault table the taps' own fault tests use too
TAPS = rest_taps()


REDUCED = ("429 + Retry-After", "503", "timeout (slow > client timeout)", "connection reset", "truncated body",
           "401 mid-run (token expires)")


def _cells() -> list[tuple[str, str]]:
    """Full mode: every tap × every fault.  Reduced: six kinds of fault, spread over the taps."""
    if full_mode():
        return [(tap, fault) for fault in FAULTS for tap in TAPS]
    return [(TAPS[j % len(TAPS)], fault) for j, fault in enumerate(REDUCED)] if TAPS else []


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")[:30]


@pytest.fixture(scope="module", autouse=True)
def matrix_layout(ledger):
    """Rows in FAULTS order; cells this mode does not run are marked so."""
    chosen = set(_cells())
    for fault in FAULTS:
        for tap in TAPS:
            ledger.cell(MATRIX, fault, tap, "not run" if (tap, fault) in chosen else "full mode only")


@pytest.fixture(scope="module")
def dsn(pg_server_dsn):
    dsn = create_database(pg_server_dsn, "rel_faults")
    yield dsn
    drop_database(pg_server_dsn, dsn)


@pytest.fixture(scope="module")
def baselines(sandbox, dsn, tmp_path_factory):
    """Per tap: the clean full sync every cell must reproduce (computed once, on demand)."""
    cache: dict[str, dict] = {}

    def get(tap: str) -> dict:
        if tap not in cache:
            vendor = tap.removeprefix("tap-")
            sandbox.reset()
            sandbox.clear_requests()
            config = sandbox_config(tap, sandbox)
            schema = f"{vendor.replace('-', '_')}_baseline"  # a schema name has no hyphen
            run = run_chaos(tap_command(tap, config, tmp_path_factory.mktemp(vendor)),
                            {"sqlalchemy_url": dsn, "default_target_schema": schema})
            assert run.ok, f"{tap}: the clean baseline sync failed: {run.describe()}"
            tables = snapshot(dsn, schema)
            assert sum(map(len, tables.values())) > 0, f"{tap}: the baseline loaded nothing"
            cache[tap] = {"config": config, "tables": tables, "state": run.last_state,
                          "requests": len(sandbox.requests(vendor))}
        return cache[tap]

    return get


def test_every_tap_is_in_the_matrix():
    """A REST tap without a sandbox emulation would silently escape the fault matrix."""
    vendors = set(sandbox_vendors())
    assert TAPS, "no REST tap found (taps/tap-<vendor> for a sandbox vendor)"
    for tap in tap_directories():
        if tap.removeprefix("tap-") in vendors:
            continue
        assert "sqlalchemy_url" in settings(tap), (
            f"{tap} is neither a SQL tap nor emulated by the sandbox: the fault matrix cannot cover it")


def _bookmarks(state: dict | None) -> dict[str, str]:
    """Every replication_key_value in a state, by a path naming its stream and partition."""
    found: dict[str, str] = {}
    for stream, entry in ((state or {}).get("bookmarks") or {}).items():
        entry = entry or {}
        if entry.get("replication_key_value") is not None:
            found[stream] = str(entry["replication_key_value"])
        for part in entry.get("partitions") or []:
            if part.get("replication_key_value") is not None:
                found[f"{stream} {json.dumps(part.get('context'), sort_keys=True)}"] = str(part["replication_key_value"])
    return found


@pytest.mark.parametrize(("tap", "fault"), _cells())
def test_fault_cell(tap, fault, sandbox, baselines, dsn, ledger, tmp_path):
    base = baselines(tap)
    vendor = tap.removeprefix("tap-")
    schema = f"{vendor.replace('-', '_')}_{_slug(fault)}"
    target = {"sqlalchemy_url": dsn, "default_target_schema": schema}
    ledger.cell(MATRIX, fault, tap, "FAIL")
    with ledger.scenario("fault matrix", f"{tap} × {fault}") as record:
        sandbox.reset()
        sandbox.faults([{**FAULTS[fault], "vendor": vendor, "skip": max(1, base["requests"] // 2)}])
        run = run_chaos(tap_command(tap, base["config"], tmp_path), target, timeout=300)
        fired = sum(rule["fired"] for rule in sandbox.fault_report())
        record.note = f"fault fired {fired}×; {run.describe()[:600]}"
        assert fired >= 1, f"the fault never fired (baseline made {base['requests']} requests)"
        assert (problem := run.clear_failure()) is None, problem
        if fault in TRANSIENT:
            assert run.ok, f"a transient fault failed the sync: {run.describe()}"
            diff = compare_snapshots(base["tables"], snapshot(dsn, schema))
            record.lost, record.duplicated = diff.lost, diff.duplicated
            assert diff.equal, f"warehouse differs from the baseline: {diff}"
            assert run.last_state == base["state"], "final STATE differs from the baseline's"
            ledger.cell(MATRIX, fault, tap, f"same result ({fired} hit{'s' * (fired > 1)})")
            return
        # 401: a clean stop naming the credential, no bookmark beyond the data, then resume.
        assert not run.ok, "the sync succeeded although the credential expired"
        credentials = list(sandbox.admin("GET", "vendors")[vendor]["credentials"])
        assert any(f"'{name}'" in run.tap_stderr for name in credentials), (
            f"the error does not name the setting {credentials}:\n{run.tap_stderr[-2000:]}")
        ahead = {k: v for k, v in _bookmarks(run.last_state).items()
                 if k in _bookmarks(base["state"]) and v > _bookmarks(base["state"])[k]}
        assert not ahead, f"bookmarks moved beyond the data after the 401: {ahead}"
        sandbox.faults([])
        resumed = run_chaos(tap_command(tap, base["config"], tmp_path, state=run.last_state), target)
        assert resumed.ok, f"the run after the 401 failed: {resumed.describe()}"
        diff = compare_snapshots(base["tables"], snapshot(dsn, schema))
        record.lost, record.duplicated = diff.lost, diff.duplicated
        assert diff.equal, f"after resuming, the warehouse differs from the baseline: {diff}"
        ledger.cell(MATRIX, fault, tap, "clean stop, resumed = same")


def test_matrix_has_every_fault_for_every_tap():
    """Structural: the full mode's matrix is the whole product."""
    cells = _cells()
    assert set(REDUCED) <= set(FAULTS)
    assert {f for _, f in cells} == (set(FAULTS) if full_mode() else set(REDUCED))
    if full_mode():
        assert len(cells) == len(TAPS) * len(FAULTS)
    assert (ROOT / "sandbox").exists()


@pytest.mark.parametrize("tap", [t for t in TAPS if t in defined_plugins()])
def test_retry_tuning_from_the_environment_reaches_the_tap(tap, ledger, tmp_path):
    """Production tunes retries per environment (``TAP_<X>_BACKOFF_BASE_SECONDS=0.5``, …).
    Meltano must accept such values for every retry setting the plugin declares."""
    ensure_installed([tap])
    known = settings(tap)
    prefix = tap.upper().replace("-", "_")
    env = {f"{prefix}_{name.upper()}": str(value) for name, value in {
        "request_timeout": 30, "backoff_max_tries": 4, "backoff_base_seconds": 0.5,
        "backoff_max_seconds": 30}.items() if name in known}
    with ledger.scenario("fault matrix", f"{tap}: retry settings from the environment"):
        run = IsolatedMeltano(tmp_path / "meltano-sys", env).run("invoke", tap, "--about", "--format=json",
                                                                  timeout=300)
        problem = next((ln for ln in run.stderr.splitlines() if "error" in ln.lower()), run.stderr[-300:])
        assert run.returncode == 0, f"meltano invoke {tap} with {sorted(env)} failed: {problem.strip()}"
