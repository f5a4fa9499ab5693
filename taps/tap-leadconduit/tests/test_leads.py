"""Leads are derived in dbt, not in the tap: what tap-leadconduit loads, turned into
``leadconduit_leads`` by the real dbt project, equals the emulation's leads — one row per lead,
submitted on its own day even when its events were recorded after midnight, resubmissions
their own leads, nothing lost between a full sync and a delta."""

from __future__ import annotations

import os
import subprocess
from contextlib import closing
from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import urlsplit

import psycopg2
import psycopg2.extras

from tests.harness.pipeline import run_pipeline
from tests.harness.services import unavailable

from .conftest import SCHEMA, TAP, VENDOR, tap_config

ROOT = Path(__file__).resolve().parents[3]
DBT = ROOT / ".meltano" / "utilities" / "dbt-postgres" / "venv" / "bin" / "dbt"
COMPARED = ("source_event_id", "outcome", "reason", "flow_name", "source_name", "first_name", "last_name",
            "email", "phone_1", "postal_code", "event_count")


def dbt_build(dsn: str, tmp_path: Path) -> None:
    if not DBT.exists():
        unavailable(f"dbt is not installed at {DBT}: run `make meltano-install`")
    url = urlsplit(dsn)
    env = {**os.environ, "WAREHOUSE_HOST": url.hostname or "127.0.0.1", "WAREHOUSE_PORT": str(url.port or 5432),
           "WAREHOUSE_USER": url.username or "postgres", "WAREHOUSE_PASSWORD": url.password or "",
           "WAREHOUSE_DATABASE": url.path.lstrip("/"), "MELTANO_ENVIRONMENT": "dev",
           "DBT_PROFILES_DIR": str(ROOT / "transform" / "profiles"),
           "DBT_TARGET_PATH": str(tmp_path / "target"), "DBT_LOG_PATH": str(tmp_path / "logs")}
    done = subprocess.run([str(DBT), "build", "--project-dir", str(ROOT / "transform"), "--select",
                           "source:leadconduit staging.leadconduit marts.leads", "--indirect-selection",
                           "buildable"], env=env, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stdout[-4000:]


def leads_table(dsn: str) -> dict[str, dict]:
    with closing(psycopg2.connect(dsn)) as conn, conn.cursor(
            cursor_factory=psycopg2.extras.RealDictCursor) as cur:
        cur.execute("select * from marts.leadconduit_leads")
        return {row["lead_id"]: dict(row) for row in cur.fetchall()}


def test_leads_in_dbt_equal_the_emulations_leads(fresh_sandbox, warehouse_dsn, tmp_path):
    sandbox = fresh_sandbox
    config = tap_config(sandbox)
    state = run_pipeline(TAP, config, warehouse_dsn, SCHEMA)
    # between the syncs: a homeowner submits 0.3 s before midnight (the events are recorded after
    # it) and again 25 s after midnight
    first = sandbox.mutate(VENDOR, {"action": "create", "object": "leads", "count": 1})
    at = datetime.fromisoformat(first["at"].replace("Z", "+00:00"))
    night = (at + timedelta(days=1)).replace(hour=23, minute=59, second=59, microsecond=700_000)
    late = sandbox.mutate(VENDOR, {"action": "create", "object": "leads", "count": 1, "at": night.isoformat()})
    again = sandbox.mutate(VENDOR, {"action": "resubmit", "object": "leads", "ids": late["leads"],
                                    "at": (night + timedelta(seconds=25)).isoformat()})
    run_pipeline(TAP, config, warehouse_dsn, SCHEMA, state=state)
    dbt_build(warehouse_dsn, tmp_path)

    expected = {lead["lead_id"]: lead for lead in sandbox.dump(VENDOR, "leads")}
    derived = leads_table(warehouse_dsn)
    assert sorted(derived) == sorted(expected), "one row per lead, none lost, none invented"
    diffs = [(lid, key, derived[lid][key], lead[key]) for lid, lead in expected.items() for key in COMPARED
             if derived[lid][key] != lead[key]]
    assert not diffs, diffs[:5]
    assert all(derived[lid]["submitted_at"] == datetime.fromisoformat(lead["submitted_at"].replace("Z", "+00:00"))
               for lid, lead in expected.items())

    # the planted midnight pairs of the world, and the one made above
    planted = [(p["first"], p["second"]) for p in sandbox.dump(VENDOR, "planted") if p["kind"] == "midnight"]
    for before, after in [*planted, (late["leads"][0], again["leads"][0])]:
        a, b = derived[before], derived[after]
        sent, resent = a["submitted_at"].astimezone(timezone.utc), b["submitted_at"].astimezone(timezone.utc)
        assert (sent.hour, sent.minute, sent.second) == (23, 59, 59)
        assert resent.date() == sent.date() + timedelta(days=1)
        assert (a["outcome"], b["outcome"], b["reason"]) == ("success", "failure", "Duplicate lead")
        assert a["email"] == b["email"] and a["lead_id"] != b["lead_id"]
