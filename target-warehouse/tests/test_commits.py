"""StateGate: a STATE is written only after the commits it depends on have succeeded."""

from __future__ import annotations

import threading

import pytest

from target_warehouse.commits import Commit, CommitSkipped, StateGate


def _commit(gate: StateGate, after: Commit | None = None, *, fail: bool = False):
    release = threading.Event()

    def run() -> None:
        release.wait(10)
        if fail:
            raise RuntimeError("merge failed")

    commit = Commit(run, after, "test")
    gate.track(commit)
    return commit, release


def test_state_waits_for_its_commits_and_keeps_order(capsys):
    gate = StateGate()
    first, release_first = _commit(gate)
    gate.submit('{"n": 1}')
    second, release_second = _commit(gate)
    gate.submit('{"n": 2}')
    assert capsys.readouterr().out == ""
    release_second.set()
    second.wait()
    gate.poll()
    assert capsys.readouterr().out == ""  # n=2 may not overtake n=1
    release_first.set()
    gate.poll(wait=True)
    assert capsys.readouterr().out == '{"n": 1}\n{"n": 2}\n'


def test_a_failed_commit_blocks_its_state_and_later_ones(capsys):
    gate = StateGate()
    ok, release_ok = _commit(gate)
    gate.submit('{"n": 1}')
    bad, release_bad = _commit(gate, fail=True)
    later, release_later = _commit(gate, after=bad)  # same stream, after the failure
    gate.submit('{"n": 2}')
    release_ok.set()
    release_bad.set()
    release_later.set()
    with pytest.raises(RuntimeError, match="merge failed"):
        gate.poll(wait=True)
    assert isinstance(later.error, CommitSkipped)
    gate.settle()
    assert capsys.readouterr().out == '{"n": 1}\n'
    with pytest.raises(RuntimeError):  # a STATE after a failure is never written either
        gate.submit('{"n": 3}')
    gate.settle()
    assert capsys.readouterr().out == ""


def test_duplicate_states_are_written_once(capsys):
    gate = StateGate()
    gate.submit('{"n": 1}')
    gate.submit('{"n": 1}')
    assert capsys.readouterr().out == '{"n": 1}\n'
