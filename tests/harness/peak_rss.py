"""Run a command and write its peak RSS (MB) to a file: ``peak_rss.py OUT cmd...``.

Why a launcher: Linux carries ``ru_maxrss`` across fork and exec, so a process forked from a
large pytest process reports pytest's size as its own peak.  Forking the measured command
from this small launcher instead makes ``RUSAGE_CHILDREN`` the command's own figure.
stdin, stdout and stderr pass straight through; the exit code is the command's.
"""

import resource
import subprocess
import sys
from pathlib import Path

LAUNCHER = __file__


def main() -> int:
    out, cmd = Path(sys.argv[1]), sys.argv[2:]
    code = subprocess.call(cmd)
    out.write_text(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024))
    return code


if __name__ == "__main__":
    raise SystemExit(main())
