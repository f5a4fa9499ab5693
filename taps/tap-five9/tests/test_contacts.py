"""Lists larger than one getContactRecords call may return: every record is read, by splitting
the lookup on number1 prefixes with the ``%`` wildcard."""

from __future__ import annotations

from collections import Counter

from tap_common.testing import run_tap

from .conftest import TAP, tap_config


def contacts_only(run) -> list[dict]:
    assert run.returncode == 0, run.stderr[-3000:]
    return run.records["contacts"]


def test_a_list_over_the_documented_limit_is_read_completely(fresh_sandbox):
    """Five9's 1,000-record limit at its real size: at scale 1.2 "Web Leads" holds over 1,000."""
    fresh_sandbox.reset(scale=1.2)
    counts = Counter(c["last_list"] for c in fresh_sandbox.dump("five9", "contacts"))
    assert max(counts.values()) > 1000, counts
    fresh_sandbox.clear_requests()
    # 1,000 contacts of 46 fields in one answer take longer than the tests' 1 s timeout on a busy machine
    records = contacts_only(run_tap(TAP, tap_config(fresh_sandbox, request_timeout=60), streams=["contacts"]))
    ids = [r["contact_id"] for r in records]
    assert len(ids) == len(set(ids)) == sum(counts.values())
    assert Counter(r["last_list"] for r in records) == counts


def test_deep_splits_with_a_tiny_limit(fresh_sandbox):
    """With 5 records per call every list splits several levels deep (area code, exchange …),
    and numbers shared by two contacts (the world's planted duplicates) are still read."""
    fresh_sandbox.configure("five9", max_records=5)
    dump = fresh_sandbox.dump("five9", "contacts")
    assert len({c["number1"] for c in dump}) < len(dump), "the world plants contacts sharing a number"
    fresh_sandbox.clear_requests()
    records = contacts_only(run_tap(TAP, tap_config(fresh_sandbox, contact_records_limit=5), streams=["contacts"]))
    assert sorted(r["contact_id"] for r in records) == sorted(c["contactID"] for c in dump)
    operations = [o["operation"] for o in fresh_sandbox.dump("five9", "operations")]
    assert operations.count("getContactRecords") > 4 * len({c["last_list"] for c in dump})


def test_a_server_refusing_over_limit_lookups_is_split_the_same(fresh_sandbox):
    """The other reading of the limit: the lookup answered with TooManyItemsFault."""
    fresh_sandbox.configure("five9", max_records=20, over_limit_fault=True)
    records = contacts_only(run_tap(TAP, tap_config(fresh_sandbox, contact_records_limit=20), streams=["contacts"]))
    assert sorted(r["contact_id"] for r in records) == sorted(c["contactID"] for c in fresh_sandbox.dump("five9", "contacts"))


def test_a_limit_the_tap_does_not_know_loses_records_silently(fresh_sandbox):
    """Why the split exists: Five9 cuts the answer off without saying so."""
    fresh_sandbox.configure("five9", max_records=3)
    records = contacts_only(run_tap(TAP, tap_config(fresh_sandbox), streams=["contacts"]))
    assert len(records) == 3 * 3  # three non-empty lists, three records each
    assert "getListsInfo says" in run_tap(TAP, tap_config(fresh_sandbox), streams=["contacts"]).stderr


def test_more_records_on_one_number_than_a_call_returns_is_a_clear_error(fresh_sandbox):
    """Two contacts of one list on one number, and a limit of 2: no prefix can separate them."""
    fresh_sandbox.configure("five9", max_records=2)
    first, second = sorted(fresh_sandbox.dump("five9", "contacts"), key=lambda c: c["contactID"])[:2]
    fresh_sandbox.mutate("five9", {"action": "update", "object": "contacts", "ids": [second["contactID"]],
                                   "changes": {"number1": first["number1"], "last_list": first["last_list"]}})
    run = run_tap(TAP, tap_config(fresh_sandbox, contact_records_limit=2), streams=["contacts"])
    assert run.returncode != 0
    assert f"list '{first['last_list']}' holds 2 or more records with number1 = '{first['number1']}'" in run.stderr
