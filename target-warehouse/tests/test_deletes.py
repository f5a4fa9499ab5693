"""ACTIVATE_VERSION retires older versions; records carrying _sdc_deleted_at mark rows."""

from __future__ import annotations

from datetime import datetime, timezone


def test_activate_version_soft_deletes_older_versions(load, singer, warehouse):
    run = load(singer("activate_version.singer"))
    assert run.error is None
    rows = warehouse.query("SELECT id, name, _sdc_table_version, _sdc_deleted_at IS NOT NULL "
                           "FROM raw.catalog_items ORDER BY id")
    assert rows == [(1, "one", 200, False), (2, "two", 100, True), (3, "three v2", 200, False),
                    (4, "four", 200, False)]
    assert run.states == [{"full_table": 1}, {"full_table": 2}]


def test_activate_version_hard_deletes_older_versions(load, singer, warehouse):
    assert load(singer("activate_version.singer"), hard_delete=True).error is None
    assert warehouse.query("SELECT id, name FROM raw.catalog_items ORDER BY id") == [
        (1, "one"), (3, "three v2"), (4, "four")]


def test_activate_version_can_be_disabled(load, singer, warehouse):
    text = singer("activate_version.singer")
    assert load(text, process_activate_version_messages=False).error is None
    assert warehouse.query("SELECT count(*) FROM raw.catalog_items "
                           "WHERE _sdc_deleted_at IS NOT NULL") == [(0,)]


def test_records_with_sdc_deleted_at_mark_rows_deleted(load, singer, warehouse):
    assert load(singer("sdc_deleted_at.singer")).error is None
    rows = warehouse.query("SELECT id, email, _sdc_deleted_at FROM raw.contacts ORDER BY id")
    utc = timezone.utc
    assert rows == [
        (1, "a@example.com", None),
        (2, "b@example.com", datetime(2024, 5, 1, 6, tzinfo=utc)),
        (3, "c2@example.com", None),  # deleted, then re-created in the same batch: last wins
        (4, "d@example.com", datetime(2024, 5, 2, tzinfo=utc)),
    ]


def test_records_with_sdc_deleted_at_are_removed_with_hard_delete(load, singer, warehouse):
    assert load(singer("sdc_deleted_at.singer"), hard_delete=True).error is None
    assert warehouse.query("SELECT id, email FROM raw.contacts ORDER BY id") == [
        (1, "a@example.com"), (3, "c2@example.com")]
