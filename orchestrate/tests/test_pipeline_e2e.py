"""Every job end to end in ``dev``: a full sync through the per-source jobs and ``marts`` (on
an empty warehouse, in schedule order), then a delta sync through ``all``; dbt green both
times, and the data-quality reports find exactly the problems the demo world plants.

One warehouse database, sandbox and Genius demo database for the module; the tests run in
order (full sync → checks → mutations → ``all`` → checks).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from demo_project import SCALE, SEED, DemoProject, create_database, drop_database, ensure_plugins_installed

SOURCES = ("genius", "hubspot", "callrail", "salesrabbit", "arrivy", "leadconduit", "five9", "marketsharp")


@pytest.fixture(scope="module")
def project(pg_server_dsn, sandbox_url, tmp_path_factory):
    ensure_plugins_installed()
    dsn = create_database(pg_server_dsn)
    demo = DemoProject(dsn, sandbox_url, tmp_path_factory.mktemp("e2e"))
    demo.crm_sandbox("genius-seed", "--url", demo.genius_url, "--scale", str(SCALE), "--seed", str(SEED))
    try:
        yield demo
    finally:
        drop_database(pg_server_dsn, dsn)


@pytest.fixture(scope="module")
def planted():
    from crm_sandbox.world import World

    return World(SEED, SCALE).planted


@pytest.fixture(scope="module")
def full_sync(project):
    """Each source job (EL → dbt run → dbt test of its staging) on an empty warehouse, then
    the marts job: what the schedules do on a first deployment."""
    project.run("genius_el", "hubspot_el", "callrail_el", "salesrabbit_el", "arrivy_el", "google_sheets_el",
                "leadconduit_el", "five9_el", "marketsharp_el", "marts")
    return project


def _row_counts(project: DemoProject) -> dict[str, int]:
    rows = project.query("select table_schema || '.' || table_name from information_schema.tables "
                         "where table_schema = any(%s) and table_type = 'BASE TABLE'", list(SOURCES))
    return {name: project.query(f"select count(*) from {name}")[0][0] for (name,) in rows}


def test_source_jobs_load_every_source_and_marts_build_every_model(full_sync):
    counts = _row_counts(full_sync)
    for source in SOURCES:
        assert any(n.startswith(f"{source}.") and c > 0 for n, c in counts.items()), f"nothing loaded for {source}"
    assert counts["genius.prospects"] > 0 and counts["hubspot.contacts"] > 0 and counts["callrail.calls"] > 0
    relations = {r[0] for r in full_sync.query(
        "select table_schema || '.' || table_name from information_schema.tables "
        "where table_schema in ('staging', 'intermediate', 'marts')")}
    for model in ("marts.dim_prospects", "marts.fct_appointments", "marts.fct_calls", "marts.dq_table_health",
                  "marts.leadconduit_leads", "staging.stg_leadconduit__events",
                  "staging.stg_genius__prospects", "staging.stg_hubspot__contacts", "staging.stg_callrail__calls"):
        assert model in relations
    health = dict(full_sync.query("select source_name || '.' || table_name, row_count from marts.dq_table_health"))
    assert health["genius.prospects"] == full_sync.query("select count(*) from staging.stg_genius__prospects")[0][0]


def test_cross_source_marts_link_the_systems(full_sync):
    systems = dict(full_sync.query("select source_system, count(*) from marts.fct_appointments group by 1"))
    assert systems.get("both", 0) > 0, systems  # Genius and HubSpot appointments matched by cross-ids
    people = dict(full_sync.query("select source_system, count(*) from marts.dim_prospects group by 1"))
    assert people.get("both", 0) > 0, people
    calls, attributed = full_sync.query("select count(*), count(prospect_key) from marts.fct_calls")[0]
    assert calls > 0 and attributed / calls > 0.9  # every demo caller is a homeowner
    tasks, linked = full_sync.query("select (select count(*) from staging.stg_arrivy__tasks), "
                                    "(select count(*) from intermediate.int_arrivy_tasks__linked)")[0]
    assert tasks > 0 and linked == tasks  # every demo task installs or services a Genius job
    by_source = dict(full_sync.query("select source_system, count(prospect_key) from marts.fct_calls group by 1"))
    assert by_source.get("callrail", 0) > 0 and by_source.get("five9", 0) > 0, by_source


def test_salesrabbit_leads_reach_their_genius_prospects(full_sync):
    """Canvassed leads carry the prospect's phone and address: each links to exactly that
    prospect; pins that never became prospects link to none; deleted leads stay out of staging."""
    from crm_sandbox.world import World

    held = World(SEED, SCALE).ids.table("salesrabbit", "homeowner")  # homeowner → lead id
    links = dict(full_sync.query("select lead_id, genius_prospect_id from marts.fct_salesrabbit_leads "
                                 "where became_prospect"))
    assert links == {lead: homeowner for homeowner, lead in held.items()}
    deleted = full_sync.query("select count(*) from salesrabbit.leads where _sdc_deleted_at is not null")[0][0]
    raw, staged = (full_sync.query(f"select count(*) from {t}")[0][0]
                   for t in ("salesrabbit.leads", "staging.stg_salesrabbit__leads"))
    assert deleted > 0 and staged == raw - deleted


def test_marketsharp_funnel_reaches_the_genius_prospects(full_sync):
    """Every MarketSharp inquiry is in the funnel, linked to the Genius prospect carrying its contact's id."""
    from crm_sandbox.world import World

    held = World(SEED, SCALE).ids.table("marketsharp", "homeowner")  # homeowner → contact GUID
    links = dict(full_sync.query("select distinct contact_id, genius_prospect_id from marts.fct_funnel"))
    assert links and all(links[guid] == homeowner for homeowner, guid in held.items() if guid in links)
    inquiries = full_sync.query("select count(*) from staging.stg_marketsharp__inquiries")[0][0]
    assert full_sync.query("select count(*) from marts.fct_funnel where source_system = 'marketsharp'")[0][0] == inquiries


