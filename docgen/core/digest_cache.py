"""The SHA-256 of files docgen hashed in an earlier run, trusted while the file provably
has not changed since: a build where nothing changed stats its files instead of reading
them (``.docgen/empreintes.json``).

A file's entry is its stat (size, modification and change times in nanoseconds, inode,
device), the time docgen took that stat, and the digest of the bytes read right after.
The digest is used again only when the file's stat is the same and both its times are
older than that moment by more than the file system's timestamp step (the « racy »
files of git): a file rewritten with the same size within the same timestamp, before or
after docgen read it, has a time that is not older, so it is hashed again. The change
time (``st_ctime``) is set by the system on every write, rename or ``touch``, whatever
the modification time is set back to. What is left is git's own limit: a network file
system whose server clock lags behind this machine's. On Windows, ``st_ctime`` is the
creation time, which a write leaves as it is: the cache is not used there.

The cache only saves work: an entry that does not match, a missing or unreadable file,
and the file is hashed as before.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
from pathlib import Path

from docgen.core.atomic import atomic_write_bytes
from docgen.core.digests import file_digest
from docgen.core.errors import ResourceError

CACHE_NAME = "empreintes.json"
_VERSION = 1
# How much older than the stat docgen took a file's times must be: a file system that
# keeps nanoseconds stamps from a clock that may lag by a tick (a few milliseconds)...
_FINE_MARGIN_NS = 100_000_000
# ... and one whose times are in whole hundredths of a second or coarser (FAT: 2 s,
# HFS+ and ext3: 1 s, exFAT: 10 ms).
_COARSE_MARGIN_NS = 2_500_000_000
_COARSE_STEP_NS = 10_000_000

Stamp = tuple[int, int, int, int, int]  # size, mtime_ns, ctime_ns, inode, device


def _stamp(stat: os.stat_result) -> Stamp:
    return (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, stat.st_dev)


def settled(stamp: Stamp, taken_ns: int) -> bool:
    """Whether a file with ``stamp``, statted at ``taken_ns``, could not have been written
    again within the same timestamps after that moment."""
    _, mtime, ctime, _, _ = stamp
    coarse = mtime % _COARSE_STEP_NS == 0 and ctime % _COARSE_STEP_NS == 0
    margin = _COARSE_MARGIN_NS if coarse else _FINE_MARGIN_NS
    return max(mtime, ctime) < taken_ns - margin


class DigestCache:
    """The digests of one run's files, from ``path`` (the cache file) when still true."""

    def __init__(self, path: Path | None) -> None:
        self.path = path if sys.platform != "win32" else None  # see the module's docstring
        self._entries: dict[str, list[object]] = _load(path) if path is not None else {}
        self._changed = False

    def digest(self, path: Path) -> str:
        """``file_digest(path)``: the SHA-256 of its bytes, "" when it cannot be read."""
        if self.path is None:
            return file_digest(path)  # nothing kept: nothing to trust, nothing to save
        key = os.fspath(path.absolute())
        taken_ns = time.time_ns()  # before the stat: the bytes read below are from then on
        try:
            stamp = _stamp(os.stat(key))
        except OSError:
            return ""
        entry = self._entries.get(key)
        if entry is not None and len(entry) == 7 and tuple(entry[:5]) == stamp:
            taken, digest = entry[5], entry[6]
            if isinstance(taken, int) and isinstance(digest, str) and settled(stamp, taken):
                return digest
        digest = file_digest(path)
        if digest:
            self._entries[key] = [*stamp, taken_ns, digest]
            self._changed = True
        return digest

    def save(self) -> None:
        """Write the cache if this run hashed anything, dropping the files that are gone;
        a cache that cannot be written is simply not (the next run hashes again)."""
        if self.path is None or not self._changed:
            return
        entries = {k: v for k, v in self._entries.items() if os.path.exists(k)}
        data = json.dumps({"version": _VERSION, "files": entries}, separators=(",", ":"))
        # Staged as .docgen-write-*.tmp, which the next writer sweeps if the machine stops.
        with contextlib.suppress(ResourceError, UnicodeEncodeError):
            atomic_write_bytes(self.path, data.encode("utf-8"))
        self._changed = False


def _load(path: Path) -> dict[str, list[object]]:
    try:
        content = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(content, dict) or content.get("version") != _VERSION:
        return {}
    files = content.get("files")
    return files if isinstance(files, dict) else {}
