"""Run a tap into target-warehouse the way Meltano does: two processes and a pipe.

Tests use this instead of calling plugin code in-process, so they exercise the real
executables, their CLI, stdout/stderr separation and exit codes.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

BIN = Path(sys.executable).parent


class PipelineError(RuntimeError):
    def __init__(self, message: str, tap_stderr: str, target_stderr: str, state: dict | None):
        super().__init__(message)
        self.tap_stderr, self.target_stderr, self.state = tap_stderr, target_stderr, state


def _write(tmp: Path, name: str, data: dict) -> str:
    path = tmp / name
    path.write_text(json.dumps(data))
    return str(path)


def run_pipeline(tap_cmd: list[str] | str, tap_config: dict, warehouse_dsn: str, schema: str,
                 state: dict | None = None, catalog: dict | None = None,
                 target_config: dict | None = None, timeout: float = 600) -> dict | None:
    """Run ``tap | target-warehouse``; return the last state the target emitted.

    Raises ``PipelineError`` (carrying both stderrs and the last committed state) when
    either process fails.
    """
    if isinstance(tap_cmd, str):
        tap_cmd = [tap_cmd]
    executable = tap_cmd[0] if "/" in tap_cmd[0] else str(BIN / tap_cmd[0])
    with tempfile.TemporaryDirectory(prefix="pipeline-") as tmpdir:
        tmp = Path(tmpdir)
        args = [executable, *tap_cmd[1:], "--config", _write(tmp, "tap.json", tap_config)]
        if state:
            args += ["--state", _write(tmp, "state.json", state)]
        if catalog:
            args += ["--catalog", _write(tmp, "catalog.json", catalog)]
        tconf = {"sqlalchemy_url": warehouse_dsn, "default_target_schema": schema,
                 **(target_config or {})}
        target_args = [str(BIN / "target-warehouse"), "--config", _write(tmp, "target.json", tconf)]
        tap_err, target_err = tmp / "tap.err", tmp / "target.err"
        with open(tap_err, "w") as te, open(target_err, "w") as ge:
            tap = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=te)
            target = subprocess.Popen(target_args, stdin=tap.stdout, stdout=subprocess.PIPE, stderr=ge)
            tap.stdout.close()  # the target owns the read end now; SIGPIPE reaches the tap
            out, _ = target.communicate(timeout=timeout)
            tap.wait(timeout=timeout)
        last_state = None
        for line in out.decode().splitlines():
            if line.strip():
                last_state = json.loads(line)
        if tap.returncode or target.returncode:
            raise PipelineError(
                f"pipeline failed: tap exit {tap.returncode}, target exit {target.returncode}\n"
                f"--- tap stderr (tail) ---\n{tap_err.read_text()[-3000:]}\n"
                f"--- target stderr (tail) ---\n{target_err.read_text()[-3000:]}",
                tap_err.read_text(), target_err.read_text(), last_state)
        return last_state
