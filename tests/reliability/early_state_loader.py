#!/usr/bin/env python3
"""A deliberately wrong loader for the suite's self-test: it passes every STATE on at once
and commits nothing.  The crash suite's STATE check must flag it (see test_crash_safety)."""

import json
import sys

for line in sys.stdin:
    try:
        message = json.loads(line)
    except ValueError:
        continue
    if message.get("type") == "STATE":
        print(json.dumps(message["value"]), flush=True)