def test_duplicate_prospects_report_finds_exactly_the_planted_pairs(full_sync, planted):
    found = set(full_sync.query("select prospect_id, duplicate_prospect_id from marts.dq_genius_duplicate_prospects"))
    assert found == set(planted.duplicate_prospects)


def test_duplicate_hubspot_appointments_report_finds_exactly_the_double_bookings(full_sync, planted):
    groups = full_sync.query("select array_agg(appointment_id order by appointment_id) "
                             "from marts.dq_hubspot_duplicate_appointments group by duplicate_group_key")
    assert {tuple(g) for (g,) in groups} == {tuple(sorted(p)) for p in planted.double_booked_hubspot_appointments}


def test_reps_outside_division_report_finds_exactly_the_planted_appointments(full_sync, planted):
    found = {r for (r,) in full_sync.query("select genius_appointment_id from marts.dq_sales_reps_outside_division")}
    assert found == set(planted.reps_outside_division)


def test_contacts_in_several_divisions_report_finds_exactly_the_planted_contacts(full_sync, planted):
    found = {c for (c,) in full_sync.query("select contact_id from marts.dq_hubspot_contacts_in_several_divisions")}
    assert found == set(planted.contacts_in_several_divisions)


def test_source_freshness_and_docs(full_sync):
    full_sync.invoke("dbt-postgres:source_freshness")
    full_sync.invoke("dbt-postgres:docs_generate")
    catalog = json.loads((Path(full_sync.env["DBT_TARGET_PATH"]) / "catalog.json").read_text())
    assert "model.crm_warehouse.fct_appointments" in catalog["nodes"]


