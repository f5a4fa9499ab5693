"""The users list: SalesRabbit has been seen answering every page with the same full list.

The tap stops at a page that brings no new user and emits nobody twice; a list that truly spans
pages is read whole; when a repeated page is exactly one full page long (a server ignoring
``page`` but honouring the size), users past it may exist unseen and none is retired.
"""

from __future__ import annotations

import pytest

from tap_common.testing import run_tap

from tap_salesrabbit.client import PAGE_SIZE

from .conftest import TAP, VENDOR, tap_config


def sync_users(sandbox):
    sandbox.clear_requests()
    run = run_tap(TAP, tap_config(sandbox), streams=["users"])
    assert run.returncode == 0, run.stderr[-2000:]
    pages = [r["query"] for r in sandbox.requests(VENDOR) if r["path"] == "/users"]
    return run, pages


def activated(run) -> bool:
    return any(m["stream"] == "users" for m in run.of_type("ACTIVATE_VERSION"))


@pytest.mark.parametrize("mode", ["full_list", "off"])
def test_every_user_once(fresh_sandbox, mode):
    """``full_list``: the quirk (page 1 repeats page 0); ``off``: 5-user pages really span the list."""
    fresh_sandbox.configure(VENDOR, users_repeat_pages=mode, max_page_size=5)
    expected = sorted(u["id"] for u in fresh_sandbox.dump(VENDOR, "users"))
    run, pages = sync_users(fresh_sandbox)
    assert run.ids("users") and sorted(run.ids("users")) == expected, "no user missing, none twice"
    assert activated(run)
    if mode == "full_list":
        assert len(pages) == 2 and "page=0" in pages[0] and "page=1" in pages[1]
    else:
        assert len(pages) == len(expected) // 5 + 2  # the pages, then an empty one


def test_the_quirk_with_more_users_than_a_page(fresh_sandbox):
    """The full list ignores the page size too: longer than a page, it is plainly complete."""
    fresh_sandbox.mutate(VENDOR, {"action": "create", "object": "users", "count": PAGE_SIZE})
    run, pages = sync_users(fresh_sandbox)
    assert sorted(run.ids("users")) == sorted(u["id"] for u in fresh_sandbox.dump(VENDOR, "users"))
    assert len(pages) == 2 and activated(run)


def test_a_repeated_full_page_retires_nobody(fresh_sandbox):
    fresh_sandbox.configure(VENDOR, users_repeat_pages="first_page")
    fresh_sandbox.mutate(VENDOR, {"action": "create", "object": "users", "count": PAGE_SIZE})
    run, pages = sync_users(fresh_sandbox)
    assert len(set(run.ids("users"))) == len(run.ids("users")) == PAGE_SIZE and len(pages) == 2
    assert not activated(run), "users past the repeated page may exist: none is retired"
    assert "page repeated" in run.stderr
