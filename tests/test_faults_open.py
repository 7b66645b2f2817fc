"""The faults of the issue « Faults still open », each reproduced through the command line
(in-process with CliRunner): a finding or a French message, never a traceback, and an
exit code that says what happened."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import re
import shutil
import threading
import unicodedata
from pathlib import Path

import pytest

from docgen.cli import main
from docgen.commands.build import build
from docgen.commands.repository import repository
from docgen.core import journal
from docgen.core.errors import FREE_SPACE, ResourceError, os_failure, write_failure
from docgen.core.findings import Severity
from docgen.core.source import Limits, LoadError, bidi_findings, parse_document
from docgen.registry import default_registry

from .conftest import CONTRACTS, DATA
from .helpers import check_paths, pas_de_calais_repository
from .helpers import invoke as run

FOLDER = "contracts/pas-de-calais"
ALAJ = f"{FOLDER}/alaj.yaml"
VOTE = f"{FOLDER}/budgets/2025.yaml"
DELIBERATION = f"{FOLDER}/deliberations/2025-045.yaml"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A contracts repository with the Pas-de-Calais's files, run from its root."""
    monkeypatch.chdir(tmp_path)
    return pas_de_calais_repository(tmp_path, CONTRACTS)


def edit(path: str, old: str, new: str) -> None:
    file = Path(path)
    text = file.read_text("utf-8")
    assert old in text, old
    file.write_text(text.replace(old, new, 1), "utf-8")


# -- 1. dates past the calendar ------------------------------------------------------------


def test_1_a_start_in_9999_is_a_finding_in_every_command(repo: Path) -> None:
    edit(ALAJ, "debut: 2024-01-01", "debut: 9999-12-31")
    code, output = run("check", ALAJ)
    assert code == 1
    assert "alaj.yaml:45: duree.debut : date invraisemblable : 9999-12-31" in output
    assert "[date-plausible]" in output

    code, output = run("build", FOLDER)
    assert code == 1
    assert "date invraisemblable : 9999-12-31" in output
    assert not list(repo.glob("build/**/*alaj*"))

    code, output = run("budget", "apply", VOTE)
    assert code == 1
    assert "date invraisemblable : 9999-12-31" in output
    assert "budget non appliqué" in output
    code, output = run("budget", "apply", "--simulation", VOTE)
    assert code == 1
    assert "simulation : le budget ne pourrait pas être appliqué" in output
    assert "non appliqué" not in output  # a simulation applies nothing, refused or not

    code, output = run("deliberation", DELIBERATION)
    assert code == 1
    assert "alaj.yaml ne passe pas docgen check" in output


def test_1_with_the_date_rule_switched_off_the_end_is_left_blank(repo: Path) -> None:
    edit(ALAJ, "debut: 2024-01-01", "debut: 9999-12-31")
    departement = Path(FOLDER, "departement.yaml")
    departement.write_text(
        departement.read_text("utf-8")
        + "regles:\n  date-plausible: {actif: false, raison: conventions anciennes}\n"
        "  term-dates: {actif: false, raison: conventions anciennes}\n",
        "utf-8",
    )
    code, output = run("build", ALAJ)
    assert code == 0, output
    assert (repo / "build" / "pas-de-calais" / "pas-de-calais_alaj_2024_convention.docx").exists()


DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def _date_lines(path: Path) -> list[int]:
    lines = path.read_text("utf-8").splitlines()
    return [i for i, line in enumerate(lines) if DATE.search(line) and "#" not in line]


@pytest.mark.parametrize(
    ("name", "day"),
    [
        *((n, d) for n in ("alaj.yaml", "budgets/2025.yaml", "deliberations/2025-045.yaml")
          for d in ("9999-12-31", "2024-02-29")),
        ("alaj.yaml", "0001-01-01"),
    ],
)  # fmt: skip
def test_1_every_date_at_the_ends_of_the_calendar_is_checked(
    repo: Path, name: str, day: str
) -> None:
    """Each date of a convention, a vote and a deliberation, set to the calendar's first or
    last day, or to a 29 February (the signature delay added to it): findings only."""
    path = repo / FOLDER / name
    original = path.read_text("utf-8").splitlines(keepends=True)
    for index in _date_lines(path):
        lines = list(original)
        lines[index] = DATE.sub(day, lines[index], count=1)
        path.write_text("".join(lines), "utf-8")
        found = check_paths([path]).findings  # raises on a traceback
        if day != "2024-02-29":
            assert any(day in f.message for f in found), (index, lines[index])


