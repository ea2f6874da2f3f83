"""Where documents come from: the shipped guideline corpus, users' files and plug-in knowledge sources.

Users' files are untrusted: each problem (missing, empty, binary, too big, unreadable PDF, bad front
matter) becomes a `KnowledgeSourceError` with a message that says what to fix, never a traceback.

Plug-ins register a callable under the `radqc.knowledge_sources` entry-point group. It takes no
arguments and returns an iterable of documents: `KnowledgeDocument`s or dicts with `id`, `text` and
metadata (`modality` required; `title`, `language`, `error_types`, `source`, `keywords` optional),
either at the top level or under a `metadata` key.
"""

from __future__ import annotations

import hashlib
import logging
import re
import shlex
from contextlib import contextmanager
from difflib import get_close_matches
from importlib import resources
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any, Iterable, Iterator

import yaml
from pydantic import ValidationError

from radqc.language import detect_language
from radqc.limits import KB_FILE_BYTES_VARIABLE, MAX_KB_FILE_BYTES, over_limit
from radqc.knowledge.documents import KnowledgeDocument, top_heading
from radqc.knowledge.word_document import WORD_SUFFIX, UnreadableWordDocument, docx_text
from radqc.plural import counted
from radqc.schemas import validation_summary
from radqc.text_decoding import GUESSED, UndecodableText, UnmarkedWideText, decode_text

ENTRY_POINT_GROUP = "radqc.knowledge_sources"
PLUGIN_ORIGIN = "plugin:"  # a plug-in's documents are stored with origin "plugin:<its entry-point name>"
MARKDOWN_SUFFIXES = (".md", ".markdown")
SUPPORTED_SUFFIXES = (*MARKDOWN_SUFFIXES, ".txt", ".pdf", WORD_SUFFIX)
# Files whose headings radqc reads (a Word document's as Markdown ones): the first titles the document.
HEADED_SUFFIXES = (*MARKDOWN_SUFFIXES, WORD_SUFFIX)
# Word processors' other files: radqc reads none of them, and "unsupported file type" left a guideline's owner
# to find out how to get its text into one radqc reads.
WORD_PROCESSOR_SUFFIXES = (".doc", ".odt", ".rtf", ".pages", ".wpd")
_READ = ", ".join(SUPPORTED_SUFFIXES)
# How many of a plug-in's invalid documents one error lists (a broken exporter breaks them all alike).
MAX_LISTED_PROBLEMS = 5
_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*(?:\n|\Z)", re.DOTALL)
# What a file's front matter may set: a document's fields but those radqc says itself (who owns it, where it
# was read from, the body below the front matter).
FRONT_MATTER_KEYS = tuple(name for name in KnowledgeDocument.model_fields if name not in ("text", "origin", "location", "markdown"))


class KnowledgeSourceError(ValueError):
    pass


def _document(data: dict[str, Any], where: str) -> KnowledgeDocument:
    try:
        return KnowledgeDocument.model_validate(data)
    except ValidationError as exc:
        raise KnowledgeSourceError(f"{where}: {validation_summary(exc, 'document')}") from None


def parse_markdown(text: str, where: str, defaults: dict[str, Any]) -> KnowledgeDocument:
    """A Markdown text with optional YAML front matter; the front matter wins over `defaults`."""
    match = _FRONT_MATTER.match(text)
    front: Any = {}
    if match:
        try:
            front = yaml.safe_load(match.group(1)) or {}
        except yaml.YAMLError as exc:
            _place_in_file(exc, where, text[: match.start(1)])
            raise KnowledgeSourceError(f"{where}: the YAML front matter is invalid: {exc}") from None
        if not isinstance(front, dict):
            raise KnowledgeSourceError(f"{where}: the front matter must be a YAML mapping (key: value lines)")
        _check_front_matter_keys(front, where)
        text = text[match.end() :]
    return _document({**defaults, **front, "text": text.strip()}, where)


