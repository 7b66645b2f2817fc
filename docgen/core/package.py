"""A Word template's .docx opened for docgen: any file is safe to read.

Juristes edit templates, and a template may be anything: an empty file, a text file named
.docx, a zip cut short, a part that is not XML, a zip bomb. Every reader of a template
(the engine's preparation, the template lint, the avenant's reading of the convention's
styles) opens it here, and only a package that passed every check below reaches
python-docx, docxtpl or lxml:

* the file itself: at most ``MAX_FILE`` bytes, a zip (an old .doc or a password-protected
  document is named as such), read once;
* the zip: at most ``MAX_PARTS`` members, no name twice (OPC names ignore case), each
  member inflated in chunks and counted as it comes, never trusting the sizes the zip
  declares: at most ``MAX_PART`` bytes a member (``MAX_XML_PART`` for XML, which is
  parsed), ``MAX_TOTAL`` in all, and no member inflating more than ``MAX_RATIO`` times
  its compressed size past ``RATIO_FROM`` bytes (the signature of a zip bomb); the CRC of
  each member is checked as it is read to its end;
* the XML: every XML member parsed without resolving any entity, loading any DTD or
  reaching the network, and a DOCTYPE refused outright (Word never writes one; it is
  how entity expansion and external entities come in);
* the package: ``[Content_Types].xml`` and ``_rels/.rels`` readable, a main document of
  Word's type with a body, and every relationship python-docx follows pointing at a
  member that exists and has a content type.

Whatever fails is a ``TemplateFailure`` (rule ``template-unreadable``) whose message is
« modèle illisible : » and the reason in French, naming the part and the line where
there is one. Memory stays within about ``MAX_FILE`` plus one XML part and its tree.
"""

from __future__ import annotations

import io
import posixpath
import threading
import zipfile
import zlib
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# No stubs for lxml in the dev dependencies; `unused-ignore` keeps mypy quiet once they exist.
from lxml import etree  # type: ignore[import-untyped, unused-ignore]

from docgen.core.errors import TemplateFailure, os_reason
from docgen.core.findings import display_path, printable
from docgen.core.wordml import W

UNREADABLE = "template-unreadable"

MB = 1_000_000
MAX_FILE = 50 * MB  # the .docx itself
MAX_PARTS = 1_000  # members of the zip (a long Word document has ~30)
MAX_PART = 50 * MB  # one member once inflated (a picture)
MAX_XML_PART = 20 * MB  # one XML member once inflated: it is parsed, whole, into a tree
MAX_TOTAL = 100 * MB  # every member once inflated
MAX_RATIO = 200  # inflated / compressed: XML deflates ~10 times, a bomb ~1,000 times
RATIO_FROM = 5 * MB  # a small member may inflate as it likes
_CHUNK = 1 << 16

_HINT = (
    "ouvrez le modèle dans Word (ou LibreOffice) et enregistrez-le au format Document "
    "Word (.docx) ; ou supprimez-le pour revenir au modèle livré avec docgen"
)
_CONTENT_TYPES = "[Content_Types].xml"
_ROOT_RELS = "_rels/.rels"
_CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_OFFICE_DOCUMENT = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
)
_STRICT_OFFICE_DOCUMENT = "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument"
_WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
# The parts python-docx or the engine parse (by the end of their content type), parsed here
# first; the others are copied as they are, and only looked at for a DOCTYPE.
_PARSED = (
    "document.main+xml",
    "header+xml",
    "footer+xml",
    "footnotes+xml",
    "core-properties+xml",
    "comments+xml",
    "numbering+xml",
    "settings+xml",
    "styles+xml",
)
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a .doc, or an encrypted .docx
# Nothing a template holds is ever resolved or fetched.
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, dtd_validation=False
)