def test_1_the_rules_a_deliberation_is_computed_from_cannot_be_switched_off(repo: Path) -> None:
    """Found on the way: with deliberation-contract switched off, a deliberation citing
    contracts in error covered nothing, and its financial annex was a traceback."""
    edit(ALAJ, "debut: 2024-01-01", "debut: 9999-12-31")
    departement = Path(FOLDER, "departement.yaml")
    departement.write_text(
        departement.read_text("utf-8")
        + "regles:\n  deliberation-contract: {actif: false, raison: essai}\n"
        "  budget-apply: {actif: false, raison: essai}\n",
        "utf-8",
    )
    code, output = run("check")
    assert code == 1
    assert "regles.deliberation-contract" in output and "[rule-setting]" in output


# -- 2. a full disk, a folder that cannot be written ----------------------------------------

ENOSPC = OSError(errno.ENOSPC, "No space left on device")


def stray(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.name.startswith(".docgen-") or p.suffix == ".tmp"]


def test_2_write_failures_are_said_in_french() -> None:
    full = write_failure("le fichier build/a.docx", ENOSPC)
    assert full.message == "disque plein : impossible d'écrire le fichier build/a.docx."
    assert full.hint == FREE_SPACE
    denied = write_failure("le fichier a.docx", PermissionError(errno.EACCES, "Permission denied"))
    assert denied.message == "écriture impossible dans le fichier a.docx : permission refusée."
    odd = os_failure(OSError(errno.EXDEV, "Invalid cross-device link"), "a.docx")
    assert odd.message == "opération impossible sur a.docx : Invalid cross-device link."


