"""Which status histories a run reads (history.py): changed tasks between full passes, every
task on a full pass, and every task on every run when Arrivy sends no ``updated``."""

from __future__ import annotations

import re

from tap_common.testing import run_tap

from .conftest import TAP, tap_config

HISTORY = re.compile(r"/api/tasks/(\d+)/status$")


def histories_read(sandbox) -> set[int]:
    return {int(m.group(1)) for r in sandbox.requests("arrivy") if (m := HISTORY.search(r["path"]))}


def retired(run) -> set[str]:
    return {m["stream"] for m in run.of_type("ACTIVATE_VERSION")}


def test_between_full_passes_only_changed_histories_are_read(fresh_sandbox):
    config, every = tap_config(fresh_sandbox), {t["id"] for t in fresh_sandbox.dump("arrivy", "tasks")}
    first = run_tap(TAP, config)
    assert first.returncode == 0, first.stderr[-2000:]
    assert histories_read(fresh_sandbox) == every and "task_statuses" in retired(first)

    fresh_sandbox.clear_requests()
    quiet = run_tap(TAP, config, state=first.state)
    bookmark = first.state["bookmarks"]["task_statuses"]["updated_through"]
    at_bookmark = {r["id"] for r in first.records["tasks"] if r["updated"] == bookmark}
    assert histories_read(fresh_sandbox) == at_bookmark, "nothing changed: only the inclusive bookmark"
    assert retired(quiet) == {"entities", "groups", "bookings", "tasks", "statuses"}, \
        "a delta retires no status: it did not re-send the histories it skipped"
    assert quiet.state == first.state

    fresh_sandbox.clear_requests()
    daily = run_tap(TAP, tap_config(fresh_sandbox, status_full_pass_days=0), state=first.state)
    assert histories_read(fresh_sandbox) == every and "task_statuses" in retired(daily)


def test_without_updated_every_history_is_read_every_run(fresh_sandbox):
    """An API that sends only the documented task fields says nothing about what changed."""
    fresh_sandbox.configure("arrivy", docs_only=True)
    config, every = tap_config(fresh_sandbox), {t["id"] for t in fresh_sandbox.dump("arrivy", "tasks")}
    state = None
    for _ in range(2):
        fresh_sandbox.clear_requests()
        run = run_tap(TAP, config, state=state)
        assert run.returncode == 0, run.stderr[-2000:]
        assert histories_read(fresh_sandbox) == every and "task_statuses" in retired(run)
        assert "updated_through" not in run.state["bookmarks"]["task_statuses"]
        state = run.state


def test_tasks_alone_read_no_history(fresh_sandbox):
    run = run_tap(TAP, tap_config(fresh_sandbox), streams=["tasks"])
    assert run.returncode == 0 and not histories_read(fresh_sandbox)
    assert "task_statuses" not in run.records and not (run.state["bookmarks"].get("task_statuses"))


def test_histories_alone_list_the_tasks_without_loading_them(fresh_sandbox):
    run = run_tap(TAP, tap_config(fresh_sandbox), streams=["task_statuses"])
    assert run.returncode == 0, run.stderr[-2000:]
    assert "tasks" not in run.records and len(run.records["task_statuses"]) == len(
        fresh_sandbox.dump("arrivy", "task_statuses"))
