"""What the knowledge base stores: documents (a guideline, a user's file, a plug-in's record) and the
chunks they are cut into for retrieval.

Chunk ids are hashes of their content, so ingesting the same document twice changes nothing and a
changed document only re-embeds the chunks that changed.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationInfo, field_validator, model_validator

from radqc.language import normalise_language
from radqc.schemas import KnownModality, Modality
from radqc.taxonomy import error_types as taxonomy_error_types, load_taxonomy, unknown_type

DOCUMENT_ID_PATTERN = r"^[A-Za-z0-9._:-]{1,128}$"
# MiniLM reads at most 256 word pieces (~1000 English characters); longer chunks would be truncated.
MAX_CHUNK_CHARS = 1000
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
# A fenced code block's opening or closing line (CommonMark: 3+ backticks or tildes, indented at most 3 spaces).
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")


class KnowledgeDocument(BaseModel):
    """One citable piece of guidance. `id` is what findings cite in `guideline_ids`."""

    id: str = Field(pattern=DOCUMENT_ID_PATTERN)
    # Whether the text is Markdown, its "#" lines headings that chunks are cut at: False for a plain-text or PDF
    # file, whose line that starts with "#" is guidance like any other. Before `text`, whose check reads it; left
    # out of dumps, which tell documents apart by what they hold.
    markdown: bool = Field(default=True, exclude=True)
    text: str
    modality: KnownModality
    title: str = ""
    language: Literal["en", "zh"] = "en"
    error_types: list[str] = Field(default_factory=list)
    source: str = ""
    # The id of the same guidance in another language: retrieval returns translations side by side, so
    # a Chinese question also gets the English guideline and the reverse.
    translation_of: str | None = Field(default=None, pattern=DOCUMENT_ID_PATTERN)
    # Extra terms for lexical search only (e.g. the Chinese names of an English guideline's topic).
    keywords: list[str] = Field(default_factory=list)
    # Who owns the document: "shipped", "user" or "plugin:<name>"; refreshes replace only their own.
    origin: str = "user"
    # Where the document was read from (a file's absolute path; empty for the shipped corpus and
    # plug-ins, which their origin names): tells two files that give one id apart.
    location: str = ""

    @field_validator("language", mode="before")
    @classmethod
    def _normalise_language(cls, value: Any) -> Any:
        """Read as --language and datasets read it ("zh-CN", "en_US", "Chinese"): front matter written
        that way was refused. A tag that names no language is left for the check to refuse."""
        return normalise_language(value) or value

    @field_validator("text")
    @classmethod
    def _has_guidance(cls, value: str, info: ValidationInfo) -> str:
        """Refused in radqc's words when it holds no words: a file of front matter alone got pydantic's "String should
        have at least 1 character", and a plug-in's text of white space alone was taken. Markdown of headings alone
        holds nothing a chunk could hold but its own label, nor an audit cite: a one-line "# State the contrast
        phase" is such a heading, so the message says where its guidance goes."""
        if not value.strip():
            raise ValueError("no guidance in it (in a file, the guidance goes under its front matter)")
        markdown = info.data.get("markdown", True)
        if markdown and not _sections(value, markdown):
            raise ValueError("only headings, no guidance under them (a line that starts with '#' is a Markdown heading: "
                             "write each heading's guidance on the lines below it)")
        return value

    @field_validator("error_types", "keywords", mode="before")
    @classmethod
    def _listify(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value or []

    @model_validator(mode="after")
    def _known_error_types(self) -> "KnowledgeDocument":
        unknown = sorted(set(self.error_types) - set(taxonomy_error_types(self.modality)))
        if unknown:
            raise ValueError("; ".join(unknown_type(t, self.modality) for t in unknown))
        return self


class Chunk(BaseModel):
    id: str
    text: str
    metadata: dict[str, Any]


# The metadata key of chunks no reader may see: those an ingestion is still writing, and those of the
# version it replaces once it is complete (`KnowledgeBase.add_documents`). Every search, listing and
# count reads through VISIBLE, so that a document appears and changes all at once.
STAGED = "staged"
VISIBLE = {STAGED: {"$ne": True}}


def error_type_flag(error_type: str) -> str:
    """The boolean metadata key that lets Chroma filter by error type (its metadata holds no lists)."""
    return f"et_{error_type}"


def retrieval_notes(document: KnowledgeDocument, stored_ids: set[str]) -> list[str]:
    """What will keep retrieval from using DOCUMENT as its author presumably meant (STORED_IDS: the
    guideline ids in the knowledge base). Both are notes, not refusals: the document is still valid and
    found by `radqc kb search`, and its translation may simply be added later."""
    notes = []
    if document.modality == "cxr" and not document.error_types:
        # A radiograph's audit asks for guidelines on the faults its measurements put first
        # (`AuditSteps.retrieve_cxr_context`), and an untagged guideline is on none of them.
        # A file takes them from the command line or its front matter, a plug-in's document from its metadata.
        where = ("with --error-type or error_types in its front matter" if document.origin == "user"
                 else "as error_types in the metadata its plug-in returns")
        notes.append(f"{document.id} has no error_types, and radiograph audits retrieve only guidelines on the faults "
                     f"a film's measurements suggest, so no audit will retrieve it; give its faults {where}")
    if document.translation_of and document.translation_of not in stored_ids:
        notes.append(f"{document.id} is a translation_of {document.translation_of!r}, which is not in the knowledge base: "
                     "retrieval pairs the two once a document with that id is added (ids: `radqc kb list`)")
    return notes


def _taxonomy_terms(modality: Modality, error_types: list[str]) -> list[str]:
    """The taxonomy's English id words and Chinese name for each type: a bridge between languages."""
    taxonomy = load_taxonomy()
    return [term for t in error_types for term in (t.replace("_", " "), taxonomy.get(modality, t).zh)]


def _sections(text: str, markdown: bool) -> list[tuple[str, str]]:
    """(heading, body) pairs; text before the first heading has an empty heading. Text that is not MARKDOWN has none."""
    if not markdown:
        return [("", text.strip())] if text.strip() else []
    sections: list[tuple[str, list[str]]] = [("", [])]
    for line, in_code in _code_fenced(text.splitlines()):
        # A shell example's "# comment" in a fenced block is code, not a heading to cut at.
        match = not in_code and _HEADING.match(line)
        if match:
            sections.append((match.group(2), []))
        else:
            sections[-1][1].append(line)
    return [(heading, "\n".join(body).strip()) for heading, body in sections if "\n".join(body).strip()]


def top_heading(text: str) -> str | None:
    """The first level-1 Markdown heading of TEXT ("# Chest PA protocol"), or None: a file's own name
    for itself, a better title than its file name ("notes-v3-final")."""
    for line in _outside_code_fences(text.splitlines()):
        match = _HEADING.match(line)
        if match and len(match.group(1)) == 1:
            return match.group(2)
    return None


def _outside_code_fences(lines: list[str]) -> list[str]:
    """LINES without the fenced code blocks and their fences: a shell example's "# comment" before a
    file's first heading is no title."""
    return [line for line, in_code in _code_fenced(lines) if not in_code]


def _code_fenced(lines: list[str]) -> list[tuple[str, bool]]:
    """Each of LINES with whether it belongs to a fenced code block (``` or ~~~, its fences included).
    An unclosed fence runs to the end, as Markdown reads it."""
    marked, fence = [], None
    for line in lines:
        match = _FENCE.match(line)
        if fence is None and match:
            fence = match.group(1)
            marked.append((line, True))
        elif fence is None:
            marked.append((line, False))
        else:
            marked.append((line, True))
            if match and match.group(1).startswith(fence) and not match.group(2).strip():
                # Closed only by the same character, at least as many, and nothing after them.
                fence = None
    return marked


def _pieces(body: str, limit: int = MAX_CHUNK_CHARS) -> list[str]:
    """Split a long section at paragraph (then line, then hard) boundaries into pieces under `limit`."""
    if len(body) <= limit:
        return [body]
    pieces, current = [], ""
    for paragraph in re.split(r"\n\s*\n|\n", body):
        while len(paragraph) > limit:
            pieces.append(paragraph[:limit])
            paragraph = paragraph[limit:]
        if current and len(current) + len(paragraph) + 1 > limit:
            pieces.append(current)
            current = ""
        current = f"{current}\n{paragraph}" if current else paragraph
    return pieces + ([current] if current.strip() else [])


# The chunk metadata key holding its document's `text_hash`, left out of the chunk's id: a document changed in one
# section still re-embeds only that section's chunks (`KnowledgeBase.add_documents` updates the others' hash).
TEXT_HASH = "text_hash"


def text_hash(text: str) -> str:
    """A document's text as a short hash, blind to Unicode forms and to how its lines are spaced and ended: the
    same guidance saved under another file name (another id) hashes alike, and stored twice it took two of
    the guideline slots retrieval gives an audit."""
    words = " ".join(unicodedata.normalize("NFKC", text).split())
    return hashlib.sha256(words.encode("utf-8")).hexdigest()[:16]


def chunk_document(document: KnowledgeDocument) -> list[Chunk]:
    """Cut a document at its Markdown headings (and long sections at paragraphs) into chunks; plain text at paragraphs alone."""
    base = {
        "kind": "guideline",
        "doc_id": document.id,
        "modality": document.modality,
        "language": document.language,
        "title": document.title,
        "source": document.source,
        "origin": document.origin,
        "error_types": ",".join(document.error_types),
        "translation_group": document.translation_of or document.id,
        "lexical_extra": " ".join(document.keywords + _taxonomy_terms(document.modality, document.error_types)),
        **{error_type_flag(t): True for t in document.error_types},
        # only when set: the shipped chunks' ids (and their shipped vectors) stay what they were
        **({"location": document.location} if document.location else {}),
    }
    chunks, whole = [], {TEXT_HASH: text_hash(document.text)}
    for heading, body in _sections(document.text, document.markdown):
        for piece in _pieces(body):
            # A section under the file's own "# Title" heading is labelled once, not "Title - Title".
            label = " - ".join(part for part in dict.fromkeys((document.title, heading)) if part)
            text = f"{label}\n{piece}" if label else piece
            metadata = {**base, "heading": heading, "chunk": len(chunks)}
            digest = hashlib.sha256(json.dumps([text, metadata], sort_keys=True).encode("utf-8")).hexdigest()
            chunks.append(Chunk(id=f"g-{digest[:24]}", text=text, metadata={**metadata, **whole}))
    return chunks
