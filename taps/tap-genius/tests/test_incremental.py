"""Incremental reads: keyset pages, inclusive resume, bookmarks and deltas (tap output vs source)."""

from __future__ import annotations

import json
import subprocess
import tempfile
from datetime import datetime
from pathlib import Path

from crm_sandbox.genius.mutate import mutate
from crm_sandbox.genius.seed import BULK_IMPORT_AT

from .conftest import TAP, discover, execute, run_tap, select, source_rows

LEAD_RK = "COALESCE(updated_at, added_on)"


def _iso(ts: datetime) -> str:
    return ts.isoformat() + "+00:00"


def test_page_boundaries_inside_a_run_of_rows_sharing_one_second(mysql_config):
    url = mysql_config["sqlalchemy_url"]
    same_second = source_rows(url, f"SELECT lead_id FROM `lead` WHERE {LEAD_RK} = :ts", ts=BULK_IMPORT_AT)
    assert len(same_second) > 50  # the bulk import: many pages of 7 inside one second
    expected = [r["lead_id"] for r in source_rows(url, f"SELECT lead_id FROM `lead` ORDER BY {LEAD_RK}, lead_id")]

    catalog = select(discover(mysql_config), "leads")
    small = run_tap({**mysql_config, "page_size": 7}, catalog=catalog)
    assert [r["lead_id"] for r in small.records["leads"]] == expected  # nothing lost, nothing twice, in order
    big = run_tap({**mysql_config, "page_size": 100_000}, catalog=catalog)
    assert small.records["leads"] == big.records["leads"]


def test_resume_is_inclusive_of_the_bookmark_second(mysql_config):
    url = mysql_config["sqlalchemy_url"]
    catalog = select(discover(mysql_config), "leads")
    state = {"bookmarks": {"leads": {"replication_key": "modified_at",
                                     "replication_key_value": _iso(BULK_IMPORT_AT)}}}
    run = run_tap({**mysql_config, "page_size": 7}, catalog=catalog, state=state)
    expected = source_rows(url, f"SELECT lead_id FROM `lead` WHERE {LEAD_RK} >= :ts ORDER BY {LEAD_RK}, lead_id",
                           ts=BULK_IMPORT_AT)
    assert [r["lead_id"] for r in run.records["leads"]] == [r["lead_id"] for r in expected]
    assert run.records["leads"][0]["modified_at"] == _iso(BULK_IMPORT_AT)


def test_bookmark_is_the_largest_value_emitted_and_a_rerun_reads_only_that_second(mysql_config):
    url = mysql_config["sqlalchemy_url"]
    catalog = select(discover(mysql_config), "leads", "prospects", "marketing_source_types", "user_associations")
    first = run_tap(mysql_config, catalog=catalog)
    again = run_tap(mysql_config, catalog=catalog, state=first.state)
    for stream, table, rk in (("leads", "`lead`", LEAD_RK), ("prospects", "prospect", "updated_at"),
                              ("marketing_source_types", "marketing_source_type", "COALESCE(updated_at, created_at)"),
                              ("user_associations", "users_userassociations", "updated_at")):
        newest = source_rows(url, f"SELECT MAX({rk}) AS m FROM {table}")[0]["m"]
        assert first.bookmark(stream) == _iso(newest)  # the data's value, never the wall clock
        key = first.state["bookmarks"][stream]["replication_key"]
        assert first.bookmark(stream) == max(r[key] for r in first.records[stream])
        boundary = source_rows(url, f"SELECT COUNT(*) AS n FROM {table} WHERE {rk} = :ts", ts=newest)[0]["n"]
        assert len(again.records[stream]) == boundary
        assert again.bookmark(stream) == first.bookmark(stream)


def test_a_row_updated_during_a_sync_arrives_in_the_next_one(mysql_config):
    url = mysql_config["sqlalchemy_url"]
    catalog = select(discover(mysql_config), "leads")
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "config.json").write_text(json.dumps({**mysql_config, "page_size": 5}))
        (Path(tmp) / "catalog.json").write_text(json.dumps(catalog))
        tap = subprocess.Popen([TAP, "--config", f"{tmp}/config.json", "--catalog", f"{tmp}/catalog.json"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        first_records, state = [], None
        for line in tap.stdout:
            message = json.loads(line)
            if message["type"] == "RECORD":
                if not first_records:  # the sync is under way: edit a row it has already passed
                    execute(url, "UPDATE `lead` SET notes = 'edited mid-sync', updated_at = NOW() WHERE lead_id = :id",
                            id=message["record"]["lead_id"])
                first_records.append(message["record"])
            elif message["type"] == "STATE":
                state = message["value"]
        assert tap.wait() == 0
    edited = first_records[0]["lead_id"]
    second = run_tap(mysql_config, catalog=catalog, state=state)
    seen = [r for r in first_records[1:] + second.records["leads"] if r["lead_id"] == edited]
    assert seen and seen[-1]["notes"] == "edited mid-sync"
    assert any(r["lead_id"] == edited for r in second.records["leads"])  # at or after the bookmark
    assert len(second.records["leads"]) < 5  # and the next run reads only what changed


def test_delta_after_mutations_reads_exactly_the_changed_rows(mysql_config):
    url = mysql_config["sqlalchemy_url"]
    catalog = discover(mysql_config)
    full = run_tap(mysql_config, catalog=catalog)
    total = sum(len(rows) for rows in full.records.values())
    mutate(url, fraction=0.05, seed=1)
    delta = run_tap(mysql_config, catalog=catalog, state=full.state)
    incremental = {e["tap_stream_id"]: e for e in catalog["streams"] if e.get("replication_key")}
    read = 0
    for stream, entry in incremental.items():
        rk = entry["replication_key"]
        bookmark = full.bookmark(stream)
        emitted = delta.records[stream]
        assert all(r[rk] >= bookmark for r in emitted), stream  # same zone: ISO strings sort like instants
        assert delta.bookmark(stream) == max([bookmark, *(r[rk] for r in emitted)]), stream
        read += len(emitted)
    changed = source_rows(url, "SELECT COUNT(*) AS n FROM `lead` WHERE updated_at > :ts",
                          ts=datetime.fromisoformat(full.bookmark("leads")).replace(tzinfo=None))[0]["n"]
    leads_changed = {r["lead_id"] for r in delta.records["leads"] if r["modified_at"] > full.bookmark("leads")}
    assert len(leads_changed) == changed > 0
    assert read < 0.15 * total  # ~5 % changed (+ the boundary seconds), not a full re-read

