"""The delta boundary: ``If-Modified-Since`` has one-second resolution and many leads share a second.

The tap restarts one second before its bookmark, so leads written into the bookmark's second
after a sync read it are never lost — whichever way SalesRabbit reads the header (at-or-after,
as public clients show, or HTTP's strictly-after: the emulation's knob ``if_modified_since``).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from tap_common.testing import run_tap

from .conftest import TAP, VENDOR, tap_config


def boundary(sandbox) -> datetime:
    """A whole second after everything in the demo world and before the syncs start (singer-sdk
    never bookmarks past the instant a sync started)."""
    at = (datetime.now(timezone.utc) - timedelta(seconds=2)).replace(microsecond=0)
    assert at.isoformat() > max(lead["dateModified"] for lead in sandbox.dump(VENDOR, "leads"))
    return at


@pytest.mark.parametrize("reading", ["at_or_after", "after"])
def test_leads_sharing_the_bookmark_second_are_not_lost(fresh_sandbox, reading):
    sandbox = fresh_sandbox
    sandbox.configure(VENDOR, if_modified_since=reading, max_page_size=25)  # the second spans pages
    BOUNDARY = boundary(sandbox)  # noqa: N806
    at = BOUNDARY.isoformat()
    first_batch = sandbox.mutate(VENDOR, {"action": "create", "object": "leads", "count": 60, "at": at})["ids"]
    config = tap_config(sandbox)
    full = run_tap(TAP, config, streams=["leads"])
    assert full.returncode == 0, full.stderr[-2000:]
    assert datetime.fromisoformat(full.bookmark("leads")) == BOUNDARY

    # Written into the same second after the sync read it: new leads, edits and deletions.
    late = sandbox.mutate(VENDOR, {"action": "create", "object": "leads", "count": 40, "at": at})["ids"]
    edited = sandbox.mutate(VENDOR, {"action": "update", "object": "leads", "count": 5, "at": at})["ids"]
    gone = sandbox.mutate(VENDOR, {"action": "delete", "object": "leads", "ids": first_batch[:7], "at": at})["ids"]
    delta = run_tap(TAP, config, state=full.state, streams=["leads"])
    assert delta.returncode == 0, delta.stderr[-2000:]

    got = {r["id"]: r for r in delta.records["leads"]}
    assert set(late) | set(edited) | set(gone) <= set(got), "every lead of the boundary second is re-read"
    assert all(got[i]["notes"] == "Knocked again" for i in edited)
    assert all(got[i]["_sdc_deleted_at"] == got[i]["deletedAt"] is not None for i in gone)
    # Only the boundary (bookmark − 1 s onwards) came again, not the whole list.
    assert {r["dateModified"] for r in delta.records["leads"]} <= {
        (BOUNDARY - timedelta(seconds=1)).isoformat(timespec="microseconds"),
        BOUNDARY.isoformat(timespec="microseconds")}
    assert datetime.fromisoformat(delta.bookmark("leads")) == BOUNDARY


def test_first_sync_starts_at_start_date(fresh_sandbox):
    sandbox = fresh_sandbox
    leads = sandbox.dump(VENDOR, "leads")
    cut = sorted(lead["dateModified"] for lead in leads)[len(leads) // 2]
    run = run_tap(TAP, tap_config(sandbox, start_date=cut), streams=["leads"])
    assert run.returncode == 0, run.stderr[-2000:]
    # start_date is a lower bound (a second early, whole seconds), never a cut into the data
    start = datetime.fromisoformat(cut) - timedelta(seconds=1)
    assert sorted(r["id"] for r in run.records["leads"]) == sorted(
        lead["id"] for lead in leads if datetime.fromisoformat(lead["dateModified"]) >= start)


def test_an_unchanged_source_moves_nothing(fresh_sandbox):
    config = tap_config(fresh_sandbox)
    full = run_tap(TAP, config, streams=["leads"])
    again = run_tap(TAP, config, state=full.state, streams=["leads"])
    assert again.returncode == 0, again.stderr[-2000:]
    assert again.bookmark("leads") == full.bookmark("leads")
    assert 0 < len(again.records["leads"]) < len(full.records["leads"]) / 10, "only the boundary second"
