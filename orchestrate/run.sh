#!/usr/bin/env bash
# `meltano run` with what the environment needs around it; CI and Airflow call this.
#   dev  (default): the configured warehouse, or the project-local one (started on demand);
#                   system database = .meltano/meltano.db
#   prod          : WAREHOUSE_* from secrets; system database and state in the warehouse
#                   (orchestrate/systemdb.py), so ephemeral runners resume from the last bookmarks.
# Usage: orchestrate/run.sh [meltano run options] <job | blocks>...   e.g. orchestrate/run.sh genius_el
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
  eval "$("$bin/python" -m target_warehouse.local env)"
fi
# One run of a job at a time on this machine: Meltano's own guard ("Another ... pipeline is
# already running") is a check-then-insert race and only covers runs sharing a system
# database.  The lock's descriptor survives the exec, so it is held until meltano exits.
lock_dir="${MELTANO_LOCK_DIR:-$root/.meltano/locks}"
mkdir -p "$lock_dir"
exec 9>"$lock_dir/$(printf '%s' "$*" | tr -c 'A-Za-z0-9_.-' '_').lock"
if ! flock -n 9; then
  echo "run.sh: a run of '$*' is already in progress on this machine; not starting another" >&2
  exit 75
fi
exec "$bin/meltano" run "$@"
