"""Merges that commit in the background, and STATE that waits for them.

When a batch is drained its COPY has completed; the merge into the target table and the
commit then run in a background thread while the next records are read and encoded (the
server works on one batch while Python prepares the next).  Per stream the merges commit
in order: each waits for the previous one and is abandoned (rolled back) if it failed.

A STATE message may only be passed on once every record before it is committed, so the
:class:`StateGate` holds each STATE until the commits in flight when it became due have
succeeded, and emits them in their original order.
"""

from __future__ import annotations

import sys
import threading
import typing as t


class CommitSkipped(Exception):
    """A merge not run because an earlier batch of the same stream failed."""


class Commit:
    """One batch's merge + commit, on its own connection, in a background thread."""

    def __init__(self, run: t.Callable[[], None], after: Commit | None, name: str) -> None:
        self._run = run
        self._after = after
        self.error: BaseException | None = None
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._main, name=f"commit-{name}", daemon=True)
        self._thread.start()

    def _main(self) -> None:
        try:
            if self._after is not None:
                self._after.wait()
                if self._after.error is not None:
                    raise CommitSkipped("an earlier batch of this stream failed")
            self._run()
        except BaseException as exc:  # noqa: BLE001 - reported by the owner thread
            self.error = exc
        finally:
            self._done.set()

    @property
    def done(self) -> bool:
        return self._done.is_set()

    def wait(self) -> None:
        self._done.wait()


class StateGate:
    """Emits STATE lines only after the commits they depend on have succeeded."""

    def __init__(self) -> None:
        self._commits: list[Commit] = []
        self._states: list[tuple[str, list[Commit]]] = []
        self._last: str | None = None

    def track(self, commit: Commit) -> None:
        self._commits.append(commit)

    def submit(self, line: str) -> None:
        """Queue a STATE line due now (every record before it is staged or committed)."""
        if line == self._last:
            return
        self._last = line
        pending = [c for c in self._commits if not c.done or c.error is not None]
        self._states.append((line, pending))
        self.poll()

    def poll(self, *, wait: bool = False) -> None:
        """Emit the STATE lines that became safe; raise the first failed commit's error."""
        if wait:
            for commit in self._commits:
                commit.wait()
        failed = next((c.error for c in self._commits if c.done and c.error is not None), None)
        if failed is not None:
            raise failed
        self._commits = [c for c in self._commits if not c.done]
        self._emit_ready()

    def _emit_ready(self) -> None:
        while self._states and all(c.done and c.error is None for c in self._states[0][1]):
            line, _ = self._states.pop(0)
            sys.stdout.write(line + "\n")
            sys.stdout.flush()

    def settle(self) -> None:
        """On failure: let batches already committing finish; emit the STATE they made safe
        (in order, up to the first that depends on a failed batch)."""
        for commit in self._commits:
            commit.wait()
        self._emit_ready()
