"""The knowledge base the auditors retrieve from: guidelines and verified past cases, offline.

`retrieve_guidelines`, `similar_cases`, `query_embedding` and `add_past_cases` are what the workflow
calls. Importing this package is cheap; Chroma and the embedding model load on the first call, once per
process, from the folder `radqc.settings.kb_dir()` (RADQC_KB_DIR, default RADQC_HOME/kb).
"""

from __future__ import annotations

import errno
import hashlib
import json
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator, TypeVar

from pydantic import BaseModel

from radqc.agents.base import RetrievedCase, RetrievedGuideline
from radqc.knowledge.embedding import TextVector
from radqc.offline import apply_offline_env
from radqc.schemas import Finding, Modality
from radqc.settings import kb_dir, kb_dir_setting

if TYPE_CHECKING:
    from radqc.knowledge.documents import Chunk
    from radqc.knowledge.store import KnowledgeBase

__all__ = [
    "KnowledgeBase", "KnowledgeBaseError", "KnowledgeBaseReadOnly", "open_knowledge_base", "retrieve_guidelines", "similar_cases", "query_embedding",
    "add_past_case", "add_past_cases", "PastCase", "CASES_PER_WRITE", "past_case_batches", "NOT_STORED",
]

# Past cases are stored this many at a time (`radqc kb add-cases`, `radqc review`): one write per batch.
# One per case: 1,000 reports in 75 s; 32 a write: 59 s, peak memory 0.88 GB; 128: 61 s, 1.15 GB
# (measured when a batch was also one embedding call; each text is now embedded alone, `embed_alone`).
CASES_PER_WRITE = 32
# How a reviewed case's trace begins its `closed_loop` when the past-case store refused it: written by the workflow,
# read back by the commands that say on stderr which reviewed cases retrieval will not offer.
NOT_STORED = "not stored: "


# What an OSError says when radqc may not write where the knowledge base lives: a read-only home (a container's, a
# shared install's) or another user's folder.
_NOT_WRITABLE = (errno.EACCES, errno.EPERM, errno.EROFS)
# What Chroma's error says when its database file may not be written (the folder may be writable).
_READ_ONLY_DATABASE = "readonly database"

# The lock file `KnowledgeBase` takes in the folder on every open (Chroma sets up a new folder without a lock of its own).
OPEN_LOCK = "open.lock"
# Chroma's database file: a folder holding one holds a knowledge base built before.
CHROMA_DATABASE = "chroma.sqlite3"


def _moved_by() -> str:
    """The setting that moves the knowledge base, as a message telling the user to move it names it: with RADQC_KB_DIR
    set, moving RADQC_HOME does nothing."""
    return "RADQC_KB_DIR" if kb_dir_setting() == "RADQC_KB_DIR" else "RADQC_HOME (or RADQC_KB_DIR for the knowledge base alone)"


class KnowledgeBaseError(RuntimeError):
    """The knowledge-base folder cannot be opened (a corrupted or foreign database, a file in its place), or not
    written (`unwritable`: a rebuild would fail alike, so its message names the setting that moves it instead; a
    knowledge base built there before is read from a copy instead, `store.opened`). UNWRITABLE, when given, says so
    of a folder whose CAUSE does not; REMEDY, when given, replaces the advice, for a read-only folder whose copy
    failed (the copy's own cause) or opened damaged.
    Defined here, not in `store`, so that callers can catch it without importing Chroma."""

    def __init__(self, path: Path, cause: BaseException, unwritable: bool | None = None, remedy: str | None = None) -> None:
        self.path, self.cause = path, cause
        self.unwritable = (((isinstance(cause, OSError) and cause.errno in _NOT_WRITABLE) or database_alone_read_only(cause))
                           if unwritable is None else unwritable)
        if remedy is None and self.unwritable:
            remedy = (f"radqc may not write there, so it cannot build a knowledge base there (one built before is read "
                      f"from a copy, read-only): {moving_it()}")
        elif remedy is None:
            remedy = ("Run `radqc kb rebuild` to set it aside and build a fresh one (files added with `radqc kb add` "
                      "and past cases must then be added again), or run without retrieval (--no-rag).")
        super().__init__(f"the knowledge base in {path} cannot be opened ({type(cause).__name__}: {cause}). {remedy}")


def moving_it() -> str:
    """The advice that ends a message on a knowledge base radqc cannot use where it is: move it, or do without."""
    return f"set {_moved_by()} to a folder it may write to, or run without retrieval (--no-rag)."


