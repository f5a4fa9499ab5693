"""Per-stream routing for every tap (the predecessor routed single entities for two sources
only): ``<TAP>__SELECT_FILTER='["<stream>"]' meltano run <tap> target-warehouse`` loads that
stream and nothing else.  Each tap is checked on one small stream, in a database of its own.
"""

from __future__ import annotations

import json

import pytest
import yaml

from demo_project import ROOT, DemoProject, create_database, drop_database, ensure_plugins_installed

SCALE = 0.05
#: a small stream per tap; a new tap falls back to the first stream its `select` names
STREAM = {"tap-genius": "division_regions", "tap-hubspot": "divisions", "tap-callrail": "tags",
          "tap-google-sheets": "marketing_spend"}


def _taps() -> list[tuple[str, str, str]]:
    found = []
    for path in sorted(ROOT.glob("taps/tap-*/*.meltano.yml")):
        for plugin in (yaml.safe_load(path.read_text()).get("plugins") or {}).get("extractors") or []:
            select = [s.split(".", 1)[0] for s in plugin.get("select") or [] if not s.startswith("!")]
            stream = STREAM.get(plugin["name"]) or next(s for s in select if s != "*")
            found.append((plugin["name"], plugin.get("namespace", plugin["name"]), stream))
    return found


@pytest.mark.parametrize(("tap", "schema", "stream"), _taps())
def test_select_filter_routes_one_stream(tap, schema, stream, pg_server_dsn, sandbox_url, tmp_path):
    ensure_plugins_installed()
    dsn = create_database(pg_server_dsn)
    try:
        project = DemoProject(dsn, sandbox_url, tmp_path)
        if tap == "tap-genius":
            project.crm_sandbox("genius-seed", "--url", project.genius_url, "--scale", str(SCALE))
        variable = tap.upper().replace("-", "_") + "__SELECT_FILTER"
        project.run(tap, "target-warehouse", env={variable: json.dumps([stream])})
        tables = {t for (t,) in project.query(
            "select table_name from information_schema.tables where table_schema = %s", schema)}
        assert tables == {stream}
        assert project.query(f'select count(*) from "{schema}"."{stream}"')[0][0] > 0
    finally:
        drop_database(pg_server_dsn, dsn)
