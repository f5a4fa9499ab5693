"""Client-side rate limiting: a rolling window shared by every stream of one tap process."""

from __future__ import annotations

import collections
import threading
import time


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
