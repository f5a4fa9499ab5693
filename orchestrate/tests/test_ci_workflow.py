"""The committed GitHub Actions workflow is exactly what the schedules generate."""

from __future__ import annotations

import yaml

import ci_workflow
from schedules import WAREHOUSE_VARS, plugin_definitions


def test_workflow_file_matches_meltano_schedules(schedules):
    expected = ci_workflow.render(schedules, plugin_definitions())
    assert ci_workflow.WORKFLOW.exists(), "run `python orchestrate/ci_workflow.py`"
    assert ci_workflow.WORKFLOW.read_text() == expected, (
        "the workflow and `meltano schedule list` disagree: run `python orchestrate/ci_workflow.py`")


def test_one_cron_and_one_guarded_job_per_schedule(schedules):
    workflow = yaml.safe_load(ci_workflow.WORKFLOW.read_text())
    triggers = workflow[True] if True in workflow else workflow["on"]  # YAML 1.1 reads `on` as true
    crons = [entry["cron"] for entry in triggers["schedule"]]
    assert sorted(crons) == sorted({s.cron for s in schedules if s.cron})
    assert triggers["workflow_dispatch"]["inputs"]["schedule"]["options"] == [s.name for s in schedules]
    jobs = workflow["jobs"]
    assert len(jobs) == len(schedules)
    for s in schedules:
        job = jobs[s.name.replace("_", "-")]
        assert f"github.event.schedule == '{s.cron}'" in job["if"]
        assert f"inputs.schedule == '{s.name}'" in job["if"]
        assert job["concurrency"] == {"group": f"meltano-{s.name}", "cancel-in-progress": False}
        # every secret comes from the repository's secrets, the warehouse ones always
        assert all(v == f"${{{{ secrets.{k} }}}}" for k, v in job["env"].items())
        assert set(WAREHOUSE_VARS) <= set(job["env"])
        run = next(step for step in job["steps"] if step.get("name") == f"meltano run {s.name}")
        assert f"orchestrate/run.sh $FULL_REFRESH {s.job}" in run["run"]
        assert run["shell"] == "bash"  # -o pipefail: `| tee` must not hide a failed run
        upload = next(step for step in job["steps"] if "upload-artifact" in step.get("uses", ""))
        assert upload["if"] == "always()" and "output/logs/" in upload["with"]["path"]
    assert workflow["env"]["MELTANO_ENVIRONMENT"] == "prod"


def test_sensitive_settings_of_a_jobs_plugins_become_secrets(schedules):
    plugins = {"target-warehouse": {"name": "target-warehouse", "plugin_type": "loaders",
                                    "settings": [{"name": "password", "sensitive": True}]},
               "tap-x": {"name": "tap-x", "plugin_type": "extractors", "settings": [
        {"name": "api_key", "sensitive": True}, {"name": "api_url"}, {"name": "start_date"},
        {"name": "token", "sensitive": True, "env": "X_TOKEN"}]}}
    schedule = ci_workflow.Schedule("x_el", "0 * * * *", ("tap-x target-warehouse",), "x_el")
    names = ci_workflow.secret_vars(schedule, plugins)
    assert names[: len(WAREHOUSE_VARS)] == list(WAREHOUSE_VARS)
    assert names[len(WAREHOUSE_VARS):] == ["TAP_X_API_KEY", "TAP_X_API_URL", "X_TOKEN"]