def test_2_a_full_disk_at_the_lock_is_a_french_message(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(fd: int, data: bytes, offset: int) -> int:
        raise ENOSPC

    monkeypatch.setattr(os, "pwrite", full)  # the lock's « pid command » line
    code, output = run("build", FOLDER)
    assert code == 2
    assert "disque plein : impossible d'écrire le verrou du dépôt .docgen/lock" in output
    assert "libérez de la place sur le disque" in output
    assert not (repo / "build").exists()


def test_2_a_lock_that_cannot_be_created_is_a_french_message(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_open = os.open

    def refused(path: str | Path, flags: int, mode: int = 0o777, **kwargs: object) -> int:
        if Path(path).name == "lock":
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real_open(path, flags, mode, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refused)
    code, output = run("budget", "apply", VOTE)
    assert code == 2
    assert "écriture impossible dans le verrou du dépôt .docgen/lock" in output
    assert "système de fichiers en lecture seule" in output


def test_2_a_full_disk_at_the_journal_leaves_nothing_behind(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(path: str | Path, mode: str = "r", *args: object, **kwargs: object) -> object:
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(journal, "open", full, raising=False)  # the journal's own writes
    code, output = run("build", FOLDER)
    assert code == 2
    assert "disque plein : impossible d'écrire le journal d'écriture .docgen/journal.json" in output
    assert not (repo / "build").exists()
    assert sorted(p.name for p in (repo / ".docgen").iterdir()) == [".gitignore", "lock"]
    assert stray(repo) == []


def test_2_a_failure_no_layer_names_is_still_french_and_the_next_command_recovers(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_remove = journal._remove_journal

    def read_only(folder: Path) -> None:  # the disk turns read-only once every file is in
        raise OSError(errno.EROFS, "Read-only file system", str(folder / "journal.json"))

    monkeypatch.setattr(journal, "_remove_journal", read_only)
    code, output = run("build", FOLDER)
    assert code == 2
    assert "opération impossible sur .docgen/journal.json" in output
    assert "système de fichiers en lecture seule" in output
    monkeypatch.setattr(journal, "_remove_journal", real_remove)
    code, output = run("check", FOLDER)
    assert code == 0, output
    assert "reprise : l'écriture de « docgen build »" in output and "est terminée" in output
    assert stray(repo) == []


def test_2_a_recovery_that_fails_says_so_and_is_taken_up_again(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = repo / "build" / "a.txt"
    tx = journal.Transaction(repo / ".docgen", [repo / "build"], "build")
    tx.stage(target, b"new\n", None)  # then the machine stops: a journal « preparing »
    real_unlink = Path.unlink

    def denied(self: Path, missing_ok: bool = False) -> None:
        if self.name.startswith(".docgen-"):
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", denied)
    code, output = run("check", FOLDER)
    assert code == 2
    assert "la reprise d'une écriture interrompue n'a pas pu finir" in output
    assert "permission refusée) ; elle reprendra à la prochaine commande" in output
    monkeypatch.setattr(Path, "unlink", real_unlink)
    code, output = run("check", FOLDER)
    assert code == 0, output
    assert "est annulée (1 fichier(s) préparé(s) supprimé(s))" in output
    assert stray(repo) == []


# -- 3. --quiet changes what is printed, never the exit code ----------------------------------

QUIET_COMMANDS = [["build"]]  # every command that has --quiet


def test_3_the_commands_with_quiet_are_the_ones_tested() -> None:
    having = [
        [name] for name, command in main.commands.items()
        if any("--quiet" in getattr(p, "opts", ()) for p in command.params)
    ]  # fmt: skip
    assert having == QUIET_COMMANDS


@pytest.mark.parametrize("command", QUIET_COMMANDS)
@pytest.mark.parametrize("quiet", [[], ["--quiet"]])
def test_3_a_document_not_written_exits_2_quiet_or_not(
    repo: Path, command: list[str], quiet: list[str]
) -> None:
    blocked = repo / "build" / "pas-de-calais" / "pas-de-calais_alaj_2024_convention.docx"
    blocked.mkdir(parents=True)  # a folder where the document goes: it cannot be written
    code, output = run(*command, FOLDER, *quiet)
    assert code == 2, output
    assert f"non écrit : {blocked.relative_to(repo)}" in output
    assert ("créé : " in output) is not bool(quiet)


@pytest.mark.parametrize("command", QUIET_COMMANDS)
@pytest.mark.parametrize("quiet", [[], ["--quiet"]])
def test_3_findings_exit_1_quiet_or_not(repo: Path, command: list[str], quiet: list[str]) -> None:
    edit(ALAJ, "debut: 2024-01-01", "debut: 9999-12-31")
    code, output = run(*command, FOLDER, *quiet)
    assert code == 1, output
    assert "alaj.yaml:45: duree.debut : date invraisemblable" in output
    assert ("créé : " in output) is not bool(quiet)


# -- 4. the Python API takes the lock the CLI takes; abandoned files are swept --------------


def manifest_matches_disk(root: Path) -> dict[str, dict[str, object]]:
    build = root / "build"
    files: dict[str, dict[str, object]] = json.loads((build / "manifest.json").read_text())["files"]
    for name, entry in files.items():
        assert hashlib.sha256((build / name).read_bytes()).hexdigest() == entry["sha256"], name
    on_disk = {
        p.relative_to(build).as_posix()
        for p in build.rglob("*")
        if p.is_file() and p.name != "manifest.json"
    }
    assert on_disk == set(files)
    return files


def test_4_two_threads_building_the_same_repository_wait_for_each_other(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each thread, once it stages its first file, waits (a little) for the other to be
    # staging too: without the lock both would then be writing at once.
    staging = threading.Barrier(2)
    real_stage = journal.Transaction.stage

    def stage(self: journal.Transaction, target: Path, data: bytes, old: str | None) -> None:
        if not self.changes:
            with contextlib.suppress(threading.BrokenBarrierError):
                staging.wait(timeout=1)
        real_stage(self, target, data, old)

    monkeypatch.setattr(journal.Transaction, "stage", stage)
    outcomes: list[object] = []

    def one_build(paths: list[Path]) -> None:
        try:
            outcomes.append(build(paths, repo / "build", jobs=1))
        except BaseException as error:  # reported below, with the thread's own error
            outcomes.append(error)

    threads = [
        threading.Thread(target=one_build, args=([repo / FOLDER / name],))
        for name in ("alaj.yaml", "elp.yaml")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert [type(o).__name__ for o in outcomes] == ["Result", "Result"], outcomes
    files = manifest_matches_disk(repo)
    assert "pas-de-calais/pas-de-calais_alaj_2024_convention.docx" in files
    assert "pas-de-calais/pas-de-calais_elp_2024_convention.docx" in files
    assert stray(repo) == []
    assert not (repo / ".docgen" / "journal.json").exists()


def test_4_an_error_in_a_python_caller_leaves_the_repository_unlocked(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOCGEN_LOCK_TIMEOUT", "1")
    real_stage = journal.Transaction.stage
    staged = {"n": 0}

    def full(self: journal.Transaction, target: Path, data: bytes, old: str | None) -> None:
        staged["n"] += 1  # the disk fills at the third document, while workers render
        if staged["n"] == 3:
            raise journal.write_error(target, ENOSPC)
        real_stage(self, target, data, old)

    monkeypatch.setattr(journal.Transaction, "stage", full)
    with pytest.raises(ResourceError) as caught:
        build([repo / FOLDER], repo / "build", jobs=2)  # forked workers render
    monkeypatch.setattr(journal.Transaction, "stage", real_stage)
    assert "disque plein" in caught.value.message  # its traceback keeps the build's frame
    told: list[str] = []
    with repository("build", exclusive=True, out=repo / "build", tell=told.append):
        pass  # no « occupé » for a second: the workers the first build forked are gone
    assert told == []
    assert stray(repo) == []


def test_4_a_run_that_lost_its_journal_is_swept_by_the_next_command(repo: Path) -> None:
    assert run("build", ALAJ)[0] == 0  # a writer ran here: it left its lock file
    out = repo / "build" / "pas-de-calais"
    tx = journal.Transaction(repo / ".docgen", [repo / "build"], "build")
    tx.stage(out / "a.docx", b"half\n", None)
    tx.stage(repo / FOLDER / "alaj.yaml", b"half\n", None)
    (repo / ".docgen" / "journal.json").unlink()  # what two unlocked writers did
    single = repo / FOLDER / ".docgen-write-k3j4_9ab.tmp"  # a docgen new killed mid-write
    single.write_bytes(b"half\n")
    mine = out / ".docgen-notes.tmp"  # not docgen's: kept
    mine.write_bytes(b"x\n")

    code, output = run("check", FOLDER)  # shared: the staged files only
    assert code == 0
    assert "2 fichier(s) temporaire(s) abandonné(s) par une écriture interrompue" in output
    assert sorted(p.name for p in stray(repo)) == [".docgen-notes.tmp", single.name]

    code, output = run("build", ALAJ)  # exclusive: a single file's too
    assert code == 0, output
    swept = "1 fichier(s) temporaire(s) abandonné(s) par une écriture interrompue supprimé(s)"
    assert f"{swept} : {FOLDER}/{single.name}" in output
    assert stray(repo) == [mine]


# -- 5. a link that takes build/ or .docgen/ out of the repository ------------------------------


@pytest.fixture
def elsewhere(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("ailleurs")


def test_5_a_build_folder_linked_outside_is_refused(repo: Path, elsewhere: Path) -> None:
    (repo / "build").symlink_to(elsewhere, target_is_directory=True)
    before = (repo / ALAJ).read_bytes()
    for command in (["build"], ["render", ALAJ], ["budget", "apply", VOTE]):
        code, output = run(*command)
        assert code == 2, output
        assert f"build est un lien symbolique vers {elsewhere}, hors du dépôt" in output
        assert "remplacez le lien par un dossier" in output
    assert list(elsewhere.iterdir()) == []
    assert (repo / ALAJ).read_bytes() == before
    assert run("check")[0] == 0  # a reader writes nothing there


def test_5_a_state_folder_linked_outside_is_refused(repo: Path, elsewhere: Path) -> None:
    (repo / ".docgen").symlink_to(elsewhere, target_is_directory=True)
    for command in (["check"], ["build"]):
        code, output = run(*command)
        assert code == 2, output
        assert f".docgen est un lien symbolique vers {elsewhere}" in output
        assert "supprimez le lien .docgen" in output
    assert list(elsewhere.iterdir()) == []


def test_5_a_subfolder_of_build_linked_outside_is_refused(repo: Path, elsewhere: Path) -> None:
    (repo / "build").mkdir()
    (repo / "build" / "pas-de-calais").symlink_to(elsewhere, target_is_directory=True)
    code, output = run("build")
    assert code == 2, output
    assert f"build/pas-de-calais est un lien symbolique vers {elsewhere}" in output
    assert list(elsewhere.iterdir()) == []
    assert not (repo / "build" / "manifest.json").exists()


def test_5_a_link_that_stays_in_the_repository_is_followed(repo: Path) -> None:
    (repo / "documents").mkdir()
    (repo / "build").symlink_to("documents", target_is_directory=True)
    code, output = run("build", ALAJ)
    assert code == 0, output
    assert (
        repo / "documents" / "pas-de-calais" / "pas-de-calais_alaj_2024_convention.docx"
    ).exists()


# -- 6. bidirectional controls ----------------------------------------------------------------

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


@pytest.mark.parametrize("char", list(BIDI))
def test_6_each_bidirectional_control_is_a_finding_naming_it(char: str) -> None:
    text = f"signature:\n  lieu: Arras\n  qualite: Pr{char}ésident\n"
    (found,) = bidi_findings(parse_document(Path("c.yaml"), text.encode("utf-8")))
    assert (found.line, found.path, found.rule) == (3, "signature.qualite", "bidi-control")
    assert found.severity is Severity.ERROR
    assert f"U+{ord(char):04X} ({unicodedata.name(char)} : " in found.message
    assert f"« Pr\\u{ord(char):04x}ésident »" in found.message  # shown, never applied
    assert found.hint.startswith("retapez cette valeur au clavier")


def test_6_the_direction_marks_of_arabic_and_hebrew_names_are_allowed() -> None:
    text = "signataire: \u200fعلي\u200e, \u061cמשה\n"
    assert bidi_findings(parse_document(Path("c.yaml"), text.encode("utf-8"))) == []


def test_6_a_value_that_would_print_reversed_never_reaches_a_document(repo: Path) -> None:
    edit(ALAJ, "\n  lieu: Arras\n", "\n  lieu: Arras \u202egnivil\u202c\n")
    edit(ALAJ, "preavis_mois: 6", 'preavis_mois: "\\u20666"')  # an escape, in quotes
    code, output = run("build", ALAJ)
    assert code == 1
    assert "\u202e" not in output and "\u2066" not in output  # the report is not reordered
    assert (
        "alaj.yaml:50: signature.lieu : caractère invisible U+202E (RIGHT-TO-LEFT OVERRIDE : "
        "forçage de droite à gauche) dans « Arras \\u202egnivil\\u202c », et 1 autre"
    ) in output
    assert "alaj.yaml:48: duree.preavis_mois : caractère invisible U+2066" in output
    assert output.count("[bidi-control]") == 2
    assert not (repo / "build").exists()
    rule = default_registry().rule("bidi-control")  # registered once: ids are unique
    assert (rule.severity, rule.tunable) == (Severity.ERROR, False)


# -- 7. French elision in the messages --------------------------------------------------------

# « de » before a vowel is « d' » (« trop d'éléments »); « que il », « le avenant » the same.
ELISION = re.compile(
    r"(?<![\w-])(de|que|le|la|ne|se|ce|jusque|lorsque|puisque) [aeiouyéèêëàâîïôûœ]", re.I
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("liste: [1, 2, 3, 4]\n", "trop d'éléments dans cette liste : plus de 3"),
        ("bloc: {a: 1, b: 2, c: 3, d: 4}\n", "trop de champs dans ce bloc : plus de 3"),
    ],
)
def test_7_the_limit_message_elides(text: str, expected: str) -> None:
    with pytest.raises(LoadError) as error:
        parse_document(Path("c.yaml"), text.encode("utf-8"), Limits(items=3))
    assert error.value.message.startswith(expected)
    assert not ELISION.search(error.value.message)


def test_7_no_finding_of_the_broken_examples_misses_an_elision(repo: Path) -> None:
    # Names and fields that start with a vowel: a commune of another Département, and an
    # administrative staff above the Département's ratio.
    edit(ALAJ, 'insee: "62318"', 'insee: "59350"')
    shutil.copytree(DATA / "encadrement", repo / "contracts" / "encadrement")
    edit("contracts/encadrement/staffing-ratio.yaml", "administratif: 0.5", "administratif: 5")
    found = check_paths([repo / "contracts", *sorted(DATA.rglob("*.yaml"))]).findings
    assert len(found) > 60
    texts = [text for f in found for text in (f.message, f.hint)]
    assert [t for t in texts if ELISION.search(t)] == []
    assert any("le code INSEE 59350 d’Étaples n'est pas" in t for t in texts)
    assert any(t.startswith("5 ETP administratifs pour") for t in texts)
