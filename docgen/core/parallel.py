"""Work spread over the cores: forked workers compute, the parent takes results in order.

The workers are forked from the parent once the first task is done in it, so they
inherit the run as it stands (the files read, the templates already prepared) instead
of receiving it pickled, and send back only the result of task ``i`` (a file's findings,
what it read, its rendered bytes). Results come back in task order, so the parent writes
files and reports findings in the same order whatever the number of workers: the output
is byte-identical to a one-process run (the renderer is deterministic, and nothing a
worker does depends on the others).

Memory stays bounded: tasks are handed out in windows of a few per worker, and each
result is written, then dropped, before the next window starts. Where ``fork`` does not
exist (Windows), with one job, or in a process that runs other threads (``docgen serve``,
a Python caller's threads), everything runs in this process.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from docgen.core.errors import DocgenError

T = TypeVar("T")
R = TypeVar("R")

WINDOW_PER_JOB = 32  # tasks in flight per worker: enough to keep it busy, few in memory


def default_jobs() -> int:
    return os.cpu_count() or 1


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


@dataclass(frozen=True)
class _Failure:
    """A docgen error raised in a worker, sent back as plain values (an exception with
    extra constructor arguments does not always survive pickling)."""

    message: str
    hint: str | None
    exit_code: int


@dataclass(frozen=True)
class _Work(Generic[T, R]):
    tasks: Sequence[T]
    render: Callable[[T], R]


_WORK: _Work[object, object] | None = None  # set in the parent just before forking


def _run(index: int) -> object:
    assert _WORK is not None
    try:
        return _WORK.render(_WORK.tasks[index])
    except DocgenError as error:
        return _Failure(error.message, error.hint, error.exit_code)
    except (MemoryError, RecursionError) as error:
        # Rendering bounds what a template may do (docgen.core.sandbox) and turns these
        # into findings; whatever is left must still not reach the parent as a traceback.
        what = "la mémoire" if isinstance(error, MemoryError) else "la profondeur d'appels"
        return _Failure(f"un document n'a pas pu être produit : {what} a manqué", None, 2)


def _raise(failure: _Failure) -> None:
    error = DocgenError(failure.message, failure.hint)
    error.exit_code = failure.exit_code
    raise error


def render_in_order(
    tasks: Sequence[T], render: Callable[[T], R], jobs: int
) -> Generator[R, None, None]:
    """``render(task)`` for each task, in order, computed by up to ``jobs`` processes."""
    if not tasks:
        return
    if jobs <= 1 or len(tasks) == 1 or not can_fork() or threading.active_count() > 1:
        # A process with other threads is never forked: the child would inherit the locks
        # those threads hold at that instant (the server's, the import system's) and wait
        # on them forever; ``docgen serve`` hung so on a page that checks the repository.
        for task in tasks:
            yield render(task)
        return
    # The first task is rendered here: its templates are then prepared once, before the
    # fork, and every worker inherits them.
    yield render(tasks[0])
    global _WORK
    _WORK = _Work(tasks, render)  # type: ignore[arg-type]
    # What the workers inherit is left out of their garbage collections: a collection of
    # the oldest generation would otherwise walk the whole run (every file read, every
    # template prepared) in each worker, and copy each page it touches.
    gc.freeze()
    try:
        context = multiprocessing.get_context("fork")
        workers = min(jobs, len(tasks) - 1)
        window = WINDOW_PER_JOB * workers
        with context.Pool(workers) as pool:
            for start in range(1, len(tasks), window):
                indexes = range(start, min(len(tasks), start + window))
                for result in pool.imap(_run, indexes, chunksize=4):
                    if isinstance(result, _Failure):
                        _raise(result)
                    yield result  # type: ignore[misc]
    finally:
        _WORK = None
        gc.unfreeze()