@dataclass(frozen=True, eq=False)
class Package:
    """A template's .docx that passed every check: its bytes and what they hold."""

    path: Path
    data: bytes  # the file as read, the only bytes any reader of this template sees
    main: str  # the main document part: "word/document.xml"
    types: Mapping[str, str]  # every member's content type (those that have one)

    @property
    def names(self) -> tuple[str, ...]:
        """The members, in zip order."""
        return tuple(self.types)

    def archive(self) -> zipfile.ZipFile:
        """The zip, to read members from (their sizes are known to be bounded)."""
        return zipfile.ZipFile(io.BytesIO(self.data))

    def read(self, name: str) -> bytes:
        with self.archive() as archive:
            return archive.read(name)

    def xml(self, name: str) -> Any:
        """A member's XML tree, parsed as every member was checked."""
        return etree.fromstring(self.read(name), _PARSER)

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Turn what python-docx or docxtpl might still trip on into « modèle illisible »."""
        try:
            yield
        except (
            KeyError,
            ValueError,
            AttributeError,
            TypeError,
            IndexError,
            zipfile.BadZipFile,
            zlib.error,
            etree.Error,
        ) as error:
            raise unreadable(
                self.path,
                "Word n'en reconnaît pas la structure interne "
                f"({type(error).__name__} : {_short(str(error))})",
            ) from error


def unreadable(path: Path, reason: str) -> TemplateFailure:
    shown = display_path(path)
    return TemplateFailure(f"modèle illisible : {reason}", _HINT, template=shown, rule=UNREADABLE)


def open_template(path: Path) -> Package:
    """The template at ``path``, checked (``TemplateFailure`` if it cannot be read)."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise unreadable(path, "le fichier n'existe plus (supprimé ou renommé)") from None
    except OSError as error:
        raise unreadable(path, f"lecture impossible ({os_reason(error)})") from None
    if stat.st_size > MAX_FILE:
        raise unreadable(
            path, f"fichier trop volumineux ({_size(stat.st_size)} > {_size(MAX_FILE)})"
        )
    return _opened(path, path.resolve(), stat.st_mtime_ns, stat.st_size)


# The packages checked, by path, mtime and size (as the engine's preparation: an edited
# template is read again): the lint, the dry run and the engine read a template in turn.
# At most _CACHED_BYTES of them are kept, the most recent first.
_CACHE: OrderedDict[tuple[Path, int, int], Package] = OrderedDict()
_CACHED_BYTES = 64 * MB


_CACHE_LOCK = threading.Lock()  # a web server reads templates from several threads


def _opened(path: Path, resolved: Path, mtime_ns: int, size: int) -> Package:
    key = (resolved, mtime_ns, size)
    with _CACHE_LOCK:
        found = _CACHE.get(key)
    if found is None:
        found = _read(path, resolved)  # outside the lock: checking may take a while
    with _CACHE_LOCK:
        _CACHE[key] = found
        _CACHE.move_to_end(key)
        while len(_CACHE) > 1 and sum(len(p.data) for p in _CACHE.values()) > _CACHED_BYTES:
            _CACHE.popitem(last=False)
    return found


def _read(path: Path, resolved: Path) -> Package:
    try:
        with resolved.open("rb") as file:
            data = file.read(MAX_FILE + 1)  # it may have grown since it was looked at
    except FileNotFoundError:
        raise unreadable(path, "le fichier n'existe plus (supprimé ou renommé)") from None
    except OSError as error:
        raise unreadable(path, f"lecture impossible ({os_reason(error)})") from None
    return check_package(path, data)


def check_package(path: Path, data: bytes) -> Package:
    """``data`` (the bytes of ``path``) as a ``Package``, or the reason it is not one."""
    if len(data) > MAX_FILE:
        raise unreadable(path, f"fichier trop volumineux (plus de {_size(MAX_FILE)})")
    if not data:
        raise unreadable(path, "le fichier est vide")
    if data.startswith(_OLE):
        raise unreadable(
            path,
            "le fichier est un document Word protégé par un mot de passe, ou au format "
            "ancien .doc, et non un .docx",
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, OSError):
        raise unreadable(path, "le fichier n'est pas un document Word (zip illisible)") from None
    with archive:
        try:
            infos = archive.infolist()
            types, trees, documents = _members(path, archive, infos)
        except TemplateFailure:
            raise
        except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, OSError) as error:
            raise unreadable(
                path, f"le fichier n'est pas un document Word (zip abîmé : {_short(str(error))})"
            ) from None
    main = _check_relationships(path, types, trees)
    if main not in documents:
        raise unreadable(path, f"{_name(main)} ne contient pas de corps de document (w:body)")
    return Package(path, data, main, types)


