"""Jobs are the router: one per source (EL → dbt run → dbt test), marts, and `all`."""

from __future__ import annotations


import yaml

from schedules import ROOT, plugin_definitions

TAPS = sorted(p.name for p in (ROOT / "taps").glob("tap-*") if list(p.glob("*.meltano.yml")))


def _jobs(schedules_json) -> dict[str, list[str]]:
    return {e["job"]["name"]: e["job"]["tasks"] for e in schedules_json["schedules"]["job"]}


def test_every_tap_has_its_source_job_and_schedule(schedules_json):
    jobs = _jobs(schedules_json)
    for tap in TAPS:
        crm = tap.removeprefix("tap-").replace("-", "_")  # tap-google-sheets → google_sheets
        assert (ROOT / "orchestrate" / f"{crm}.meltano.yml").exists(), f"orchestrate/{crm}.meltano.yml missing"
        assert jobs.get(f"{crm}_el") == [f"{tap} target-warehouse", f"dbt-postgres:run_staging_{crm}",
                                         f"dbt-postgres:test_staging_{crm}"]


def test_schedules_are_named_after_their_jobs(schedules_json):
    for entry in schedules_json["schedules"]["job"]:
        assert entry["name"] == entry["job"]["name"]
        assert entry["cron_interval"], f"{entry['name']} has no cron"


def test_all_job_loads_every_source_then_builds_everything(schedules_json):
    jobs = _jobs(schedules_json)
    el_tasks = [tasks[0] for name, tasks in jobs.items() if name.endswith("_el")]
    assert sorted(jobs["all"][:-1]) == sorted(el_tasks)
    assert jobs["all"][-1] == "dbt-postgres:build"
    assert jobs["marts"] == ["dbt-postgres:run_marts", "dbt-postgres:test_marts"]


def test_dbt_commands_select_each_sources_staging_folder():
    dbt = plugin_definitions()["dbt-postgres"]
    assert dbt["pip_url"] == "dbt-core~=1.11.0 dbt-postgres~=1.11.0 -e ${MELTANO_PROJECT_ROOT}/transform/dbt-warehouse"
    # dbt behind dbt-warehouse: the loader's warehouse, found the loader's way, from every entry point
    assert dbt["namespace"] == "dbt_postgres" and dbt["executable"] == "dbt-warehouse"
    commands = dbt["commands"]
    staging = ROOT / "transform" / "models" / "staging"
    for folder in sorted(p for p in staging.iterdir() if p.is_dir()):
        crm = folder.name
        assert commands[f"run_staging_{crm}"] == f"run --select staging.{crm}"
        assert commands[f"test_staging_{crm}"] == (
            f"test --select staging.{crm} source:{crm} --indirect-selection buildable")
        assert (folder / f"_{crm}__sources.yml").exists() and (folder / f"_{crm}__models.yml").exists()
        sources = yaml.safe_load((folder / f"_{crm}__sources.yml").read_text())["sources"]
        assert [s["name"] for s in sources] == [crm] and sources[0]["schema"] == crm
        for sql in folder.glob("*.sql"):
            assert sql.stem.startswith(f"stg_{crm}__"), sql
    for name in ("build", "run_marts", "test_marts", "docs_generate", "source_freshness"):
        assert name in commands


def test_staging_folders_cover_every_tap():
    staging = {p.name for p in (ROOT / "transform" / "models" / "staging").iterdir() if p.is_dir()}
    assert {t.removeprefix("tap-").replace("-", "_") for t in TAPS} <= staging
