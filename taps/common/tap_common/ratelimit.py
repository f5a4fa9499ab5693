"""Client-side rate limiting: rolling windows shared by the streams of one tap process."""

from __future__ import annotations

import collections
import re
import threading
import time
from dataclasses import dataclass


class RollingWindow:
    """At most ``requests`` calls in any ``seconds``-long window (mirrors vendors' rolling limits)."""

    _shared: dict[tuple[str, int, float], RollingWindow] = {}
    _shared_lock = threading.Lock()

    def __init__(self, requests: int, seconds: float) -> None:
        self.requests, self.seconds = requests, seconds
        self._calls: collections.deque[float] = collections.deque()
        self._lock = threading.Lock()

    @classmethod
    def shared(cls, bucket: str, requests: int, seconds: float) -> RollingWindow:
        """One window per bucket name and limit, so all streams of a process draw from it."""
        key = (bucket, requests, seconds)
        with cls._shared_lock:
            if key not in cls._shared:
                cls._shared[key] = cls(requests, seconds)
            return cls._shared[key]

    def wait(self) -> float:
        """Block until one more call fits in the window; return the seconds slept."""
        slept = 0.0
        with self._lock:
            while True:
                now = time.monotonic()
                while self._calls and self._calls[0] <= now - self.seconds:
                    self._calls.popleft()
                if len(self._calls) < self.requests:
                    self._calls.append(now)
                    return slept
                pause = self._calls[0] + self.seconds - now + 0.001
                time.sleep(pause)
                slept += pause


@dataclass(frozen=True)
class RateLimit:
    """A declared limit: at most ``requests`` in any ``seconds``, per ``bucket``.

    ``bucket=None`` shares the window among every stream of the tap (a vendor-wide limit); give
    a stream its own bucket name for a per-endpoint limit.  ``match`` (a regex over
    ``"METHOD /path"``) applies the window to some requests only, e.g. ``r"^POST .*/search$"``.
    """

    requests: int
    seconds: float
    bucket: str | None = None
    match: str | None = None

    def window(self, tap_name: str) -> RollingWindow:
        return RollingWindow.shared(self.bucket or tap_name, self.requests, self.seconds)

    def applies(self, method: str, path: str) -> bool:
        return self.match is None or re.search(self.match, f"{method} {path}") is not None
