"""Chaos helpers for the reliability suite: a tap → target pipeline that can be killed.

``run_chaos`` runs the real executables the way Meltano does (tap stdout → target stdin,
target stdout = STATE lines), with this process relaying the tap's lines to the target so a
kill point is an exact position in the message stream:

* ``Kill("target", line=n)`` — ``kill -9`` the target once ``n`` tap lines were relayed
  (``n`` past the end: after end of input, ``delay`` seconds into the final commits);
* ``Kill("tap", line=n, cut=f)`` — the tap dies writing line ``n``: only the first ``f`` of
  that line reaches the target (a partly flushed buffer), then ``kill -9`` and end of input;
* ``Kill("warehouse", line=n)`` — call ``restart`` (a PostgreSQL restart) in the background
  at line ``n`` while the relay goes on.

Every STATE the target emits can be checked *at the moment it is emitted*: the target is
stopped (SIGSTOP) while ``on_state`` looks at the warehouse, then continued, so a bookmark
ahead of the committed rows cannot hide behind a commit that lands a moment later.

Peak RSS of both processes comes from ``wait4`` (exact, not sampled).
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import typing as t
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

BIN = Path(sys.executable).parent
CLEAR_FAILURE = "target-warehouse failed:"
TRACEBACK = "Traceback (most recent call last)"


def full_mode() -> bool:
    """``RELIABILITY_FULL=1`` (``make reliability``): every kill point, case and row."""
    return os.environ.get("RELIABILITY_FULL", "").lower() in ("1", "true", "yes")


def write_json(directory: Path | str, name: str, data: t.Any) -> str:
    path = Path(directory) / name
    path.write_text(json.dumps(data))
    return str(path)


@dataclass(frozen=True)
class Kill:
    victim: str  # "tap" | "target" | "warehouse"
    line: int  # relay this many tap lines first (>= total lines: after end of input)
    cut: float = 0.0  # tap only: share of the next line written before the tap dies
    delay: float = 0.0  # after end of input: seconds before the target is killed

    def __str__(self) -> str:
        extra = f", cut {self.cut:.2f}" if self.victim == "tap" else ""
        extra += f", +{self.delay:.2f}s" if self.delay else ""
        return f"kill {self.victim} at line {self.line}{extra}"


def kill_points(victim: str, total_lines: int, count: int, seed: int) -> list[Kill]:
    """``count`` seeded kill points spread over the whole run (and a few after its input)."""
    rng = random.Random(f"{seed}:{victim}")
    points = []
    for i in range(count):
        # Stratified: one point per slice of the run, so a small count still covers it all.
        lo, hi = i / count, (i + 1) / count
        share = rng.uniform(lo, hi) * 1.08  # the last ~8% lands after end of input
        line = max(1, int(share * total_lines))
        cut = rng.choice([0.0, rng.uniform(0.05, 0.95)]) if victim == "tap" else 0.0
        delay = rng.uniform(0.0, 0.6) if line >= total_lines and victim == "target" else 0.0
        points.append(Kill(victim, line, round(cut, 2), round(delay, 2)))
    return points


@dataclass
class Outcome:
    tap_rc: int | None
    target_rc: int | None
    tap_stderr: str
    target_stderr: str
    states: list[dict] = field(default_factory=list)
    lines: int = 0  # tap lines relayed to the target
    killed: str | None = None  # what the kill point did, if it fired
    peak_rss_mb: dict[str, float] = field(default_factory=dict)
    seconds: float = 0.0
    state_errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.tap_rc == 0 and self.target_rc == 0

    @property
    def last_state(self) -> dict | None:
        return self.states[-1] if self.states else None

    def clear_failure(self) -> str | None:
        """None when the target finished, or failed with one clear line; else what is wrong."""
        if self.target_rc == 0 or self.killed == "target":
            return None
        if TRACEBACK in self.target_stderr:
            return "target failed with a bare traceback:\n" + self.target_stderr[-2500:]
        if CLEAR_FAILURE not in self.target_stderr:
            return (f"target exited {self.target_rc} without a '{CLEAR_FAILURE}' message:\n"
                    + self.target_stderr[-2500:])
        return None

    def failure_line(self) -> str:
        lines = [ln for ln in self.target_stderr.splitlines() if CLEAR_FAILURE in ln]
        return lines[-1].split(CLEAR_FAILURE, 1)[1].strip() if lines else ""

    def describe(self) -> str:
        return (f"tap exit {self.tap_rc}, target exit {self.target_rc}, {self.lines} lines relayed, "
                f"{len(self.states)} STATE, killed={self.killed}\n--- tap stderr ---\n"
                f"{self.tap_stderr[-1500:]}\n--- target stderr ---\n{self.target_stderr[-2500:]}")


def _wait(proc: subprocess.Popen, deadline: float) -> tuple[int, float]:
    """Reap ``proc`` with wait4: (exit code, peak RSS in MB)."""
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            proc.returncode = os.waitstatus_to_exitcode(status)
            return proc.returncode, usage.ru_maxrss / 1024
        if time.monotonic() > deadline:
            proc.kill()
            deadline = float("inf")
        time.sleep(0.02)


def _alive(proc: subprocess.Popen) -> bool:
    """Not exited yet — without reaping it (``poll()`` would, and wait4 could not follow)."""
    return os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is None


def _signal(proc: subprocess.Popen, sig: int) -> None:
    with suppress(ProcessLookupError):
        os.kill(proc.pid, sig)


def run_chaos(tap_args: list[str], target_config: dict, *, kill: Kill | None = None,
              on_state: t.Callable[[dict], str | None] | None = None,
              restart: t.Callable[[], None] | None = None, timeout: float = 600,
              env: dict[str, str] | None = None, target: str = "target-warehouse",
              tee: Path | None = None) -> Outcome:
    """Run ``tap_args | target-warehouse`` (relayed); see the module docstring.

    ``on_state(value)`` returns None when the STATE is consistent with the warehouse, else a
    description of what is wrong (collected in ``Outcome.state_errors``).  ``tee``: a file that
    receives a copy of everything relayed (the tap's stdout).  ``target``: the loader's
    executable name in the venv, or a path.
    """
    started = time.monotonic()
    deadline = started + timeout
    with tempfile.TemporaryDirectory(prefix="chaos-") as tmpdir:
        tmp = Path(tmpdir)
        target_args = [target if "/" in target else str(BIN / target), "--config", write_json(tmp, "target.json", target_config)]
        tap_err, target_err = open(tmp / "tap.err", "wb"), open(tmp / "target.err", "wb")  # noqa: SIM115
        tap = subprocess.Popen(tap_args, stdout=subprocess.PIPE, stderr=tap_err, env=env)
        tgt = subprocess.Popen(target_args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=target_err, env=env)
        outcome = Outcome(None, None, "", "")
        target_dead = threading.Event()

        def read_states() -> None:
            for raw in tgt.stdout:
                if not raw.strip():
                    continue
                try:
                    value = json.loads(raw)
                except ValueError:
                    outcome.state_errors.append(f"target wrote a non-JSON line: {raw[:200]!r}")
                    continue
                outcome.states.append(value)
                if on_state is None or target_dead.is_set():
                    continue
                _signal(tgt, signal.SIGSTOP)  # freeze its commit threads while we look
                try:
                    if problem := on_state(value):
                        outcome.state_errors.append(problem)
                finally:
                    _signal(tgt, signal.SIGCONT)

        reader = threading.Thread(target=read_states, name="chaos-states", daemon=True)
        reader.start()
        restarter: threading.Thread | None = None
        tap_finished = False
        copy = open(tee, "wb") if tee is not None else None  # noqa: SIM115
        try:
            for raw in iter(tap.stdout.readline, b""):
                if kill is not None and outcome.lines + 1 == kill.line and outcome.killed is None:
                    if kill.victim == "tap":
                        keep = int(len(raw) * kill.cut)
                        if keep:
                            tgt.stdin.write(raw[:keep])
                        _signal(tap, signal.SIGKILL)
                        outcome.killed = "tap"
                        break
                    if kill.victim == "target":
                        target_dead.set()
                        _signal(tgt, signal.SIGKILL)
                        outcome.killed = "target"
                        break
                    if kill.victim == "warehouse" and restart is not None:
                        restarter = threading.Thread(target=restart, name="chaos-restart")
                        restarter.start()
                        outcome.killed = "warehouse"
                tgt.stdin.write(raw)
                outcome.lines += 1
                if copy is not None:
                    copy.write(raw)
            else:
                tap_finished = True
        except BrokenPipeError:
            pass  # the target died
        finally:
            with suppress(BrokenPipeError, OSError):
                tgt.stdin.close()
            if copy is not None:
                copy.close()
        if kill is not None and kill.victim == "target" and outcome.killed is None:
            time.sleep(kill.delay)  # end of input reached: kill during the final commits
            if _alive(tgt):
                target_dead.set()
                _signal(tgt, signal.SIGKILL)
                outcome.killed = "target"
        if not tap_finished:
            _signal(tap, signal.SIGKILL)  # as Meltano does when its loader is gone
        outcome.target_rc, target_rss = _wait(tgt, deadline)
        tap.stdout.close()
        outcome.tap_rc, tap_rss = _wait(tap, deadline)
        reader.join(timeout=30)
        if restarter is not None:
            restarter.join(timeout=120)
        tap_err.close()
        target_err.close()
        outcome.tap_stderr = (tmp / "tap.err").read_text(errors="replace")
        outcome.target_stderr = (tmp / "target.err").read_text(errors="replace")
        outcome.peak_rss_mb = {"tap": round(tap_rss, 1), "target": round(target_rss, 1)}
        outcome.seconds = time.monotonic() - started
        return outcome


def tap_command(executable: str, config: dict, directory: Path | str, *, state: dict | None = None,
                catalog: dict | None = None) -> list[str]:
    """The tap's argv with its files written into ``directory``."""
    args = [str(BIN / executable), "--config", write_json(directory, "tap-config.json", config)]
    if state:
        args += ["--state", write_json(directory, "tap-state.json", state)]
    if catalog:
        args += ["--catalog", write_json(directory, "tap-catalog.json", catalog)]
    return args


# -- watching process trees (Meltano and its plugins) -------------------------------------

def _argv(pid_dir: Path) -> list[bytes]:
    return (pid_dir / "cmdline").read_bytes().split(b"\0")


def process_name(argv: list[bytes]) -> str:
    """``meltano``, ``tap-genius``, ``target-warehouse``… for a Python console script."""
    for arg in argv[:2]:
        name = os.path.basename(arg.decode(errors="replace"))
        if name and not name.startswith("python"):
            return name
    return os.path.basename(argv[0].decode(errors="replace"))


class ProcessWatcher(threading.Thread):
    """Samples every process whose environment holds ``marker`` (e.g. a Meltano sys dir):
    peak RSS (``VmHWM``, the kernel's high-water mark) per process, and how many processes
    named ``count_name`` were alive at once."""

    def __init__(self, marker: str, count_name: str = "target-warehouse", interval: float = 0.1) -> None:
        super().__init__(daemon=True, name="process-watcher")
        self.marker, self.count_name, self.interval = marker.encode(), count_name, interval
        self.peak_mb: dict[str, float] = {}  # "name (pid)" → MB
        self.most_at_once = 0
        self._halt = threading.Event()

    def sample(self) -> None:
        alive = 0
        for proc in Path("/proc").iterdir():
            if not proc.name.isdigit():
                continue
            try:
                if self.marker not in (proc / "environ").read_bytes():
                    continue
                argv = _argv(proc)
                status = (proc / "status").read_text()
            except OSError:
                continue
            name = process_name(argv)
            if name in ("bash", "sh", "run.sh"):
                continue
            if name == self.count_name and b"--config" in argv:
                alive += 1
            if match := re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE):
                key = f"{name} ({proc.name})"
                self.peak_mb[key] = max(self.peak_mb.get(key, 0.0), int(match.group(1)) / 1024)
        self.most_at_once = max(self.most_at_once, alive)

    def run(self) -> None:
        while not self._halt.is_set():
            self.sample()
            time.sleep(self.interval)

    def stop(self) -> None:
        self._halt.set()
        self.join(timeout=30)

    def peak_by_name(self) -> dict[str, float]:
        result: dict[str, float] = {}
        for key, mb in self.peak_mb.items():
            name = key.rsplit(" (", 1)[0]
            result[name] = round(max(result.get(name, 0.0), mb), 1)
        return result
