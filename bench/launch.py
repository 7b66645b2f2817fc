"""``python -S bench/launch.py REPORT COMMAND…``: run COMMAND, then write its wall time and
its own peak resident memory to the file REPORT (JSON); exit with its exit code.

The bench starts each measured command through this small process rather than forking it
itself: Linux keeps a process's peak resident memory across ``exec``, so a command forked
by the bench, whose own memory has grown by then to a hundred megabytes or more with its
in-process measures, reported at least the bench's peak as its own. Forked from here, it
starts from about ten megabytes. Standard library only, imported before the clock starts.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path


def main() -> int:
    report, *command = sys.argv[1:]
    start = time.perf_counter()
    process = subprocess.Popen(command)
    # The rusage of that one child, with the children it waited for (LibreOffice, workers).
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    measured = {"seconds": seconds, "peak_kb": usage.ru_maxrss}
    Path(report).write_text(json.dumps(measured), "utf-8")
    code = os.waitstatus_to_exitcode(status)
    return code if code >= 0 else 128 - code


if __name__ == "__main__":
    sys.exit(main())