def _place_in_file(exc: yaml.YAMLError, where: str, before: str) -> None:
    """Make the places EXC names the file's: PyYAML read only the front matter, which BEFORE (its opening
    --- line) precedes, so it named "<unicode string>" and counted lines from the wrong one."""
    if isinstance(exc, yaml.reader.ReaderError):  # a character YAML refuses, placed by its position
        exc.name, exc.position = where, exc.position + len(before)
    marks = [mark for mark in (getattr(exc, "context_mark", None), getattr(exc, "problem_mark", None)) if mark is not None]
    for mark in {id(mark): mark for mark in marks}.values():
        mark.name, mark.line = where, mark.line + before.count("\n")


def _check_front_matter_keys(front: dict[Any, Any], where: str) -> None:
    """Refuse a key radqc does not read: a misspelt one ("error_type:") was dropped without a word, and
    the guideline stored untagged, where no audit asking for its error types would find it."""
    unknown = sorted(str(key) for key in front if key not in FRONT_MATTER_KEYS)
    if unknown:
        named = []
        for key in unknown:
            close = get_close_matches(key, FRONT_MATTER_KEYS, n=1)
            named.append(f"{key!r}" + (f" (did you mean {close[0]!r}?)" if close else ""))
        raise KnowledgeSourceError(f"{where}: unknown front matter key {', '.join(named)}; "
                                   f"radqc reads {', '.join(FRONT_MATTER_KEYS)}")


def _read_text(path: Path) -> tuple[str, str | None]:
    """A .md or .txt file decoded as CT reports are (`decode_text`: a Chinese department's GBK save or a
    Windows "Unicode" one reads as its UTF-8 original), with a note when the encoding was guessed."""
    try:
        text, guessed = decode_text(path.read_bytes())
    except UnmarkedWideText:
        raise KnowledgeSourceError(
            f"{path}: looks like a binary file, not text (only {_READ} are read), "
            "or UTF-16 without a byte-order mark: save it as UTF-8"
        ) from None
    except UndecodableText as exc:
        raise KnowledgeSourceError(f"{path}: {exc}") from None
    if "\x00" in text:  # binary data behind a byte-order mark decodes, but holds NUL characters no text has
        raise KnowledgeSourceError(f"{path}: looks like a binary file, not text (only {_READ} are read)")
    return text, f"{path}: {GUESSED}; check that it reads right" if guessed else None


@contextmanager
def _silenced(logger_name: str) -> Iterator[None]:
    """Mute a library's logger (and its children) for a while: pypdf logs what it then raises ("EOF
    marker not found"), and that line would stand, unexplained, above radqc's own message about the file."""
    logger = logging.getLogger(logger_name)
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        logger.setLevel(level)


def _read_pdf(path: Path) -> str:
    with _silenced("pypdf"):
        return _pdf_text(path)


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            raise KnowledgeSourceError(f"{path}: the PDF is encrypted; export an unprotected copy")
        text = "\n\n".join(page.extract_text() or "" for page in reader.pages)
    except KnowledgeSourceError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise KnowledgeSourceError(f"{path}: unreadable PDF ({exc})") from None
    if not text.strip():
        raise KnowledgeSourceError(f"{path}: the PDF has no extractable text (a scan? run OCR first)")
    return text


def _read_docx(path: Path) -> str:
    try:
        return docx_text(path, MAX_KB_FILE_BYTES, KB_FILE_BYTES_VARIABLE)
    except UnreadableWordDocument as exc:
        raise KnowledgeSourceError(f"{path}: {exc}") from None


def _read(path: Path) -> tuple[str, str | None]:
    """PATH's text by its kind, with `_read_text`'s note on a guessed encoding (else None)."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return _read_pdf(path), None
    if suffix == WORD_SUFFIX:
        return _read_docx(path), None
    return _read_text(path)


def default_document_id(path: Path, text: str) -> str:
    """A file's id when it does not name one: its name plus a short content hash (unique, stable)."""
    return f"{_id_stem(path)}-{hashlib.sha256(text.encode('utf-8')).hexdigest()[:8]}"


