"""Any .docx is safe to read, and rendering is bounded: a broken or hostile template in a
contracts repository is a French finding naming it, never a traceback, a hang or a
memory blow-up; ``docgen check`` and ``docgen build`` end with 1 (a finding); the other
Département's documents are built, the broken one's are not written.

Each case runs docgen in a subprocess in a copy of two shipped Départements (Mayotte,
whose template is broken, and one Pas-de-Calais convention), under a 10 s timeout (a
bound to catch hangs, not a speed assertion), and its peak memory, read from the
kernel's accounting of the process and its workers (``getrusage(RUSAGE_CHILDREN)``'s
ru_maxrss), must stay under 300 MB.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from docgen.cli import main
from docgen.core.docx_zip import ZipMember, write_zip, zip_member

from .conftest import CONTRACTS, ROOT

TIMEOUT = 10  # seconds: a hang, not a speed
MEMORY = 300  # MB
SHIPPED = ROOT / "templates" / "mayotte" / "convention.docx"
BROKEN = "templates/mayotte/convention.docx"
OTHER = "build/pas-de-calais/pas-de-calais_alaj_2024_convention.docx"
MAYOTTE = "build/mayotte"


@dataclass(frozen=True)
class Run:
    code: int | None  # None: killed at the timeout
    out: str
    err: str
    megabytes: int


def repository(root: Path) -> Path:
    """Mayotte (one convention, its own template) and one Pas-de-Calais convention."""
    contracts = root / "contracts"
    shutil.copytree(CONTRACTS / "mayotte", contracts / "mayotte")
    (contracts / "pas-de-calais").mkdir()
    for name in ("departement.yaml", "alaj.yaml"):
        shutil.copy(CONTRACTS / "pas-de-calais" / name, contracts / "pas-de-calais" / name)
    shutil.copytree(ROOT / "templates" / "mayotte", root / "templates" / "mayotte")
    (root / "docgen.toml").write_text("# dépôt de contrats\n", encoding="utf-8")
    return root


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return repository(tmp_path / "depot")


# Runs docgen, kills it and its workers at the timeout, and writes its exit code and the
# peak memory of it and its workers. Measured from this small process: a child's peak
# counts the pages of the process it was forked from, until it runs docgen (pytest's,
# hundreds of MB, if docgen were started from pytest directly).
_MEASURE = """
import os, resource, signal, subprocess, sys, threading
report, timeout, command = sys.argv[1], float(sys.argv[2]), sys.argv[3:]
process = subprocess.Popen(command, start_new_session=True)
timer = threading.Timer(timeout, os.killpg, (process.pid, signal.SIGKILL))
timer.start()
code = process.wait()
timer.cancel()
with open(report, "w") as file:
    file.write(f"{code} {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}")