def database_alone_read_only(cause: BaseException) -> bool:
    """Whether CAUSE, why a knowledge base could not be opened, is its database file alone being read-only (Chroma's
    "attempt to write a readonly database" in a folder radqc could take its lock in), not the folder."""
    return _READ_ONLY_DATABASE in str(cause)


class KnowledgeBaseReadOnly(RuntimeError):
    """A change (a guideline added, synced or removed, a past case stored) to a knowledge base radqc may not write, which
    it reads from a private copy (`store.opened`): written to the copy, the change would vanish when the command ends,
    as if stored. DATABASE_ALONE: the folder is writable and only its database file is not, which one chmod mends; a
    copy made with `cp -a` keeps the read-only modes, so the advice says `cp -r`.
    Defined here for the reason `KnowledgeBaseError` is."""

    def __init__(self, path: Path, database_alone: bool = False) -> None:
        self.path, self.database_alone = path, database_alone
        if database_alone:
            remedy = f"to change it, make that file writable (`chmod u+w {path / CHROMA_DATABASE}`)."
        else:
            remedy = (f"to change it, copy the folder to one radqc may write to (`cp -r`; a copy made with `cp -a` keeps "
                      f"the read-only modes, so run `chmod -R u+w` on it) and set {_moved_by()} to that copy.")
        what = f"its database file, {CHROMA_DATABASE}; " if database_alone else ""
        super().__init__(f"the knowledge base in {path} is read-only to radqc ({what}audits read it from a copy), so "
                         f"nothing can be added to it or removed from it: {remedy}")

_open_bases: dict[str, "KnowledgeBase"] = {}
_open_lock = threading.Lock()


def open_knowledge_base(changing: bool = False) -> "KnowledgeBase":
    """The knowledge base in `kb_dir()`, opened once per process and per folder (read from a private copy when radqc
    may not write that folder: `store.opened`). CHANGING, for a command that changes it: one radqc may not write
    raises KnowledgeBaseReadOnly before any copy is made."""
    path = kb_dir()
    with _open_lock:
        if str(path) not in _open_bases:
            apply_offline_env()
            from radqc.knowledge.store import opened

            _open_bases[str(path)] = opened(path, changing)
        elif changing:
            _open_bases[str(path)].refuse_changes()
        return _open_bases[str(path)]


def guideline_words(fingerprint: dict[str, Any]) -> str:
    """A knowledge base's guideline documents by origin (`KnowledgeBase.fingerprint`), in words:
    "88 shipped + 2 of yours + 3 from plug-in acme"."""
    from radqc.knowledge.sources import PLUGIN_ORIGIN

    counts = fingerprint["guidelines"]
    parts = [f"{counts['shipped']} shipped"] if counts.get("shipped") else []
    parts += [f"{counts['user']} of yours"] if counts.get("user") else []
    parts += [f"{n} from plug-in {origin.removeprefix(PLUGIN_ORIGIN)}" for origin, n in counts.items() if origin.startswith(PLUGIN_ORIGIN)]
    return " + ".join(parts) or "none"


def knowledge_base_words(fingerprint: dict[str, Any]) -> str:
    """What a knowledge base held (`KnowledgeBase.fingerprint`), in words."""
    return f"guidelines {guideline_words(fingerprint)}, {fingerprint['past_cases']} past cases"


def retrieve_guidelines(
    query: str, modality: Modality | None, k: int = 4, error_types: list[str] | None = None, dense: bool = True
) -> list[RetrievedGuideline]:
    """The `k` guidelines most relevant to `query` (any language) of MODALITY (None: of both, as `radqc kb search`
    without --modality searches), optionally only those on `error_types`.
    DENSE=False ranks by words alone (BM25), without loading the embedding model."""
    hits = open_knowledge_base().search_guidelines(query, modality, k=k, error_types=error_types, dense=dense)
    return [
        RetrievedGuideline(
            id=hit.metadata["doc_id"],
            text=hit.text,
            modality=hit.metadata.get("modality", ""),
            error_types=[t for t in hit.metadata.get("error_types", "").split(",") if t],
            language=hit.metadata.get("language", "en"),
            source=hit.metadata.get("source", ""),
            score=hit.score,
            translation_of=None if hit.metadata.get("translation_group", hit.metadata["doc_id"]) == hit.metadata["doc_id"]
            else hit.metadata["translation_group"],
        )
        for hit in hits
    ]


