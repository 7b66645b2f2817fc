"""What a run reads, recorded for each thing it computes (as Sphinx's build environment
records each document's dependencies): the incremental build's inputs.

An incremental build must know every file the check of a source read, so that it can
tell later, by hashing those files alone, that nothing changed. The run's ``Recorder``
keeps a stack of frames, one per thing being computed (a file's check, a memo, a plan);
each read is noted in every open frame, under a key naming what was read, its value what
was seen:

  file:<path>      the SHA-256 of the bytes read (a contract, a departement.yaml)
  exists:<path>    "1" or "0": a file looked for (a departement.yaml above, a template)
  list:<folder>    the SHA-256 of the YAML files found under a folder
  named:<folder>/**/<name>  the same, of the YAML files under a folder that lie in a
                   folder called <name> (a kind claimed by its folder: deliberations)
  template:<path>  the SHA-256 of a template a document is filled from
  lint:<path>      a template whose findings this source reports

A file that cites another (a deliberation, its conventions) depends on the cited file's
data, not on the templates the cited file's own documents are filled from: ``template:``
and ``lint:`` reads are noted in the innermost frame only, so that a template change
rebuilds the documents that use it and nothing else.

The recorder belongs to one run (its ``Workspace``): two runs, in two threads of the web
workspace or one after the other in a process, never mix what they read.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager

# Reads that belong to the innermost frame only (see the module doc).
OWN = ("template:", "lint:")


class Recorder:
    """The open frames of one run, innermost last."""

    def __init__(self) -> None:
        self._frames: list[dict[str, str]] = []

    @property
    def active(self) -> bool:
        """Whether anything is being recorded (a read costs nothing more otherwise)."""
        return bool(self._frames)

    def note(self, key: str, value: str) -> None:
        if key.startswith(OWN):
            if self._frames:
                self._frames[-1][key] = value
            return
        for frame in self._frames:
            frame[key] = value

    def inherit(self, inputs: Mapping[str, str]) -> None:
        """What a cached computation read of files is read again by whoever asks for it
        (its own templates are not: they are its own)."""
        if not self._frames:
            return
        shared = {k: v for k, v in inputs.items() if not k.startswith(OWN)}
        for frame in self._frames:
            frame.update(shared)

    def adopt(self, inputs: Mapping[str, str]) -> None:
        """What a computation made for the innermost frame's own source read (its plan),
        noted as if read now: its templates included."""
        for key, value in inputs.items():
            self.note(key, value)

    @contextmanager
    def recording(self) -> Iterator[dict[str, str]]:
        """Collect, in the frame yielded, what is read until the block ends."""
        frame: dict[str, str] = {}
        self._frames.append(frame)
        try:
            yield frame
        finally:
            # By identity: two frames that read the same files are equal dicts.
            del self._frames[next(i for i, f in enumerate(self._frames) if f is frame)]
