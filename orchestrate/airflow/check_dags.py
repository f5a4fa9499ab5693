"""Load the DAG folder with Airflow's DagBag and print what it found as JSON.

Run with the Airflow virtualenv's python (``orchestrate/airflow/.venv/bin/python``)::

    check_dags.py [DAG_FOLDER [OUTPUT_FILE]]

writes (to OUTPUT_FILE, else stdout; Airflow's own logging goes to stdout too)
``{"dags": {dag_id: {"schedule": ..., "max_active_runs": ..., "tasks": [[task_id, bash_command,
[downstream ids]], ...]}}, "import_errors": {file: error}}``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

try:
    from airflow.dag_processing.dagbag import DagBag  # Airflow >= 3.1 (no include_examples)
    EXTRA = {}
except ImportError:
    from airflow.models.dagbag import DagBag
    EXTRA = {"include_examples": False}

folder = sys.argv[1] if len(sys.argv) > 1 else str(Path(__file__).parent / "dags")
bag = DagBag(dag_folder=folder, **EXTRA)
dags = {}
for dag_id, dag in bag.dags.items():
    dags[dag_id] = {
        "schedule": getattr(dag, "schedule", None) if isinstance(getattr(dag, "schedule", None), str)
        else str(getattr(dag, "timetable", None).summary),
        "max_active_runs": dag.max_active_runs,
        "catchup": getattr(dag, "catchup", None),
        "tasks": [[t.task_id, t.bash_command, sorted(t.downstream_task_ids)] for t in dag.tasks],
    }
result = json.dumps({"dags": dags, "import_errors": {str(k): str(v) for k, v in bag.import_errors.items()}})
if len(sys.argv) > 2:
    Path(sys.argv[2]).write_text(result)
else:
    print(result)
