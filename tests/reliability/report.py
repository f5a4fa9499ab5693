"""The reliability report: every scenario's outcome, printed as one table at the end.

Tests record scenarios through the ``ledger`` fixture::

    with ledger.scenario("crash: kill -9 target", "point 07") as s:
        ...                       # raise (assert) = failed
        s.lost, s.duplicated = diff.lost, diff.duplicated

A scenario passes when its block finishes without an exception.  ``pytest_terminal_summary``
(imported by this folder's conftest) prints the fault matrices, the property-based case
counts and then ONE summary table: scenarios tried, passed, rows lost, rows duplicated.
``RELIABILITY_REPORT_JSON=<path>`` also writes the figures as JSON.
"""

from __future__ import annotations

import json
import os
import time
import typing as t
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field


@dataclass
class Scenario:
    concern: str
    name: str
    passed: bool = False
    lost: int = 0
    duplicated: int = 0
    seconds: float = 0.0
    note: str = ""


@dataclass
class Ledger:
    scenarios: list[Scenario] = field(default_factory=list)
    matrices: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)  # title → row → col → cell
    counters: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @contextmanager
    def scenario(self, concern: str, name: str) -> t.Iterator[Scenario]:
        record = Scenario(concern, name)
        started = time.monotonic()
        try:
            yield record
            record.passed = True
        finally:
            record.seconds = time.monotonic() - started
            self.scenarios.append(record)

    def cell(self, matrix: str, row: str, column: str, value: str) -> None:
        self.matrices.setdefault(matrix, {}).setdefault(row, {})[column] = value

    def count(self, name: str, n: int = 1) -> None:
        self.counters[name] = self.counters.get(name, 0) + n


LEDGER = Ledger()


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
    line = "+" + "+".join("-" * (w + 2) for w in widths) + "+"
    out = [line, "| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths)) + " |", line]
    for row in rows:
        out.append("| " + " | ".join(c.ljust(w) if i == 0 else c.rjust(w) if c.replace(",", "").isdigit()
                                     else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths))) + " |")
    out.append(line)
    return out


def render(ledger: Ledger, mode: str) -> list[str]:
    lines: list[str] = []
    for title, matrix in ledger.matrices.items():
        columns = sorted({c for row in matrix.values() for c in row})
        lines += ["", title]
        lines += _table(["fault", *columns], [[r, *(matrix[r].get(c, "-") for c in columns)] for r in matrix])
    for name, value in sorted(ledger.counters.items()):
        lines.append(f"{name}: {value:,}")
    lines += ledger.notes
    concerns: dict[str, list[Scenario]] = {}
    for s in ledger.scenarios:
        concerns.setdefault(s.concern, []).append(s)
    rows = []
    for concern, items in concerns.items():
        rows.append([concern, f"{len(items):,}", f"{sum(s.passed for s in items):,}",
                     f"{sum(s.lost for s in items):,}", f"{sum(s.duplicated for s in items):,}",
                     f"{sum(s.seconds for s in items):.0f}s"])
    everything = ledger.scenarios
    rows.append(["TOTAL", f"{len(everything):,}", f"{sum(s.passed for s in everything):,}",
                 f"{sum(s.lost for s in everything):,}", f"{sum(s.duplicated for s in everything):,}",
                 f"{sum(s.seconds for s in everything):.0f}s"])
    lines += ["", f"Reliability summary ({mode} mode)"]
    lines += _table(["concern", "tried", "passed", "rows lost", "rows duplicated", "time"], rows)
    failed = [s for s in everything if not s.passed]
    for s in failed[:20]:
        lines.append(f"FAILED  {s.concern} / {s.name}" + (f": {s.note}" if s.note else ""))
    return lines


def pytest_terminal_summary(terminalreporter: t.Any) -> None:
    if not LEDGER.scenarios and not LEDGER.matrices:
        return
    from tests.harness.chaos import full_mode

    mode = "full" if full_mode() else "reduced"
    terminalreporter.section("reliability report")
    for line in render(LEDGER, mode):
        terminalreporter.write_line(line)
    if path := os.environ.get("RELIABILITY_REPORT_JSON"):
        with open(path, "w") as fh:
            json.dump({"mode": mode, "scenarios": [asdict(s) for s in LEDGER.scenarios],
                       "matrices": LEDGER.matrices, "counters": LEDGER.counters}, fh, indent=1)