def ids_of_file(name: str, ids: list[str]) -> list[str]:
    """Those of IDS that `default_document_id` gives a file called NAME (any version of its text): what a user
    means who names the file they added (`radqc kb remove our-protocol.md`) rather than its id."""
    pattern = re.compile(re.escape(_id_stem(Path(name))) + r"-[0-9a-f]{8}")
    return [doc_id for doc_id in ids if pattern.fullmatch(doc_id)]


def _id_stem(path: Path) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", path.stem).strip("-")[:80] or "document"


def load_file(path: Path, defaults: dict[str, Any] | None = None) -> tuple[KnowledgeDocument, str | None]:
    """Read one user file, with a note for its owner when its encoding was guessed (else None).
    `defaults` supplies what a file cannot say itself (modality, language...); without them the
    language is read off the text."""
    path = Path(path)
    if not path.exists():
        raise KnowledgeSourceError(f"{path}: no such file")
    if path.is_dir():
        # A folder of guidelines is the obvious thing to hand over; the shell's glob picks its files.
        raise KnowledgeSourceError(f"{path} is a folder: name its files (`radqc kb add {path / '*.md'}` adds its Markdown ones)")
    if not path.is_file():
        raise KnowledgeSourceError(f"{path}: not a regular file")
    if path.suffix.lower() in WORD_PROCESSOR_SUFFIXES:
        raise KnowledgeSourceError(
            f"{path}: a word processor's document, which radqc does not read: save it as PDF or as plain text (.txt) from its "
            f"editor, or convert it (`libreoffice --headless --convert-to pdf {shlex.quote(path.name)}`; `pandoc "
            f"{shlex.quote(path.name)} -o {shlex.quote(path.stem + '.md')}` keeps its headings, which radqc cuts chunks at), then add that file")
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise KnowledgeSourceError(f"{path}: unsupported file type; use one of {', '.join(SUPPORTED_SUFFIXES)}")
    size = path.stat().st_size
    if size == 0:
        raise KnowledgeSourceError(f"{path}: the file is empty")
    if size > MAX_KB_FILE_BYTES:
        raise KnowledgeSourceError(
            f"{path}: {over_limit(size, MAX_KB_FILE_BYTES, KB_FILE_BYTES_VARIABLE)}"
        )
    try:
        text, note = _read(path)
    except OSError as exc:
        raise KnowledgeSourceError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if not text.strip():
        raise KnowledgeSourceError(f"{path}: the file holds only white space")
    # The language is read off the text as a report's is, unless an option or the front matter says: a
    # Chinese guideline stored as "en" was listed, counted and shown to the auditors as English.
    body = _FRONT_MATTER.sub("", text, count=1)
    language = detect_language(body)
    # A Markdown file without a `title:` is titled by its first "# heading", as a reader would name it (a Word document
    # by its Title or first Heading 1).
    title = (path.suffix.lower() in HEADED_SUFFIXES and top_heading(body)) or path.stem
    base = {"id": default_document_id(path, text), "title": title, "source": path.name, "language": language, **(defaults or {})}
    if "modality" not in base and not _FRONT_MATTER.match(text):
        if re.match(r"---\s*\n", text):  # its modality was asked for when the file's own front matter set one
            raise KnowledgeSourceError(f"{path}: the front matter has no closing --- line")
        raise KnowledgeSourceError(f"{path}: say which modality it is for (--modality cxr|ct_report or front matter)")
    if path.suffix.lower() in MARKDOWN_SUFFIXES:
        document = parse_markdown(text, str(path), base)
    else:
        document = _document({**base, "text": text.strip(), "markdown": path.suffix.lower() in HEADED_SUFFIXES}, str(path))
    return document.model_copy(update={"location": str(path.resolve())}), note  # location: never what the file claims


