"""Settings: host/port/user/database instead of a URL, stream maps and flattening (the SDK path)."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from .conftest import discover, run_tap, select


@pytest.fixture(scope="module")
def shared_config(shared_mysql):
    return {"sqlalchemy_url": shared_mysql}


def test_host_port_user_database_settings(shared_config):
    url = sa.make_url(shared_config["sqlalchemy_url"])
    config = {"host": url.host, "port": url.port or 3306, "user": url.username, "password": url.password or "",
              "database": url.database}
    run = run_tap(config, catalog=select(discover(config), "services"))
    assert len(run.records["services"]) == 8


def test_stream_maps_and_flattening_use_the_sdk_record_path(shared_config):
    config = {**shared_config, "flattening_enabled": True, "flattening_max_depth": 1,
              "stream_maps": {"user_titles": {"abbreviation": "__NULL__", "title_upper": "title.upper()"},
                              "services": {"__filter__": "is_active"}}}
    catalog = select(discover(shared_config), "user_titles", "services")
    plain = run_tap(shared_config, catalog=catalog)
    mapped = run_tap(config, catalog=catalog)
    titles = {r["id"]: r for r in mapped.records["user_titles"]}
    for record in plain.records["user_titles"]:
        out = titles[record["id"]]
        assert "abbreviation" not in out and out["title_upper"] == record["title"].upper()
        assert out["updated_at"] == record["updated_at"]  # same converted values as the fast path
        # flattening turns the JSON column (no declared properties) into its JSON text
        assert json.loads(out["roles"]) == record["roles"]
    assert len(mapped.records["services"]) == sum(r["is_active"] for r in plain.records["services"]) < 8
    assert mapped.bookmark("services") == plain.bookmark("services")
