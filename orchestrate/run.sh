#!/usr/bin/env bash
# `meltano run` with what the environment needs around it; CI and Airflow call this.
#   dev  (default): the configured warehouse, or the project-local one (started on demand);
#                   system database = .meltano/meltano.db
#   prod          : WAREHOUSE_* from secrets; system database and state in the warehouse
#                   (orchestrate/systemdb.py), so ephemeral runners resume from the last bookmarks.
# Usage: orchestrate/run.sh [meltano run options] <job | blocks>...   e.g. orchestrate/run.sh genius_el
#        LOG_LEVEL=debug orchestrate/run.sh genius_el                  (meltano --log-level=debug)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bin="${MELTANO_VENV_BIN:-$root/.venv/bin}"
environment="${MELTANO_ENVIRONMENT:-dev}"
export MELTANO_ENVIRONMENT="$environment"
if [ "$environment" = prod ]; then
  : "${WAREHOUSE_HOST:?prod needs the warehouse connection (WAREHOUSE_HOST, _USER, _PASSWORD, _DATABASE)}"
  if [ -z "${MELTANO_DATABASE_URI:-}" ]; then
    MELTANO_DATABASE_URI="$("$bin/python" orchestrate/systemdb.py uri)"
    export MELTANO_DATABASE_URI
  fi
else
  warehouse_env="$("$bin/python" -m target_warehouse.local env)"  # a failed start stops here (set -e)
  eval "$warehouse_env"
fi
# One run of a job at a time per project, environment and state backend: Meltano's own guard
# ("Another ... pipeline is already running") is a check-then-insert race and only covers
# runs sharing a system database.  The lock lives in the project's Meltano directory and is
# named for the environment, the state backend (hashed: its URI may hold a password) and the
# job, so a test's private Meltano directory and system database (tests/harness/meltano.py)
# never contend with a user's `make run-all` in the same checkout.  Meltano inherits the
# descriptor, so the lock is held until it exits.
sys_dir="${MELTANO_SYS_DIR_ROOT:-$root/.meltano}"
state_backend="${MELTANO_STATE_BACKEND_URI:-${MELTANO_DATABASE_URI:-sqlite:///$sys_dir/meltano.db}}"
lock_dir="${MELTANO_LOCK_DIR:-$sys_dir/locks}"
mkdir -p "$lock_dir"
job="$(printf '%s' "$*" | tr -c 'A-Za-z0-9_.-' '_')"
backend="$(printf '%s' "$state_backend" | sha256sum | cut -c1-12)"
exec 9>"$lock_dir/$environment.$backend.${job:0:100}.lock"
if ! flock -n 9; then
  echo "run.sh: '$*' is already running in $environment against this state backend; not starting another" >&2
  exit 75
fi
# The table that ends the run (crm_orchestrate/report.py): row counts before, then every
# stream of the sources that ran.  By default in dev only (it counts every row: cheap on the
# demo, not on a production warehouse); RUN_REPORT=1/0 to choose.
export MELTANO_RUN_ID="${MELTANO_RUN_ID:-$("$bin/python" -c 'import uuid; print(uuid.uuid4())')}"
report="${RUN_REPORT:-$([ "$environment" = prod ] && echo 0 || echo 1)}"
[ "$report" = 1 ] && { "$bin/python" -m crm_orchestrate.report before --run-id "$MELTANO_RUN_ID" || true; }
# Meltano runs as a child (not exec'd) so the table can follow.  A background child of a
# script ignores SIGINT, so every stop signal reaches it as SIGTERM (Meltano stops its plugins
# cleanly); a signal that interrupts `wait` is followed by waiting for Meltano's own exit.
"$bin/meltano" ${LOG_LEVEL:+--log-level="$LOG_LEVEL"} run "$@" &
meltano=$!
trap 'kill -TERM "$meltano" 2>/dev/null' INT TERM HUP
status=0
wait "$meltano" || status=$?
while kill -0 "$meltano" 2>/dev/null; do status=0; wait "$meltano" || status=$?; done
[ "$report" = 1 ] && { "$bin/python" -m crm_orchestrate.report after --run-id "$MELTANO_RUN_ID" || true; }
exit "$status"