def _members(
    path: Path, archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]
) -> tuple[dict[str, str], dict[str, Any], set[str]]:
    """Every member read and checked: the content types of the members, the parsed trees
    of those the package's structure is read from, the members that are Word bodies."""
    if len(infos) > MAX_PARTS:
        raise unreadable(path, f"trop de parties dans le fichier ({len(infos)} > {MAX_PARTS})")
    seen: dict[str, str] = {}
    for info in infos:
        folded = info.filename.casefold()
        if folded in seen:
            raise unreadable(path, f"la partie {_name(info.filename)} figure deux fois")
        seen[folded] = info.filename
    if _CONTENT_TYPES not in seen.values():
        raise unreadable(path, f"la partie {_CONTENT_TYPES} manque")
    total = 0
    trees: dict[str, Any] = {}
    documents: set[str] = set()  # the members that are a w:document with a w:body
    types: dict[str, str] = {}
    names = [info.filename for info in infos]
    for info in sorted(infos, key=lambda info: info.filename != _CONTENT_TYPES):
        if info.flag_bits & 0x1:
            raise unreadable(path, "le fichier est protégé par un mot de passe")
        xml = info.filename.endswith((".xml", ".rels"))
        data = _inflate(path, archive, info, MAX_XML_PART if xml else MAX_PART, MAX_TOTAL - total)
        total += data if isinstance(data, int) else len(data)
        if not isinstance(data, bytes):
            continue
        if info.filename == _CONTENT_TYPES:
            trees[_CONTENT_TYPES] = _parse(path, _CONTENT_TYPES, data)
            types = _content_types(path, trees[_CONTENT_TYPES], names)
        elif info.filename.endswith(".rels"):
            trees[info.filename] = _parse(path, info.filename, data)
        elif types.get(info.filename, "").endswith(_PARSED):
            tree = _parse(path, info.filename, data)
            if tree.tag == f"{W}document" and tree.find(f"{W}body") is not None:
                documents.add(info.filename)
            del tree
        elif b"<!DOCTYPE" in data or b"<!ENTITY" in data:
            raise _doctype(path, info.filename)
    return types, trees, documents


def _inflate(
    path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int, left: int
) -> bytes | int:
    """The member, inflated in chunks and counted: its bytes if it is XML (to be parsed),
    else its size. Refused as soon as a limit is passed, whatever the zip declares."""
    name = _name(info.filename)
    if info.file_size > limit:
        raise _too_big(path, name, f"{_size(info.file_size)} > {_size(limit)}")
    keep = info.filename.endswith((".xml", ".rels"))
    chunks: list[bytes] = []
    size = 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                size += len(chunk)
                if size > limit:
                    raise _too_big(path, name, f"plus de {_size(limit)}")
                if size > left:
                    raise unreadable(
                        path,
                        "le fichier est trop volumineux une fois décompressé "
                        f"(plus de {_size(MAX_TOTAL)})",
                    )
                if size > RATIO_FROM and size > MAX_RATIO * max(info.compress_size, 1):
                    raise unreadable(
                        path,
                        f"la partie {name} se décompresse plus de {MAX_RATIO} fois "
                        "(une « bombe zip »)",
                    )
                if keep:
                    chunks.append(chunk)
    except TemplateFailure:
        raise
    except NotImplementedError:
        raise unreadable(path, f"la partie {name} est compressée d'une façon inconnue") from None
    except RuntimeError:  # zipfile: "File is encrypted, password required"
        raise unreadable(path, "le fichier est protégé par un mot de passe") from None
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
        detail = "somme de contrôle fausse" if "CRC" in str(error) else "données abîmées"
        raise unreadable(path, f"la partie {name} est illisible ({detail})") from None
    return b"".join(chunks) if keep else size


def _too_big(path: Path, name: str, sizes: str) -> TemplateFailure:
    return unreadable(path, f"partie {name} trop volumineuse une fois décompressée ({sizes})")


def _parse(path: Path, name: str, data: bytes) -> Any:
    shown = _name(name)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        raise unreadable(path, f"XML invalide dans {shown} (encodage autre que UTF-8)") from None
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as error:
        line = f", ligne {error.lineno}" if error.lineno else ""
        raise unreadable(path, f"XML invalide dans {shown}{line}") from None
    except (ValueError, etree.Error):
        raise unreadable(path, f"XML invalide dans {shown}") from None
    if root.getroottree().docinfo.doctype:
        raise _doctype(path, name)
    return root


def _doctype(path: Path, name: str) -> TemplateFailure:
    return unreadable(
        path,
        f"XML refusé dans {_name(name)} : une déclaration DOCTYPE (entités XML), que Word "
        "n'écrit jamais",
    )


