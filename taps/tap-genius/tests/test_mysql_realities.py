"""MySQL realities: zero dates, booleans vs tinyint flags, unsigned BIGINT, DECIMAL, TIME, JSON,
emoji, the reserved table name `lead`, time zones and the HubSpot ids from third_party_source."""

from __future__ import annotations

import json
import subprocess
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest

from crm_sandbox.genius.seed import UINT64_MAX
from crm_sandbox.world import World

from .conftest import SCALE, SEED, TAP, discover, execute, run_tap, select, source_rows

STREAMS = ("leads", "jobs", "users", "user_titles", "user_associations", "appointments", "prospects", "quotes")


@pytest.fixture(scope="module")
def shared_config(shared_mysql):
    # TIME beyond a day and negative TIME are legal in MySQL (elapsed time); big exact decimals
    execute(shared_mysql, "UPDATE job SET measure_time = '100:00:00', install_time = '-01:30:05', "
                          "contract_amount = 123456789.01, sales_tax_rate = 0.10000 "
                          "WHERE id = (SELECT MIN(id) FROM (SELECT id FROM job) j)")
    return {"sqlalchemy_url": shared_mysql}


@pytest.fixture(scope="module")
def synced(shared_config):
    run = run_tap(shared_config, catalog=select(discover(shared_config), *STREAMS))
    return shared_config["sqlalchemy_url"], run, {
        s: {tuple(r[k] for k in run.schemas[s]["key_properties"]): r for r in run.records[s]} for s in STREAMS}


def test_zero_dates_become_null(synced):
    url, _, by_key = synced
    zero_leads = source_rows(url, "SELECT lead_id FROM `lead` WHERE viewed_on = '0000-00-00 00:00:00'")
    zero_jobs = source_rows(url, "SELECT id FROM job WHERE measure_date = '0000-00-00'")
    zero_users = source_rows(url, "SELECT user_id FROM user_data WHERE birth_date = '0000-00-00'")
    assert zero_leads and zero_jobs and zero_users
    assert all(by_key["leads"][(r["lead_id"],)]["viewed_on"] is None for r in zero_leads)
    assert all(by_key["jobs"][(r["id"],)]["measure_date"] is None for r in zero_jobs)
    assert all(by_key["users"][(r["user_id"],)]["birth_date"] is None for r in zero_users)


def test_tinyint1_is_boolean_and_other_integer_widths_stay_integers(synced):
    _, run, by_key = synced
    props = run.schemas["users"]["schema"]["properties"]
    assert props["is_inactive"]["type"] == ["boolean", "null"]
    assert {r["is_inactive"] for r in by_key["users"].values()} == {True, False}
    lead = next(iter(by_key["leads"].values()))
    assert run.schemas["leads"]["schema"]["properties"]["is_dummy"]["type"] == ["integer", "null"]
    assert lead["is_dummy"] == 0 and lead["is_dummy"] is not False


def test_unsigned_bigint_keeps_its_full_range(synced):
    url, run, by_key = synced
    source = source_rows(url, "SELECT lead_id, alternate_id FROM `lead` WHERE alternate_id IS NOT NULL")
    assert max(r["alternate_id"] for r in source) > 2**63  # beyond signed BIGINT
    assert all(by_key["leads"][(r["lead_id"],)]["alternate_id"] == r["alternate_id"] for r in source)
    assert run.schemas["leads"]["schema"]["properties"]["alternate_id"]["maximum"] == UINT64_MAX


def test_decimals_are_exact_json_numbers(shared_config):
    url = shared_config["sqlalchemy_url"]
    catalog = select(discover(shared_config), "jobs")
    with tempfile.TemporaryDirectory() as tmp:  # raw stdout: numbers parsed as Decimal, no float between
        Path(tmp, "c.json").write_text(json.dumps(shared_config))
        Path(tmp, "k.json").write_text(json.dumps(catalog))
        out = subprocess.run([TAP, "--config", f"{tmp}/c.json", "--catalog", f"{tmp}/k.json"],
                             capture_output=True, check=True).stdout
    records = [m["record"] for m in map(lambda line: json.loads(line, parse_float=Decimal), out.splitlines())
               if m["type"] == "RECORD"]
    source = {r["id"]: r for r in source_rows(url, "SELECT id, contract_amount, sales_tax_rate, job_value FROM job")}
    for record in records:
        row = source[record["id"]]
        assert record["contract_amount"] == row["contract_amount"]
        assert record["job_value"] == row["job_value"]
        assert record["sales_tax_rate"] == row["sales_tax_rate"]
    assert b'"contract_amount":123456789.01' in out and b'"sales_tax_rate":0.10000' in out


