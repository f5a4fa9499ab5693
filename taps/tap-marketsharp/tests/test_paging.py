"""Stable paging: rows changing *during* a read neither shift a page nor lose a neighbour, and rows
sharing one ``lastUpdate`` are read once each, across page and delta boundaries.

Each case is first shown to bite a plain ``$top``/``$skip`` reader (the predecessor's paging, here
even with ``$orderby`` set) against the same emulation and the same change at the same moment.
"""

from __future__ import annotations

from collections import Counter

import requests

from tap_common.testing import bookmark, run_tap
from tap_marketsharp.auth import MarketSharpHMAC
from tap_marketsharp.feed import read_feed
from tap_marketsharp.schemas import edm_datetime

from .conftest import TAP, VENDOR, tap_config

PAGE = 5


def plain_skip_reader(box, entity_set: str, orderby: str) -> list[str]:
    """``$top=5&$skip=0,5,10…`` until a short page: what a reader without the window does."""
    config = tap_config(box)
    signer, ids, skip = MarketSharpHMAC().signer(config), [], 0
    while True:
        response = requests.get(f"{config['api_url']}/{entity_set}", timeout=10,
                                params={"$orderby": orderby, "$top": PAGE, "$skip": skip},
                                headers={"Authorization": signer.header()})
        key = "contactId" if entity_set == "ContactPhones" else "id"
        rows = read_feed(response.content, {key: ("id", str)}).rows
        ids += [r["id"] for r in rows]
        if len(rows) < PAGE:
            return ids
        skip += PAGE


def during_read(box, body: dict, after: int = 2) -> None:
    """Apply ``body`` just before the ``after + 1``-th feed request is answered (mid-read)."""
    box.configure(VENDOR, server_page_size=PAGE, mutate_after={"requests": after + 1, "body": body})


def oldest(box, stream: str, n: int = 1) -> list[str]:
    return [r["id"] for r in sorted(box.dump(VENDOR, stream), key=lambda r: r["last_update"])[:n]]


def test_update_during_read_loses_no_neighbour(fresh_sandbox):
    box = fresh_sandbox
    moved = oldest(box, "contacts")  # on the first page; the update moves it to the end of the order
    change = {"action": "update", "object": "contacts", "ids": moved}

    during_read(box, change)
    naive = plain_skip_reader(box, "Contacts", "lastUpdate,id")
    everyone = {r["id"] for r in box.dump(VENDOR, "contacts")}
    assert len(everyone - set(naive)) == 1, "the plain reader loses the row that slid onto a read page"

    box.reset()
    during_read(box, change)
    run = run_tap(TAP, tap_config(box), streams=["contacts"])
    assert run.returncode == 0, run.stderr[-3000:]
    assert set(run.ids("contacts")) == {r["id"] for r in box.dump(VENDOR, "contacts")}
    counts = Counter(run.ids("contacts"))
    assert counts[moved[0]] == 2, "read before and after the change; the later copy wins"
    assert max(c for i, c in counts.items() if i != moved[0]) == 1


def test_insert_during_read_loses_no_neighbour(fresh_sandbox):
    box = fresh_sandbox
    during_read(box, {"action": "create", "object": "contacts", "count": 2})
    run = run_tap(TAP, tap_config(box), streams=["contacts", "addresses"])
    assert run.returncode == 0, run.stderr[-3000:]
    for stream in ("contacts", "addresses"):
        assert set(run.ids(stream)) == {r["id"] for r in box.dump(VENDOR, stream)}, stream


def test_delete_during_read_of_a_full_table_set_loses_no_neighbour(fresh_sandbox):
    """Full-table sets are ordered by key (SQL Server's GUID order): a row deleted from a page
    already read shifts every later row back by one."""
    box = fresh_sandbox
    first = plain_skip_reader(box, "Addresses", "id")[0]
    change = {"action": "delete", "object": "addresses", "ids": [first]}

    during_read(box, change)
    naive = plain_skip_reader(box, "Addresses", "id")
    remaining = {r["id"] for r in box.dump(VENDOR, "addresses")}
    assert len(remaining - set(naive)) == 1, "the plain reader skips the row that slid back"

    box.reset()
    during_read(box, change)
    run = run_tap(TAP, tap_config(box), streams=["addresses"])
    assert run.returncode == 0, run.stderr[-3000:]
    assert remaining <= set(run.ids("addresses"))


def test_rows_sharing_one_instant_across_pages_and_deltas(fresh_sandbox):
    box = fresh_sandbox
    box.configure(VENDOR, server_page_size=PAGE)
    config = tap_config(box)
    first = run_tap(TAP, config, streams=["contacts"])
    assert first.returncode == 0, first.stderr[-3000:]
    mark = bookmark(first.state, "contacts")

    # Thirteen rows in one bulk edit (one instant, spanning three pages), and one row written at
    # exactly the bookmark's instant after the first read: both must arrive, each once.
    tied = oldest(box, "contacts", 13)
    at = box.mutate(VENDOR, {"action": "update", "object": "contacts", "ids": tied})["at"]
    late = box.mutate(VENDOR, {"action": "create", "object": "contacts", "at": mark.removesuffix("+00:00")})["ids"]
    delta = run_tap(TAP, config, state=first.state, streams=["contacts"])
    assert delta.returncode == 0, delta.stderr[-3000:]
    counts = Counter(delta.ids("contacts"))
    assert set(tied) | set(late) <= set(counts) and max(counts.values()) == 1
    assert bookmark(delta.state, "contacts").startswith(edm_datetime(at)[:19])
    # Inclusive restart: only rows at or near the bookmark are read again, never the whole set.
    assert len(counts) < len(box.dump(VENDOR, "contacts")) / 2


def test_pages_capped_below_top_without_a_next_link_lose_nothing(fresh_sandbox):
    """Not WCF's way (it sends a next link), but a short page alone is no proof of the end."""
    fresh_sandbox.configure(VENDOR, silent_page_cap=4)
    run = run_tap(TAP, tap_config(fresh_sandbox), streams=["contacts", "addresses"])
    assert run.returncode == 0, run.stderr[-3000:]
    for stream in ("contacts", "addresses"):
        assert set(run.ids(stream)) == {r["id"] for r in fresh_sandbox.dump(VENDOR, stream)}, stream
