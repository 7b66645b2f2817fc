"""Kill docgen with SIGKILL at a named step of the journal, to test what recovers it.

    DOCGEN_CRASH_AT=rename:2 python -m docgen.testing.crash build contracts/

runs ``docgen build contracts/`` and kills it the second time a file is renamed over its
target (the steps are those ``docgen.core.journal._step`` names: ``journal``, ``stage``,
``rename``, ``cleanup``, ``recover``). ``DOCGEN_CRASH_AT=log:<file>`` appends each step
reached to that file instead (how scripts/crash.py learns how many a command has). A
child that runs Python code of its own calls ``install_from_environment()`` first.

Only this module reads ``DOCGEN_CRASH_AT``: docgen itself knows nothing of it.
"""

from __future__ import annotations

import os
import signal

from docgen.core import journal

VARIABLE = "DOCGEN_CRASH_AT"


def install(spec: str) -> None:
    """Kill this process at the n-th step ``point`` (``spec`` is ``point:n``), or log each
    step to a file (``log:<file>``)."""
    point, _, count = spec.partition(":")
    reached: dict[str, int] = {}

    def step(name: str) -> None:
        if point == "log":
            with open(count, "a", encoding="utf-8") as log:
                log.write(name + "\n")
            return
        if name != point:
            return
        reached[name] = reached.get(name, 0) + 1
        if str(reached[name]) == count:
            os.kill(os.getpid(), signal.SIGKILL)

    journal._step = step


def install_from_environment() -> None:
    spec = os.environ.get(VARIABLE)
    if spec:
        install(spec)


if __name__ == "__main__":
    install_from_environment()
    from docgen.cli import main

    main(prog_name="docgen")