def shipped_documents() -> list[KnowledgeDocument]:
    """The project's own guideline corpus (package data in knowledge/guidelines/)."""
    folder = resources.files("radqc.knowledge").joinpath("guidelines")
    return [
        parse_markdown(entry.read_text(encoding="utf-8"), f"guidelines/{entry.name}", {"origin": "shipped"})
        for entry in sorted(folder.iterdir(), key=lambda e: e.name)
        if entry.name.endswith(".md") and entry.name != "README.md"
    ]


def shipped_fingerprint() -> str:
    """Changes whenever a shipped guideline file changes: tells an existing index it is stale."""
    digest = hashlib.sha256()
    for document in shipped_documents():
        digest.update(document.model_dump_json().encode("utf-8"))
    return digest.hexdigest()[:24]


def _plugin_document(item: Any, plugin: str, where: str) -> KnowledgeDocument:
    if isinstance(item, KnowledgeDocument):
        data = {**item.model_dump(), "markdown": item.markdown}  # kept out of dumps, so named here
    elif isinstance(item, dict) and isinstance(item.get("metadata") or {}, dict):
        data = {**(item.get("metadata") or {}), **{k: v for k, v in item.items() if k != "metadata"}}
    else:
        raise KnowledgeSourceError(f"{where}: a {type(item).__name__} (or its metadata) is not a mapping, so not a document")
    return _document({**data, "origin": f"{PLUGIN_ORIGIN}{plugin}", "location": ""}, where)


def _item_name(number: int, item: Any) -> str:
    """How an error names a plug-in's NUMBERth item: its position, and its id when it has one."""
    item_id = item.id if isinstance(item, KnowledgeDocument) else item.get("id") if isinstance(item, dict) else None
    return f"document {number}" + (f" ({str(item_id)[:80]!r})" if item_id else "")


def plugin_sources() -> dict[str, Any]:
    """Installed knowledge-source plug-ins by name (not yet called)."""
    return {ep.name: ep for ep in entry_points(group=ENTRY_POINT_GROUP)}


def uninstalled_plugins(chunks_by_origin: dict[str, int]) -> dict[str, int]:
    """The plug-ins among CHUNKS_BY_ORIGIN (a knowledge base's chunk count by origin) that are no longer
    installed, with their chunk counts: their guidance is still retrieved and cited, and nothing else
    says that its source is gone."""
    installed = plugin_sources()
    plugins = {origin.removeprefix(PLUGIN_ORIGIN): chunks for origin, chunks in chunks_by_origin.items() if origin.startswith(PLUGIN_ORIGIN)}
    return {name: chunks for name, chunks in plugins.items() if name not in installed}


def plugin_documents(name: str, entry_point: Any) -> list[KnowledgeDocument]:
    """Call one plug-in and validate what it returns; a broken plug-in is an error naming it.

    A plug-in's documents are taken all or none: a re-index removes what a source no longer returns,
    so taking the valid part of a broken export would drop the indexed version of every invalid
    document. The error names each invalid one (position and id), so that its author can fix them all
    at once instead of one per run."""
    try:
        items: list[Any] = list(entry_point.load()())
    except KeyboardInterrupt:  # the user's Ctrl-C, not the plug-in's failure
        raise
    except BaseException as exc:  # a third party's code: report it, whatever it raised; a sys.exit() at its import ended radqc unnamed
        said = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        raise KnowledgeSourceError(f"knowledge source {name!r} failed: {said}") from exc
    documents, problems = [], []
    for number, item in enumerate(items, 1):
        try:
            documents.append(_plugin_document(item, name, _item_name(number, item)))
        except KnowledgeSourceError as exc:
            problems.append(str(exc))
    if problems:
        listed = "; ".join(problems[:MAX_LISTED_PROBLEMS])
        more = f"; and {len(problems) - MAX_LISTED_PROBLEMS} more" if len(problems) > MAX_LISTED_PROBLEMS else ""
        raise KnowledgeSourceError(
            f"knowledge source {name!r}: {len(problems)} of {counted(len(items), 'document')} {'is' if len(problems) == 1 else 'are'} "
            f"invalid, so none of its documents "
            f"changed: {listed}{more}"
        )
    return documents
