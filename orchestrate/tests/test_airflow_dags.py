"""The Airflow DAG generator: Airflow's own DagBag loads one DAG per Meltano schedule.

Airflow 3 lives in its own virtualenv (orchestrate/airflow/.venv, created here on first use
with uv: a few seconds from a warm cache, well under a minute cold).
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess

import pytest

from schedules import AIRFLOW_SCHEDULES, ROOT, render_json

AIRFLOW_DIR = ROOT / "orchestrate" / "airflow"


@pytest.fixture(scope="module")
def dagbag(tmp_path_factory) -> dict:
    spec = importlib.util.spec_from_file_location("airflow_venv", AIRFLOW_DIR / "airflow_venv.py")
    airflow_venv = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(airflow_venv)
    python = airflow_venv.ensure()
    home = tmp_path_factory.mktemp("airflow-home")
    out = home / "dagbag.json"
    # No MELTANO_SCHEDULES_JSON and no meltano to run: the DAG file must parse from the
    # committed meltano_schedules.json alone (parsing never starts Meltano).
    env = {**os.environ, "AIRFLOW_HOME": str(home), "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
           "AIRFLOW__CORE__UNIT_TEST_MODE": "True", "MELTANO_VENV_BIN": str(home / "no-meltano-here"),
           "MELTANO_PROJECT_ROOT": str(ROOT), "MELTANO_ENVIRONMENT": "prod"}
    env.pop("MELTANO_SCHEDULES_JSON", None)
    proc = subprocess.run([str(python), str(AIRFLOW_DIR / "check_dags.py"), str(AIRFLOW_DIR / "dags"), str(out)],
                          env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(out.read_text())


def test_committed_schedules_file_matches_meltano(schedules_json):
    assert AIRFLOW_SCHEDULES.read_text() == render_json(schedules_json), (
        "the Airflow schedules file and `meltano schedule list` disagree: run `python orchestrate/ci_workflow.py`")


def test_dags_import_without_errors(dagbag):
    assert dagbag["import_errors"] == {}


def test_one_dag_per_schedule_with_its_cron(dagbag, schedules):
    assert sorted(dagbag["dags"]) == sorted(s.name for s in schedules)
    for s in schedules:
        dag = dagbag["dags"][s.name]
        assert dag["schedule"] == s.cron
        assert dag["max_active_runs"] == 1 and dag["catchup"] is False


def test_tasks_run_each_job_task_in_order(dagbag, schedules):
    runner = str(ROOT / "orchestrate" / "run.sh")
    for s in schedules:
        tasks = dagbag["dags"][s.name]["tasks"]
        by_id = {t[0]: t for t in tasks}
        assert len(tasks) == len(s.tasks)
        ids = ["__".join(t.split()).replace(":", ".") for t in s.tasks]
        for k, (task_id, task) in enumerate(zip(ids, s.tasks)):
            assert by_id[task_id][1].strip() == f"{runner} {task}"
            assert by_id[task_id][2] == ([ids[k + 1]] if k + 1 < len(ids) else [])
