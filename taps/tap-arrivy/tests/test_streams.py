"""Stream facts: the stand-in key of a status sent without ``id``; ``start_date`` as Arrivy's ``from``."""

from __future__ import annotations

from urllib.parse import quote

from tap_arrivy.streams import surrogate_id
from tap_common.testing import run_tap

from .conftest import TAP, tap_config

STATUS = {"type": "ENROUTE", "title": "On Our Way", "time": "2016-10-14T08:00:00+01:00",
          "reporter_name": "John", "reporter_id": 5348024557502464, "source": "web"}


def test_a_status_without_id_gets_a_stable_negative_key():
    """Arrivy's Swagger list schema omits ``id`` (its Markdown example has one): the key is then
    derived from what identifies the report, the same on every run, never an Arrivy id."""
    key = surrogate_id(dict(STATUS))
    assert key == surrogate_id(dict(STATUS)) < 0
    assert surrogate_id({**STATUS, "time": "2016-10-14T08:05:00+01:00"}) != key
    assert surrogate_id({**STATUS, "source": "app"}) == key  # the channel does not make another report


def test_start_date_is_the_earliest_scheduled_start(fresh_sandbox):
    """``from`` in the documented form selects by schedule; unscheduled tasks come regardless."""
    tasks = fresh_sandbox.dump("arrivy", "tasks")
    starts = sorted(t["start_datetime"] for t in tasks if t["start_datetime"] and not t["unscheduled"])
    cut = starts[len(starts) // 2]
    run = run_tap(TAP, tap_config(fresh_sandbox, start_date=cut + "Z"), streams=["tasks"])
    assert run.returncode == 0, run.stderr[-2000:]
    sent = {r["query"] for r in fresh_sandbox.requests("arrivy") if r["path"] == "/api/tasks"}
    assert f"from={quote(cut + '+00:00')}" in "&".join(sent)
    expected = {t["id"] for t in tasks if t["unscheduled"] or (t["start_datetime"] or "") >= cut}
    assert {r["id"] for r in run.records["tasks"]} == expected
