"""The digests of files that did not change, taken from their stat (docgen.core.digest_cache)."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from docgen.core.digest_cache import CACHE_NAME, DigestCache, settled
from docgen.core.digests import file_digest

WRONG = "0" * 64  # a digest no file here has: seen only if an entry is trusted


def _cache_with(cache_file: Path, path: Path, taken_ns: int, digest: str) -> DigestCache:
    """A cache whose entry for ``path`` has its current stat and ``digest``."""
    st = os.stat(path)
    stamp = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev]
    entry = {str(path.absolute()): [*stamp, taken_ns, digest]}
    cache_file.write_text(json.dumps({"version": 1, "files": entry}), "utf-8")
    return DigestCache(cache_file)


def test_a_digest_is_the_files_sha256_and_is_saved(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"service: ELP\n")
    cache = DigestCache(tmp_path / CACHE_NAME)
    assert cache.digest(path) == file_digest(path)
    cache.save()
    saved = json.loads((tmp_path / CACHE_NAME).read_text("utf-8"))
    assert saved["files"][str(path)][-1] == file_digest(path)


def test_an_entry_whose_stat_is_unchanged_and_settled_is_trusted(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"service: ELP\n")
    later = time.time_ns() + 10 * 10**9  # statted long after the file was last written
    cache = _cache_with(tmp_path / CACHE_NAME, path, later, WRONG)
    assert cache.digest(path) == WRONG  # the stat alone decided: the bytes were not read


def test_a_file_written_in_the_same_timestamp_as_the_stat_is_hashed_again(
    tmp_path: Path,
) -> None:
    # « Racy »: the stat was taken when the file had just been written; it may have been
    # written again since, with the same size, within the same timestamp.
    path = tmp_path / "a.yaml"
    path.write_bytes(b"service: ELP\n")
    st = os.stat(path)
    cache = _cache_with(tmp_path / CACHE_NAME, path, st.st_ctime_ns, WRONG)
    assert cache.digest(path) == file_digest(path)


def test_a_file_rewritten_with_the_same_size_and_mtime_is_hashed_again(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"service: ELP\n")
    before = os.stat(path)
    later = time.time_ns() + 10 * 10**9
    cache = _cache_with(tmp_path / CACHE_NAME, path, later, file_digest(path))
    path.write_bytes(b"service: ALA\n")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # its date put back
    assert os.stat(path).st_size == before.st_size
    assert os.stat(path).st_mtime_ns == before.st_mtime_ns
    assert cache.digest(path) == file_digest(path)  # its change time gave it away


def test_a_missing_file_has_no_digest_and_a_corrupt_cache_is_ignored(tmp_path: Path) -> None:
    (tmp_path / CACHE_NAME).write_text("{pas du JSON", "utf-8")
    cache = DigestCache(tmp_path / CACHE_NAME)
    assert cache.digest(tmp_path / "absent.yaml") == ""
    path = tmp_path / "a.yaml"
    path.write_bytes(b"x")
    assert cache.digest(path) == file_digest(path)


def test_coarse_timestamps_ask_for_a_wider_margin() -> None:
    second = 10**9
    fine = (1, 100 * second + 123_456_789, 100 * second + 123_456_789, 1, 1)
    coarse = (1, 100 * second, 100 * second, 1, 1)  # FAT, HFS+: whole seconds
    assert settled(fine, 101 * second)
    assert not settled(coarse, 101 * second)  # a write 1 s later could have the same time
    assert settled(coarse, 103 * second)
    assert not settled(fine, 100 * second + 150_000_000)