def _content_types(path: Path, root: Any, names: list[str]) -> dict[str, str]:
    """Each member's content type, as python-docx will look it up (ignoring case)."""
    if root.tag != f"{_CT_NS}Types":
        raise unreadable(path, f"{_CONTENT_TYPES} ne décrit pas les types du document")
    defaults: dict[str, str] = {}
    overrides: dict[str, str] = {}
    for element in root:
        if element.tag == f"{_CT_NS}Default":
            key, value = element.get("Extension"), element.get("ContentType")
            target = defaults
        elif element.tag == f"{_CT_NS}Override":
            key, value = element.get("PartName"), element.get("ContentType")
            target = overrides
        else:
            continue
        if not key or not value:
            raise unreadable(path, f"{_CONTENT_TYPES} est invalide (un type sans nom)")
        target[key.casefold()] = value
    types: dict[str, str] = {}
    for name in names:
        found = overrides.get(f"/{name}".casefold())
        if found is None:
            found = defaults.get(posixpath.splitext(name)[1][1:].casefold())
        types[name] = found or ""
    return types


def _check_relationships(path: Path, types: Mapping[str, str], trees: Mapping[str, Any]) -> str:
    """The main document part; every relationship python-docx follows points at a member
    with a content type."""
    if _ROOT_RELS not in trees:
        raise unreadable(path, f"la partie {_ROOT_RELS} manque (le sommaire du document)")
    main: str | None = None
    for rel in _relationships(path, _ROOT_RELS, trees[_ROOT_RELS]):
        if rel[1] == _STRICT_OFFICE_DOCUMENT:
            raise unreadable(
                path,
                "le document est au format « Strict Open XML », que docgen ne lit pas : "
                "enregistrez-le au format Document Word (.docx)",
            )
        if rel[1] == _OFFICE_DOCUMENT and not rel[3]:
            main = _target("", rel[2])
    if main is None:
        raise unreadable(path, f"{_ROOT_RELS} ne désigne aucun document principal")
    if main not in types:
        raise unreadable(path, f"la partie {_name(main)} manque")
    if types[main] != _WORD_MAIN:
        raise unreadable(
            path,
            f"{_name(main)} n'est pas un document Word (type « {_short(types[main]) or 'aucun'} »)",
        )
    # What python-docx walks: the relationships of the package, then of each part reached.
    todo, done = [""], set()
    while todo:
        source = todo.pop()
        if source in done:
            continue
        done.add(source)
        rels_name = _rels_of(source)
        if rels_name not in trees:
            continue
        for rel_id, _type, target, external in _relationships(path, rels_name, trees[rels_name]):
            if external:
                continue
            part = _target(source, target)
            if part not in types:
                of = f"de {_name(source)}" if source else "du document"
                raise unreadable(
                    path,
                    f"la relation {_short(rel_id)} {of} renvoie à {_name(part)}, qui manque",
                )
            if not types[part]:
                raise unreadable(
                    path, f"la partie {_name(part)} n'a pas de type dans {_CONTENT_TYPES}"
                )
            todo.append(part)
    return main


def _relationships(path: Path, name: str, root: Any) -> Iterator[tuple[str, str, str, bool]]:
    """(id, type, target, external) of each relationship of a .rels part."""
    if root.tag != f"{_REL_NS}Relationships":
        raise unreadable(path, f"{_name(name)} ne décrit pas de relations")
    for element in root:
        if element.tag != f"{_REL_NS}Relationship":
            continue
        rel_id, rel_type, target = element.get("Id"), element.get("Type"), element.get("Target")
        if not rel_id or not rel_type or target is None:
            raise unreadable(path, f"relation incomplète dans {_name(name)}")
        yield rel_id, rel_type, target, element.get("TargetMode") == "External"


def _rels_of(source: str) -> str:
    """The relationships part of a part ("" is the package)."""
    folder, base = posixpath.split(source)
    return posixpath.join(folder, "_rels", f"{base}.rels")


def _target(source: str, target: str) -> str:
    """The member a relationship's target names, as python-docx resolves it."""
    base = posixpath.dirname(f"/{source}") if source else "/"
    return posixpath.normpath(posixpath.join(base, target)).lstrip("/")


def _name(name: str) -> str:
    return _short(name, 80)


def _short(text: str, limit: int = 120) -> str:
    text = printable(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _size(size: int) -> str:
    """« 2 Go », « 50 Mo », « 700 ko » (decimal units, as Word and file managers show)."""
    for unit, name in ((10**9, "Go"), (10**6, "Mo"), (10**3, "ko")):
        if size >= unit:
            value = size / unit
            text = f"{value:.0f}" if value >= 10 or value == int(value) else f"{value:.1f}"
            return f"{text.replace('.', ',')}\u00a0{name}"
    return f"{size}\u00a0octets"
