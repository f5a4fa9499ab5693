"""Stream facts that need no server: the stand-in key of a status sent without ``id``."""

from __future__ import annotations

from tap_arrivy.streams import surrogate_id

STATUS = {"type": "ENROUTE", "title": "On Our Way", "time": "2016-10-14T08:00:00+01:00",
          "reporter_name": "John", "reporter_id": 5348024557502464, "source": "web"}


def test_a_status_without_id_gets_a_stable_negative_key():
    """Arrivy's Swagger list schema omits ``id`` (its Markdown example has one): the key is then
    derived from what identifies the report, the same on every run, never an Arrivy id."""
    key = surrogate_id(dict(STATUS))
    assert key == surrogate_id(dict(STATUS)) < 0
    assert surrogate_id({**STATUS, "time": "2016-10-14T08:05:00+01:00"}) != key
    assert surrogate_id({**STATUS, "source": "app"}) == key  # the channel does not make another report
