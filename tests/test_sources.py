"""The sources of a run: each folder listed once (docgen.core.sources)."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from docgen.core.errors import UsageError
from docgen.core.recorder import Recorder
from docgen.core.sources import Sources, yaml_files


def _tree(root: Path) -> None:
    for name in (
        "nord/departement.yaml",
        "nord/a.yaml",
        "nord/deliberations/2024-1.yaml",
        "nord/.cache/b.yaml",
        "nord/build/c.yaml",
        "somme/d.yml",
        "somme/notes.txt",
    ):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x: 1\n", "utf-8")


def test_a_folder_below_one_listed_is_not_listed_again(tmp_path: Path) -> None:
    _tree(tmp_path / "contracts")
    sources = Sources(Recorder())
    sources.yaml_files(tmp_path / "contracts")
    for below in ("nord", "nord/deliberations", "somme"):
        folder = tmp_path / "contracts" / below
        assert sources._within_listed(folder) == yaml_files(folder)
        assert sources.yaml_files(folder) == yaml_files(folder)


def test_a_folder_the_listing_above_leaves_out_is_listed_itself(tmp_path: Path) -> None:
    _tree(tmp_path / "contracts")
    (tmp_path / "ailleurs").mkdir()
    (tmp_path / "ailleurs" / "e.yaml").write_text("x: 1\n", "utf-8")
    (tmp_path / "contracts" / "lien").symlink_to(tmp_path / "ailleurs")
    sources = Sources(Recorder())
    sources.yaml_files(tmp_path / "contracts")
    for below in ("nord/.cache", "nord/build", "lien"):
        folder = tmp_path / "contracts" / below
        assert sources._within_listed(folder) is None  # hidden, build/, a link: not above
        assert sources.yaml_files(folder) == yaml_files(folder) != []


def test_a_file_that_may_not_be_read_is_said_in_french(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path / "contracts")
    locked = tmp_path / "contracts" / "nord" / "a.yaml"
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == locked.name:  # chmod 000 does not stop root, who may run the tests
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    with pytest.raises(UsageError) as raised:
        Sources(Recorder()).raw(locked)
    assert raised.value.exit_code == 2
    assert raised.value.message.endswith("a.yaml : lecture impossible (permission refusée)")
    assert raised.value.hint == (
        "donnez le droit de lire ce fichier à l'utilisateur qui lance docgen, puis relancez"
    )


def test_a_yaml_file_is_read_whatever_the_case_of_its_extension(tmp_path: Path) -> None:
    # Measured: contracts/nord/calpae.YAML (an editor's choice on Windows) was skipped
    # without a word, and a CI pointed at contracts/ went green.
    for name in ("a.yaml", "b.YAML", "c.Yml", "d.yml", "e.yamlx", "f.txt", "g.xml"):
        (tmp_path / name).write_text("nom: x\n", "utf-8")
    assert [p.name for p in yaml_files(tmp_path)] == ["a.yaml", "b.YAML", "c.Yml", "d.yml"]
