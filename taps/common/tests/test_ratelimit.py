"""The rolling window never admits more than ``requests`` calls in any ``seconds`` span."""

from __future__ import annotations

import time

from hypothesis import given, settings
from hypothesis import strategies as st

from tap_common import RollingWindow


@settings(max_examples=15, deadline=None)
@given(requests=st.integers(1, 4), calls=st.integers(1, 9))
def test_window_is_never_exceeded(requests, calls):
    window, stamps = RollingWindow(requests, 0.05), []
    for _ in range(calls):
        window.wait()
        stamps.append(time.monotonic())
    for i in range(len(stamps) - requests):
        assert stamps[i + requests] - stamps[i] >= 0.05 - 1e-3


def test_shared_windows_are_per_bucket():
    assert RollingWindow.shared("a", 1, 1.0) is RollingWindow.shared("a", 1, 1.0)
    assert RollingWindow.shared("a", 1, 1.0) is not RollingWindow.shared("b", 1, 1.0)
