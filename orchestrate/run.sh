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
exec "$bin/meltano" run "$@"