def test_time_columns(synced):
    url, _, by_key = synced
    appointment = next(iter(by_key["appointments"].values()))
    row = source_rows(url, "SELECT time, duration FROM appointment WHERE id = :id", id=appointment["id"])[0]
    assert appointment["time"] == f"{row['time'].seconds // 3600:02d}:{row['time'].seconds // 60 % 60:02d}:00"
    assert appointment["duration"] in ("01:00:00", "01:30:00", "02:00:00")
    odd = min(by_key["jobs"].values(), key=lambda r: r["id"])
    assert (odd["measure_time"], odd["install_time"]) == ("100:00:00", "-01:30:05")


def test_json_column_is_parsed(synced):
    url, _, by_key = synced
    for row in source_rows(url, "SELECT id, roles FROM user_title"):
        assert by_key["user_titles"][(row["id"],)]["roles"] == json.loads(row["roles"])
    assert {"scopes": ["division", "reports"], "label": "Division 🏠 manager"} in [
        r["roles"] for r in by_key["user_titles"].values()]


def test_utf8mb4_emoji_and_the_reserved_table_name(synced):
    url, run, by_key = synced
    rows = source_rows(url, "SELECT lead_id, notes FROM `lead` WHERE notes LIKE '%🏠%'")
    assert rows
    assert all(by_key["leads"][(r["lead_id"],)]["notes"] == r["notes"] for r in rows)
    assert len(run.records["leads"]) == source_rows(url, "SELECT COUNT(*) AS n FROM `lead`")[0]["n"]
    assert len(run.schemas["leads"]["schema"]["properties"]) == 96


def test_naive_datetimes_carry_the_source_timezone_offset(shared_config):
    config = {**shared_config, "source_timezone": "America/New_York"}
    catalog = select(discover(config), "leads", "user_associations")
    run = run_tap(config, catalog=catalog)
    url = config["sqlalchemy_url"]
    winter = source_rows(url, "SELECT lead_id, added_on FROM `lead` WHERE MONTH(added_on) = 1 LIMIT 1")[0]
    summer = source_rows(url, "SELECT lead_id, added_on FROM `lead` WHERE MONTH(added_on) = 7 LIMIT 1")[0]
    leads = {r["lead_id"]: r for r in run.records["leads"]}
    assert leads[winter["lead_id"]]["added_on"] == winter["added_on"].isoformat() + "-05:00"
    assert leads[summer["lead_id"]]["added_on"] == summer["added_on"].isoformat() + "-04:00"
    # TIMESTAMP columns are instants already: read in UTC whatever the source zone
    assoc = run.records["user_associations"][0]
    assert assoc["created_at"].endswith("+00:00")
    # the bookmark round-trips through the zone: a re-run reads only the boundary second
    again = run_tap(config, catalog=catalog, state=run.state)
    assert 0 < len(again.records["leads"]) < 5
    assert again.bookmark("leads") == run.bookmark("leads")
    assert run.bookmark("leads").endswith(("-05:00", "-04:00"))


def test_hubspot_ids_come_from_third_party_source_of_type_hubspot_only(synced):
    _, _, by_key = synced
    world = World(SEED, SCALE)
    for homeowner in world.homeowners:
        prospect = by_key["prospects"][(homeowner.id,)]
        assert prospect["hubspot_contact_id"] == world.ids.get("hubspot", "homeowner", homeowner.id)
    # prospects linked to another system (LEAP) get no HubSpot id, not the LEAP id
    leap = [h for h in world.homeowners if world.ids.get("hubspot", "homeowner", h.id) is None and h.id % 10 == 3]
    assert leap and all(by_key["prospects"][(h.id,)]["third_party_source_id"] for h in leap)
    for appointment in world.appointments:
        assert (by_key["appointments"][(appointment.id,)]["hubspot_appointment_id"]
                == world.ids.get("hubspot", "appointment", appointment.id))
    users = by_key["users"].values()
    assert any(u["primary_user_id"] for u in users) and any(u["primary_user_id"] is None for u in users)