"""


def docgen(root: Path, *args: str) -> Run:
    """``docgen ARGS`` in ``root``: exit code, output, peak memory of it and its workers."""
    out, err, report = (root.parent / name for name in ("stdout", "stderr", "measure"))
    env = {**os.environ, "LC_ALL": "C.UTF-8", "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "docgen", *args]
    with out.open("wb") as stdout, err.open("wb") as stderr:
        subprocess.run(
            [sys.executable, "-c", _MEASURE, str(report), str(TIMEOUT), *command],
            cwd=root,
            stdout=stdout,
            stderr=stderr,
            env=env,
            check=True,
            timeout=TIMEOUT + 30,
        )
    code, kilobytes = (int(n) for n in report.read_text().split())
    return Run(
        code if code >= 0 else None,
        out.read_text(encoding="utf-8"),
        err.read_text(encoding="utf-8"),
        kilobytes // 1024,
    )


def check_and_build(root: Path, *words: str, template: str = BROKEN) -> tuple[Run, Run]:
    """``docgen check`` and ``docgen build``: each ends with 1, in time, within the memory,
    without a traceback, with a finding naming ``template`` and saying ``words``; the build
    writes the other Département's document and not the broken one's."""
    runs = (docgen(root, "check"), docgen(root, "build", "--jobs", "2"))
    for run in runs:
        assert run.code is not None, f"killed after {TIMEOUT} s"
        assert "Traceback" not in run.out + run.err, run.err
        assert run.code == 1, run.out + run.err
        assert run.megabytes < MEMORY
        lines = [line for line in run.out.splitlines() if line.startswith(f"{template}: ")]
        assert lines, run.out
        for word in words:
            assert any(word in line for line in lines), (word, lines)
    assert (root / OTHER).is_file()
    assert not list((root / MAYOTTE).glob("*.docx")) if (root / MAYOTTE).exists() else True
    return runs


# ---------------------------------------------------------------------------- templates


def members(path: Path = SHIPPED) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(path) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def packed(
    parts: list[tuple[str, bytes]], edit: Callable[[ZipMember], ZipMember] | None = None
) -> bytes:
    made = [zip_member(name, data) for name, data in parts]
    return write_zip([edit(m) if edit else m for m in made])


def replaced(name: str, data: bytes) -> bytes:
    return packed([(n, data if n == name else d) for n, d in members()])


def without(name: str) -> bytes:
    return packed([(n, d) for n, d in members() if n != name])


def duplicated(name: str) -> bytes:
    parts = members()
    return packed([*parts, next((n, d) for n, d in parts if n == name)])


def bad_crc(name: str) -> bytes:
    def edit(member: ZipMember) -> ZipMember:
        if member.name != name:
            return member
        return ZipMember(member.name, member.crc ^ 1, member.size, member.deflated)

    return packed(members(), edit)


def dangling() -> bytes:
    rels = dict(members())["word/_rels/document.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/image" Target="media/logo.png"/></Relationships>',
    )
    return replaced("word/_rels/document.xml.rels", rels)


def bomb(megabytes: int, *, declared: int | None = None) -> bytes:
    """word/document.xml deflated from ``megabytes`` MB of spaces (1,024: 1 GB into ~1 MB),
    its real size in the zip's headers, or ``declared`` bytes, a lie."""
    block = b" " * (1 << 20)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    piece = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    stream = piece * megabytes + compressor.flush(zlib.Z_FINISH)  # each piece: 1 MB inflated
    crc = 0
    for _ in range(megabytes):
        crc = zlib.crc32(block, crc)

    def edit(member: ZipMember) -> ZipMember:
        if member.name != "word/document.xml":
            return member
        return ZipMember(member.name, crc, declared or megabytes << 20, stream)

    return packed(members(), edit)


XXE = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>"""

LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">&lol3;</w:styles>"""

BAD_XML = b"""<?xml version="1.0" encoding="UTF-8"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:style w:type="paragraph">
</w:styles>"""