def similar_cases(
    query: str, modality: Modality | None, k: int = 3, features: dict[str, float] | None = None, scales: dict[str, float] | None = None
) -> list[RetrievedCase]:
    """Verified past cases similar to `query` (a report, or an image feature summary) of MODALITY (None: of both),
    excluding itself.
    With FEATURES (a radiograph's measurements), the cases nearest in those of SCALES (each feature's
    spread), whatever the text: a feature summary's words and digits say little about closeness."""
    base = open_knowledge_base()
    hits = base.nearest_cases(features, scales, modality, k) if features and scales else base.search_cases(query, modality, k)
    return [
        RetrievedCase(
            case_id=hit.metadata["case_id"],
            modality=hit.metadata["modality"],
            text=hit.text,
            findings=[Finding.model_validate(f) for f in json.loads(hit.metadata.get("findings_json", "[]"))],
            features=json.loads(hit.metadata.get("features_json", "{}")),
            score=hit.score,
        )
        for hit in hits
    ]


def query_embedding(query: str) -> TextVector | None:
    """The vector `retrieve_guidelines` or `similar_cases` computed for QUERY's text in this process, or
    None when they searched it by words or measurements alone. A reviewing run keeps a report's: once
    confirmed, the report is stored embedded (`add_past_cases`), and that is the same vector."""
    from radqc.knowledge.hybrid import MAX_QUERY_CHARS, embedded_query

    text = query[:MAX_QUERY_CHARS]  # what the search embedded
    vector = embedded_query(text)
    return None if vector is None else TextVector.of(text, vector)


def feature_summary(features: dict[str, Any]) -> str:
    """An image's measured features as searchable text, one `name: value` line each."""
    return "\n".join(f"{name}: {value}" for name, value in sorted(features.items()))


class PastCase(BaseModel):
    """A verified case to store: its report TEXT (a radiograph has none: its FEATURES are searched). A
    model rather than a tuple because a reviewed case waits in its checkpoint, as plain data, until
    the run stores it."""

    case_id: str
    modality: Modality
    text: str
    findings: list[Finding]
    features: dict | None = None
    # The text's vector when retrieval computed it already (`query_embedding`); stored in place of
    # embedding the text again only if it is exactly that (`KnowledgeBase.add_cases`).
    text_vector: TextVector | None = None


T = TypeVar("T")


def past_case_batches(items: Iterable[T]) -> Iterator[list[T]]:
    """ITEMS in lists of CASES_PER_WRITE (the last one shorter), for one store write each. ITEMS is
    read no further ahead than the batch being filled, so a lazy one (cases resumed as a reviewer
    answers) is stored as it goes."""
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == CASES_PER_WRITE:
            yield batch
            batch = []
    if batch:
        yield batch


def add_past_case(
    case_id: str, modality: Modality, text: str, findings: list[Finding], features: dict | None = None
) -> str:
    """Store one verified case; returns its record id."""
    return add_past_cases([PastCase(case_id=case_id, modality=modality, text=text, findings=findings, features=features)])[0]


def add_past_cases(cases: list[PastCase]) -> list[str]:
    """Store verified cases in one write and return their record ids. Many cases (`radqc kb add-cases`,
    a review) go in `past_case_batches`: one Chroma write per case cost ~75 ms each, against ~55 ms a
    report in a batch, nearly all of it the embedding model reading the text (which a case's
    `text_vector` spares, `KnowledgeBase.add_cases`).

    The id hashes modality, case id and text: reviewing the same case again replaces its findings, while
    two datasets that reuse a case id for different reports keep both.
    """
    chunks = [_past_case_chunk(case) for case in cases]
    vectors = {chunk.id: case.text_vector for chunk, case in zip(chunks, cases) if case.text_vector}
    open_knowledge_base().add_cases(chunks, vectors)
    return [chunk.id for chunk in chunks]


def _past_case_chunk(case: PastCase) -> "Chunk":
    from radqc.knowledge.documents import Chunk
    from radqc.knowledge.store import case_metadata

    features = case.features or {}
    text = case.text or feature_summary(features)
    if not text.strip():
        raise ValueError(f"past case {case.case_id!r} has neither text nor features to search by")
    digest = hashlib.sha256("\x00".join((case.modality, case.case_id, text)).encode("utf-8")).hexdigest()
    metadata = case_metadata(case.case_id, case.modality, [f.model_dump() for f in case.findings], features)
    return Chunk(id=f"case-{digest[:24]}", text=text, metadata=metadata)


def __getattr__(name: str) -> Any:
    if name == "KnowledgeBase":
        from radqc.knowledge.store import KnowledgeBase

        return KnowledgeBase
    raise AttributeError(name)