@pytest.fixture(scope="module")
def delta_sync(full_sync):
    """A day of activity in every source, then `meltano run all`: every source's EL (from the
    bookmarks), then `dbt build` (every model, every test)."""
    project = full_sync
    before = _row_counts(project)
    marks = dict(project.query("select table_schema || '.' || table_name, 0 from information_schema.tables "
                               "where table_schema = any(%s)", list(SOURCES)))
    high_water = {name: project.query(f"select max(_sdc_batched_at) from {name}")[0][0] for name in marks}
    project.crm_sandbox("genius-mutate", "--url", project.genius_url, "--fraction", "0.02", "--seed", str(SEED))
    import requests

    admin = f"{project.sandbox_url}/_admin"
    for body in ({"action": "update", "object": "contacts", "count": 5, "properties": {"lifecyclestage": "customer"}},
                 {"action": "create", "object": "contacts", "count": 3}):
        requests.post(f"{admin}/hubspot/mutate", json=body, timeout=30).raise_for_status()
    requests.post(f"{admin}/callrail/mutate", json={"action": "create", "object": "calls", "count": 4},
                  timeout=30).raise_for_status()
    requests.post(f"{admin}/salesrabbit/mutate", json={"action": "create", "object": "leads", "count": 6},
                  timeout=30).raise_for_status()
    tasks = requests.get(f"{admin}/arrivy/dump/tasks", timeout=30).json()
    requests.post(f"{admin}/arrivy/mutate", json={"action": "report_status", "object": "tasks", "type": "COMPLETE",
                                                  "ids": [t["id"] for t in tasks[:3]]}, timeout=30).raise_for_status()
    requests.post(f"{admin}/marketsharp/mutate", json={"action": "create", "object": "contacts", "count": 2},
                  timeout=30).raise_for_status()
    requests.post(f"{admin}/leadconduit/mutate", json={"action": "create", "object": "leads", "count": 2},
                  timeout=30).raise_for_status()
    project.run("all")
    return project, before, high_water


def test_delta_sync_through_all_moves_only_changed_rows_and_stays_green(delta_sync):
    project, before, high_water = delta_sync
    after = _row_counts(project)
    assert after["hubspot.contacts"] == before["hubspot.contacts"] + 3
    assert after["callrail.calls"] == before["callrail.calls"] + 4
    assert after["salesrabbit.leads"] == before["salesrabbit.leads"] + 6
    assert after["marketsharp.contacts"] == before["marketsharp.contacts"] + 2
    assert after["arrivy.task_statuses"] == before["arrivy.task_statuses"] + 3  # notes on long-past tasks
    import requests

    events = requests.get(f"{project.sandbox_url}/_admin/leadconduit/dump/events", timeout=60).json()
    assert before["leadconduit.events"] < after["leadconduit.events"] == len(events)
    # incremental streams re-read only what changed (the bookmark boundary may repeat a few rows)
    moved = project.query("select count(*) from genius.prospects where _sdc_batched_at > %s",
                          high_water["genius.prospects"])[0][0]
    assert 0 < moved < before["genius.prospects"] / 4
    state_ids = project.meltano("state", "list").stdout
    for tap in ("tap-genius", "tap-hubspot", "tap-callrail", "tap-salesrabbit", "tap-arrivy", "tap-leadconduit",
                "tap-marketsharp"):
        assert f"dev:{tap}-to-target-warehouse" in state_ids


def test_reports_after_delta_keep_the_planted_problems(delta_sync, planted):
    project, _, _ = delta_sync
    originals = max(p for pair in planted.duplicate_prospects for p in pair)
    pairs = set(project.query("select prospect_id, duplicate_prospect_id from marts.dq_genius_duplicate_prospects"))
    live = {p for (p,) in project.query("select prospect_id from staging.stg_genius__prospects")}
    assert {p for p in planted.duplicate_prospects if set(p) <= live} <= pairs
    # anything new involves a prospect the mutation inserted (a copy of an existing one)
    assert all(max(p) > originals for p in pairs - set(planted.duplicate_prospects))
    found = {r for (r,) in project.query("select contact_id from marts.dq_hubspot_contacts_in_several_divisions")}
    assert found == set(planted.contacts_in_several_divisions)