def _truncated() -> bytes:
    data = SHIPPED.read_bytes()
    return data[: len(data) // 2]


CASES: list[tuple[str, Callable[[], bytes], str]] = [
    ("vide", lambda: b"", "le fichier est vide"),
    (
        "texte",
        lambda: "Ceci n'est pas un modèle.\n".encode(),
        "le fichier n'est pas un document Word (zip illisible)",
    ),
    ("zip-coupe", _truncated, "le fichier n'est pas un document Word (zip illisible)"),
    ("sans-document", lambda: without("word/document.xml"), "la partie word/document.xml manque"),
    (
        "xml-invalide",
        lambda: replaced("word/styles.xml", BAD_XML),
        "XML invalide dans word/styles.xml, ligne 4",
    ),
    (
        "content-types",
        lambda: replaced("[Content_Types].xml", b"<Types"),
        "XML invalide dans [Content_Types].xml, ligne 1",
    ),
    (
        "content-types-faux",
        lambda: replaced(
            "[Content_Types].xml",
            b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            b'relationships+xml"/></Types>',
        ),
        "word/document.xml n'est pas un document Word (type « aucun »)",
    ),
    (
        "en-double",
        lambda: duplicated("word/document.xml"),
        "la partie word/document.xml figure deux fois",
    ),
    (
        "crc",
        lambda: bad_crc("word/styles.xml"),
        "la partie word/styles.xml est illisible (somme de contrôle fausse)",
    ),
    (
        "relation-orpheline",
        dangling,
        "la relation rId99 de word/document.xml renvoie à word/media/logo.png, qui manque",
    ),
    (
        "xxe",
        lambda: replaced("word/document.xml", XXE),
        "XML refusé dans word/document.xml : une déclaration DOCTYPE",
    ),
    (
        "milliard-de-rires",
        lambda: replaced("word/styles.xml", LAUGHS),
        "XML refusé dans word/styles.xml",
    ),
    (
        "bombe",
        lambda: bomb(1024),
        "partie word/document.xml trop volumineuse une fois décompressée "
        "(1,1\u00a0Go > 20\u00a0Mo)",
    ),
    (
        "bombe-taux",  # within the size limits, but a ratio only a zip bomb has
        lambda: bomb(15),
        "la partie word/document.xml se décompresse plus de 200 fois (une « bombe zip »)",
    ),
    (
        "bombe-masquee",  # 1 GB behind headers that declare 12 kB: read to 12 kB, and no further
        lambda: bomb(1024, declared=12_000),
        "la partie word/document.xml est illisible (somme de contrôle fausse)",
    ),
    (
        "doc",
        lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512,
        "protégé par un mot de passe, ou au format ancien .doc",
    ),
]


@pytest.mark.slow  # docgen check and build, each in a child process
@pytest.mark.parametrize(("case", "make", "reason"), CASES, ids=[c[0] for c in CASES])
def test_a_broken_template_is_an_unreadable_template_finding(
    repo: Path, case: str, make: Callable[[], bytes], reason: str
) -> None:
    data = make()
    if case in ("bombe", "bombe-masquee"):
        assert len(data) < 2_200_000  # ~1 MB that inflates to 1 GB
    (repo / BROKEN).write_bytes(data)
    check, build = check_and_build(repo, "modèle illisible : ", reason)
    assert "[template-unreadable]" in check.out
    # Each file the template would have filled says so.
    assert (
        "contracts/mayotte/mamoudzou-nord.yaml: documents non produits : le modèle "
        f"{BROKEN} est en erreur" in build.out
    )


def test_no_entity_is_resolved_nor_fetched(repo: Path) -> None:
    """The XXE payload's file is never read: docgen refuses the DOCTYPE before any parser
    that could resolve it sees the part."""
    (repo / BROKEN).write_bytes(replaced("word/document.xml", XXE))
    run = docgen(repo, "check")
    assert "root:" not in run.out + run.err  # /etc/passwd's first line


# ---------------------------------------------------------------------------- runaway tags


def with_tag(path: Path, tag: str) -> None:
    document = docx.Document(str(SHIPPED))
    document.add_paragraph(tag)
    document.save(str(path))


RUNAWAY = [
    ("{{ 9**(9**9) }}", "a dépassé la taille admise d'un nombre (9 ** 387420489"),
    (
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
        "a dépassé la taille admise d'une liste (range(100000)",
    ),
    ("{{ 'a'*10**10 }}", "a dépassé la taille admise d'un texte ('a' * 10000000000"),
    ("{{ range(10**9)|list|length }}", "a dépassé la taille admise d'une liste (range(1000000000)"),
    ("{{ ''.format_map }}", "accès refusé à « format_map »"),
    ("{{ [1].append(2) }}", "accès refusé à « append »"),
    ("{{ ''.upper }}", "la balise imprime une fonction (upper), et non une valeur"),
]


@pytest.mark.slow  # docgen check and build, each in a child process
@pytest.mark.parametrize(("tag", "words"), RUNAWAY, ids=[f"tag{i}" for i in range(len(RUNAWAY))])
def test_a_runaway_tag_is_a_finding_and_its_document_is_not_written(
    repo: Path, tag: str, words: str
) -> None:
    with_tag(repo / BROKEN, tag)
    check_and_build(repo, words, "[template-render]")


@pytest.mark.slow  # docgen check and build, each in a child process
def test_a_loop_past_the_departements_time_limit(repo: Path) -> None:
    departement = repo / "contracts" / "mayotte" / "departement.yaml"
    text = departement.read_text(encoding="utf-8")
    departement.write_text(text + "\nlimites:\n  rendu_secondes: 1\n", encoding="utf-8")
    loops = "{% for i in range(10000) %}{% for j in range(10000) %}x{% endfor %}{% endfor %}"
    with_tag(repo / BROKEN, loops)
    check_and_build(repo, "a dépassé 1 seconde, à la balise « {% for j in range(10000) %} »")


@pytest.mark.slow  # docgen check and build, each in a child process
def test_namespace_is_refused_and_never_written(repo: Path) -> None:
    with_tag(repo / BROKEN, "{{ namespace }}")
    check_and_build(repo, "namespace")


@pytest.mark.slow  # docgen check and build, each in a child process
def test_a_limit_only_the_data_reaches_is_found_by_build_in_a_worker(repo: Path) -> None:
    """The dry run cannot see it (the département's code is any value there): check passes,
    build stops the document that reaches it — rendered by a forked worker — and names it."""
    own = repo / "templates" / "pas-de-calais" / "convention.docx"
    own.parent.mkdir()
    document = docx.Document(str(ROOT / "docgen" / "templates" / "convention.docx"))
    document.add_paragraph("{{ 'a' * (departement.code|int * 1000000) }}")
    document.save(str(own))
    assert docgen(repo, "check").code == 0
    run = docgen(repo, "build", "--jobs", "2")
    assert run.code == 1, run.out + run.err
    assert "Traceback" not in run.out + run.err
    assert run.megabytes < MEMORY
    assert (
        "contracts/pas-de-calais/alaj.yaml: le rendu de templates/pas-de-calais/convention.docx "
        "a dépassé la taille admise d'un texte ('a' * 62000000 : plus de 1\u202f000\u202f000 "
        "caractères), à la balise « {{ 'a' * (departement.code|int * 1000000) }} » → "
    ) in run.out
    assert (repo / "build" / "mayotte").is_dir()
    assert not (repo / OTHER).exists()


# ---------------------------------------------------------------------------- in process


def invoke(root: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str]:
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result.exit_code, result.output


def test_a_template_deleted_between_check_and_render(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from docgen.commands import rendering

    drafted = rendering.draft

    def deleted_first(*args: object, **kwargs: object) -> object:
        (repo / BROKEN).unlink(missing_ok=True)  # after the file was checked and planned
        return drafted(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(rendering, "draft", deleted_first)
    code, output = invoke(repo, monkeypatch, "build", "--jobs", "1")
    assert code == 1, output
    assert f"{BROKEN}: modèle illisible : le fichier n'existe plus (supprimé ou renommé)" in output
    assert "contracts/mayotte/mamoudzou-nord.yaml: documents non produits" in output
    assert (repo / OTHER).is_file()
    assert not (repo / MAYOTTE).exists()


def test_render_of_one_file_with_a_broken_template(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (repo / BROKEN).write_bytes(b"")
    code, output = invoke(repo, monkeypatch, "render", "contracts/mayotte/mamoudzou-nord.yaml")
    assert code == 1, output
    assert f"{BROKEN}: modèle illisible : le fichier est vide" in output
    assert not (repo / "build").exists() or not list((repo / "build").rglob("*.docx"))


@pytest.fixture
def pas_de_calais(tmp_path: Path) -> Path:
    root = tmp_path / "pdc"
    shutil.copytree(CONTRACTS / "pas-de-calais", root / "contracts" / "pas-de-calais")
    (root / "docgen.toml").write_text("# dépôt de contrats\n", encoding="utf-8")
    (root / "templates" / "pas-de-calais").mkdir(parents=True)
    return root


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".docgen" not in p.parts
    }


def test_budget_apply_with_a_broken_avenant_template_writes_nothing(
    pas_de_calais: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (pas_de_calais / "templates" / "pas-de-calais" / "avenant.docx").write_bytes(b"PK\x03\x04")
    before = snapshot(pas_de_calais / "contracts")
    code, output = invoke(
        pas_de_calais, monkeypatch, "budget", "apply", "contracts/pas-de-calais/budgets/2025.yaml"
    )
    assert code == 1, output
    assert (
        "templates/pas-de-calais/avenant.docx: modèle illisible : le fichier n'est pas un "
        "document Word (zip illisible)"
    ) in output
    assert "budget non appliqué" in output
    assert snapshot(pas_de_calais / "contracts") == before
    assert not (pas_de_calais / "build").exists()


def test_deliberation_with_a_broken_template(
    pas_de_calais: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = pas_de_calais / "templates" / "pas-de-calais" / "deliberation.docx"
    broken.write_bytes(replaced("word/document.xml", XXE))
    code, output = invoke(
        pas_de_calais,
        monkeypatch,
        "deliberation",
        "contracts/pas-de-calais/deliberations/2025-045.yaml",
    )
    assert code == 1, output
    assert "templates/pas-de-calais/deliberation.docx: modèle illisible : XML refusé" in output
    assert "Traceback" not in output


def test_the_package_reader_never_keeps_a_bomb_in_memory() -> None:
    """Read in chunks, stopped at the first limit: whatever its headers say, a bomb is
    refused before 20 MB of it are inflated."""
    import tracemalloc

    from docgen.core.errors import TemplateFailure
    from docgen.core.package import check_package

    for data in (bomb(1024), bomb(15), bomb(1024, declared=12_000), bomb(1024, declared=19 << 20)):
        tracemalloc.start()
        with pytest.raises(TemplateFailure):
            check_package(Path("bombe.docx"), data)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert peak < 25_000_000


def test_shipped_templates_are_readable() -> None:
    from docgen.core.package import open_template

    for path in [*sorted((ROOT / "docgen" / "templates").glob("*.docx")), SHIPPED]:
        package = open_template(path)
        assert package.main == "word/document.xml"
        assert package.read("word/document.xml").startswith(b"<?xml")
        with zipfile.ZipFile(io.BytesIO(package.data)) as archive:
            assert archive.testzip() is None
