"""Stream COPY data to PostgreSQL while the next records are still being encoded.

psycopg2's ``copy_expert`` pulls data from a file-like object until it reads ``b""``.  A
:class:`CopyFeeder` is that object: it runs ``copy_expert`` in a background thread and
hands it the chunks the loader ``write``s, through a small bounded queue.  The server
parses and stores rows while Python encodes the next ones, and memory stays bounded by
the queue (a few chunks), never by the batch.
"""

from __future__ import annotations

import queue
import threading
import typing as t

_QUEUE_DEPTH = 4
_EOF = b""


class CopyAborted(Exception):
    """Raised inside ``copy_expert`` so that the server abandons the COPY."""


class _Abort:
    pass


class CopyFeeder:
    """One ``COPY ... FROM STDIN`` in progress on ``cursor``'s connection."""

    def __init__(self, cursor: t.Any, sql: str, name: str) -> None:
        self._cursor = cursor
        self._sql = sql
        self._queue: queue.Queue[bytes | _Abort] = queue.Queue(_QUEUE_DEPTH)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name=f"copy-{name}", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._cursor.copy_expert(self._sql, self, size=1 << 16)
        except BaseException as exc:  # noqa: BLE001 - handed to the owning thread
            self._error = exc

    def read(self, size: int = -1) -> bytes:  # called by psycopg2 in the feeder thread
        chunk = self._queue.get()
        if isinstance(chunk, _Abort):
            raise CopyAborted("batch abandoned")
        return chunk

    readline = read

    def write(self, data: bytes) -> None:
        """Queue a chunk of COPY text; blocks while the server is behind."""
        while True:
            if self._error is not None:
                raise self._error
            try:
                self._queue.put(data, timeout=0.5)
                return
            except queue.Full:
                if not self._thread.is_alive():
                    raise self._error or RuntimeError("COPY feeder stopped") from None

    def finish(self) -> None:
        """End the COPY and wait for the server to have every row (raises its error)."""
        self.write(_EOF)
        self._thread.join()
        if self._error is not None:
            raise self._error

    def abort(self) -> None:
        """Make the server abandon the COPY; the caller then rolls back."""
        while self._thread.is_alive():
            try:
                while True:
                    self._queue.get_nowait()
            except queue.Empty:
                pass
            try:
                self._queue.put(_Abort(), timeout=0.5)
            except queue.Full:
                continue
            self._thread.join(timeout=10)
            break
