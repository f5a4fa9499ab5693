"""One Airflow DAG per Meltano schedule, generated from ``meltano schedule list --format=json``.

Each DAG is named after its schedule, runs on the schedule's cron, never overlaps itself
(``max_active_runs=1``) and has one task per job task, in order; a task runs
``orchestrate/run.sh <task>`` (``meltano run`` with the environment's warehouse and system
database), so a Celery or Kubernetes executor can put each step on any worker that has
the project.  The schedules come from, in order of preference:

* ``MELTANO_SCHEDULES_JSON``: a file holding that JSON (e.g. written at deploy time);
* ``meltano_schedules.json`` beside this file: the committed copy, generated with the CI
  workflow by ``orchestrate/ci_workflow.py`` (a test keeps it equal to the schedules), so
  parsing the DAG folder never starts Meltano (13-20 s, against Airflow's 30 s import timeout);
* running ``meltano schedule list --format=json`` in ``MELTANO_PROJECT_ROOT``.

Settings (environment of the scheduler and workers): ``MELTANO_PROJECT_ROOT`` (default: the
repository holding this file), ``MELTANO_ENVIRONMENT`` (default ``prod``),
``MELTANO_VENV_BIN`` (where ``meltano`` lives; default ``<project>/.venv/bin``).
Self-contained on purpose: it imports nothing from the project.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
from datetime import datetime, timedelta, timezone
from pathlib import Path

from airflow import DAG

try:  # Airflow 3: the standard provider
    from airflow.providers.standard.operators.bash import BashOperator
except ImportError:  # Airflow 2
    from airflow.operators.bash import BashOperator

PROJECT_ROOT = Path(os.environ.get("MELTANO_PROJECT_ROOT") or Path(__file__).resolve().parents[3])
ENVIRONMENT = os.environ.get("MELTANO_ENVIRONMENT", "prod")
VENV_BIN = Path(os.environ.get("MELTANO_VENV_BIN") or PROJECT_ROOT / ".venv" / "bin")
RUNNER = PROJECT_ROOT / "orchestrate" / "run.sh"
DEFAULT_ARGS = {"owner": "data-platform", "retries": 1, "retry_delay": timedelta(minutes=5)}


def load_schedules() -> list[dict]:
    """Job schedules (``tasks``) and ELT schedules (``extractor`` → ``loader``) alike."""
    path = Path(os.environ.get("MELTANO_SCHEDULES_JSON") or Path(__file__).with_name("meltano_schedules.json"))
    if path.exists():
        data = json.loads(path.read_text())
    else:
        out = subprocess.run([str(VENV_BIN / "meltano"), "schedule", "list", "--format=json"],
                             cwd=PROJECT_ROOT, capture_output=True, text=True, check=True, timeout=120,
                             env={**os.environ, "MELTANO_CLI_LOG_LEVEL": "warning"}).stdout
        data = json.loads(out[out.index("{"):])
    schedules = []
    for entry in data["schedules"].get("job", []):
        tasks = [t if isinstance(t, str) else " ".join(t) for t in entry["job"]["tasks"]]
        schedules.append({"name": entry["name"], "cron": entry.get("cron_interval"), "tasks": tasks})
    for entry in data["schedules"].get("elt", []):
        schedules.append({"name": entry["name"], "cron": entry.get("cron_interval"),
                          "tasks": [f"{entry['extractor']} {entry['loader']}"]})
    return schedules


def task_id(task: str) -> str:
    """``tap-genius target-warehouse`` → ``tap-genius__target-warehouse``;
    ``dbt-postgres:run_staging_genius`` → ``dbt-postgres.run_staging_genius``."""
    return "__".join(task.split()).replace(":", ".")


def build_dag(schedule: dict) -> DAG:
    dag = DAG(
        dag_id=schedule["name"],
        description=f"meltano schedule {schedule['name']}: " + " → ".join(schedule["tasks"]),
        schedule=schedule["cron"],  # None for @once/@manual schedules: triggered by hand
        start_date=datetime(2026, 1, 1, tzinfo=timezone.utc),
        catchup=False,  # Meltano state already resumes from the last bookmark
        max_active_runs=1,  # two runs of the same job never overlap
        default_args=DEFAULT_ARGS,
        tags=["meltano", ENVIRONMENT],
    )
    previous = None
    for task in schedule["tasks"]:
        operator = BashOperator(
            task_id=task_id(task),
            # a trailing space keeps Airflow from reading a command ending in ".sh" as a template file
            bash_command=f"{shlex.quote(str(RUNNER))} {task} ",
            env={"MELTANO_ENVIRONMENT": ENVIRONMENT, "MELTANO_VENV_BIN": str(VENV_BIN)},
            append_env=True,
            cwd=str(PROJECT_ROOT),
            dag=dag,
        )
        if previous is not None:
            previous >> operator
        previous = operator
    return dag


for _schedule in load_schedules():
    globals()[f"meltano_{_schedule['name']}"] = build_dag(_schedule)
