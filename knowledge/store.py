"""The knowledge base: two Chroma collections, guidelines and verified past cases, searched hybrid.

Chroma is the persistent store (documents, metadata, embeddings, content-hash ids); ranking happens in
`hybrid` on a snapshot of each collection that is reloaded after every write through this object.
"""

from __future__ import annotations

import atexit
import errno
import glob
import hashlib
import json
import os
import re
import shutil
import socket
import stat
import tempfile
import threading
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any, Callable, Iterable

import chromadb
import numpy as np
from chromadb.api.shared_system_client import SharedSystemClient
from chromadb.config import Settings
from pydantic import BaseModel

from radqc.file_lock import exclusive_lock
from radqc.jsonl import write_atomically
from radqc.knowledge import (CHROMA_DATABASE, OPEN_LOCK, KnowledgeBaseError, KnowledgeBaseReadOnly, database_alone_read_only,
                             moving_it)
from radqc.knowledge.documents import (STAGED, TEXT_HASH, VISIBLE, Chunk, KnowledgeDocument, chunk_document, error_type_flag,
                                       text_hash)
from radqc.knowledge.embedding import TextVector, chroma_embedding_function, embed, embed_alone
from radqc.knowledge.hybrid import Hit, Snapshot
from radqc.knowledge.shipped_vectors import shipped_vectors
from radqc.knowledge.sources import PLUGIN_ORIGIN, shipped_documents, shipped_fingerprint

GUIDELINES = "guidelines"
PAST_CASES = "past_cases"
WRITE_BATCH = 1000
# Chunks embedded and written at a time: small enough that a progress bar moves every few seconds.
EMBED_BATCH = 128
MAX_CASE_TEXT_CHARS = 20_000
INGEST_LOCK = "ingest.lock"
INGEST_JOURNAL = "ingest-journal.json"

# Called with (chunks written, chunks to write) while an ingestion embeds.
Progress = Callable[[int, int], None]


class IngestReport(BaseModel):
    added: int = 0
    unchanged: int = 0
    removed: int = 0
    refused: dict[str, str] = {}  # document id -> why it was not written (naming the sources that clash)


class RemoveReport(BaseModel):
    chunks: int = 0  # of a guideline document
    past_cases: int = 0


class StoredCollection:
    """A Chroma collection with batched writes and the search snapshot they invalidate. What is written
    is embedded in batches, or with ONE_TEXT_PER_CALL by `embed_alone`."""

    def __init__(self, collection: Any, one_text_per_call: bool = False) -> None:
        self.collection = collection
        self.one_text_per_call = one_text_per_call
        self._snapshot: Snapshot | None = None
        self._lock = threading.Lock()

    def snapshot(self) -> Snapshot:
        with self._lock:
            if self._snapshot is None:
                self._snapshot = Snapshot(self.collection)
            return self._snapshot

    def changed(self) -> None:
        self._snapshot = None

    def existing_ids(self, ids: list[str]) -> set[str]:
        found: set[str] = set()
        for start in range(0, len(ids), WRITE_BATCH):
            found |= set(self.collection.get(ids=ids[start : start + WRITE_BATCH], include=[])["ids"])
        return found

    def write(self, chunks: list[Chunk], progress: Progress | None = None, vectors: dict[str, np.ndarray] | None = None) -> None:
        """Upsert CHUNKS, with the VECTORS given for some of them (by chunk id) and the others embedded."""
        for start in range(0, len(chunks), EMBED_BATCH):
            batch = chunks[start : start + EMBED_BATCH]
            self.collection.upsert(
                ids=[c.id for c in batch],
                documents=[c.text for c in batch],
                metadatas=[c.metadata for c in batch],
                embeddings=_vectors(batch, {**shipped_vectors(), **(vectors or {})}, embed_alone if self.one_text_per_call else embed),
            )
            if progress:
                progress(start + len(batch), len(chunks))
        self.changed()

    def delete(self, ids: list[str]) -> None:
        for start in range(0, len(ids), WRITE_BATCH):
            self.collection.delete(ids=ids[start : start + WRITE_BATCH])
        self.changed()

    def ids_with(self, key: str, values: list[str]) -> list[str]:
        """Ids of the records whose metadata `key` is one of `values`."""
        found: list[str] = []
        for start in range(0, len(values), WRITE_BATCH):
            found += self.collection.get(where={key: {"$in": values[start : start + WRITE_BATCH]}}, include=[])["ids"]
        return found


def _vectors(chunks: list[Chunk], known: dict[str, np.ndarray], embed_texts: Callable[[list[str]], np.ndarray]) -> list[np.ndarray]:
    """CHUNKS' embeddings: those KNOWN by chunk id (the shipped ones from `shipped_vectors`, say), the
    others computed by EMBED_TEXTS (which loads the embedding model only when there are any)."""
    missing = [c for c in chunks if c.id not in known]
    computed = dict(zip([c.id for c in missing], embed_texts([c.text for c in missing])))
    return [known[c.id] if c.id in known else computed[c.id] for c in chunks]


class KnowledgeBase:
    """The client and both collections of one knowledge-base folder. Open it through `open_knowledge_base`."""

    def __init__(self, path: Path, read_only: KnowledgeBaseReadOnly | None = None) -> None:
        self.path = path
        # Set when PATH is a private copy of a knowledge base radqc may not write (`read_only_copy`): every change is
        # refused with it, and its `path` is the folder the user gave.
        self.read_only = read_only
        try:
            path.mkdir(parents=True, exist_ok=True)
            # Chroma creates a new folder's tables and collections without a lock of its own: radqc
            # commands started together on a new RADQC_HOME raced ("table collections already exists"),
            # and the loser was told to rebuild a sound knowledge base, which `kb rebuild` moved aside.
            with exclusive_lock(path / OPEN_LOCK):
                self.client = chromadb.PersistentClient(
                    path=str(path), settings=Settings(anonymized_telemetry=False, allow_reset=False)
                )
                self.guidelines = StoredCollection(self._collection(GUIDELINES))
                # Past cases one text per call: their vectors then do not depend on which cases were stored
                # together, and a reviewed report's vector from retrieval is the one storing it computes.
                self.cases = StoredCollection(self._collection(PAST_CASES), one_text_per_call=True)
        except Exception as exc:  # Chroma's InternalError, sqlite's errors, OSError: all mean "unusable"
            # Chroma keeps the half-started client of a folder and answers the next open with an
            # AttributeError that hides the cause; forgetting it lets every open report the real one.
            SharedSystemClient._identifier_to_system.pop(str(path), None)
            raise KnowledgeBaseError(path, exc) from exc
        self._shipped_checked = False
        self._shipped_lock = threading.Lock()
        self._finish_interrupted_ingestion()

    @classmethod
    def read_only_copy(cls, source: Path, refusal: KnowledgeBaseReadOnly) -> "KnowledgeBase":
        """SOURCE, a knowledge base radqc may not write, opened from a private copy (`private_copy`): Chroma writes to
        its database and radqc takes a lock in the folder even to read it. Changes are refused with REFUSAL. Each
        message names the real cause: the copy's (TMPDIR full, a file unreadable, a link refused, too large), or a
        damaged database, which a copy would not mend."""
        try:
            copy = private_copy(source)
        except OSError as exc:
            raise KnowledgeBaseError(source, exc, unwritable=True, remedy=(
                f"radqc may not write there, so it reads it from a copy in the temporary folder ({tempfile.gettempdir()}), "
                f"and that copy could not be made ({_why_not_copied(exc)}): make the folder writable, or {moving_it()}")) from exc
        try:
            return cls(copy, read_only=refusal)
        except KnowledgeBaseError as exc:  # named by the folder the user gave, where a rebuild could not set it aside
            raise KnowledgeBaseError(source, exc.cause, unwritable=True, remedy=(
                f"It is damaged, and radqc may not write there, so a rebuild could not replace it: {moving_it()}")) from exc.cause

    def refuse_changes(self) -> None:
        """Raise KnowledgeBaseReadOnly when this is a read-only knowledge base's copy (`read_only_copy`): a change
        written to the copy would vanish with it, as if stored."""
        if self.read_only is not None:
            raise self.read_only

    def _collection(self, name: str) -> Any:
        return self.client.get_or_create_collection(
            name, embedding_function=chroma_embedding_function(), configuration={"hnsw": {"space": "cosine"}}
        )

    # Guidelines -------------------------------------------------------------------------------------

    def add_documents(self, documents: Iterable[KnowledgeDocument], progress: Progress | None = None) -> IngestReport:
        """Upsert documents; a document that changed loses the chunks it no longer has. A document whose
        id another source already uses is refused (see `_claims`), the others are written.

        Each call is all or nothing, because a large file takes minutes to embed and may fail or be
        killed half-way: `kb list` and audits in other processes saw 1,792 of a document's 2,600
        chunks. The new chunks are written STAGED, which no reader sees, and listed in a journal file;
        once all are written, one Chroma update shows them and stages the old version's (`_publish`),
        which are then deleted, and the journal removed. A call that fails undoes itself (`_replace`);
        what a killed one left is finished or undone by the next call or the next open
        (`_settle_journal`), and until then only its staged chunks are left, unseen. The ingestion lock
        is held from the id claims to the journal's removal, so two concurrent adds cannot both claim
        one id, nor can one process undo another's write still in progress."""
        self.refuse_changes()
        return self._ingest(documents, progress)

    def _ingest(self, documents: Iterable[KnowledgeDocument], progress: Progress | None = None) -> IngestReport:
        """`add_documents` without its refusal: the shipped guidelines are synced so into a read-only knowledge base's
        copy too (`_sync_shipped`), as what its audits retrieve from."""
        documents = list(documents)
        with exclusive_lock(self.path / INGEST_LOCK):
            self._settle_journal()  # a failure earlier in this process, or a killed one, left it
            accepted, refused = self._claims(documents)
            wanted, existing, new = self._plan(accepted)
            doc_ids = sorted({document.id for document in accepted})
            removed = self._replace(doc_ids, wanted, new, progress)
            self._rehash(accepted, existing)
        return IngestReport(added=len(new), unchanged=len(wanted & existing), removed=removed, refused=refused)

    def chunks_to_embed(self, documents: Iterable[KnowledgeDocument]) -> dict[str, int]:
        """How many chunks adding DOCUMENTS would embed, by document id (those already stored cost nothing),
        so that a caller can say beforehand how long a large file will take."""
        return dict(Counter(chunk.metadata["doc_id"] for chunk in self._plan(list(documents))[2]))

    def _plan(self, documents: list[KnowledgeDocument]) -> tuple[set[str], set[str], list[Chunk]]:
        """The ids of the chunks DOCUMENTS make, those of them already stored, and the chunks to embed."""
        chunks = [chunk for document in documents for chunk in chunk_document(document)]
        wanted = {chunk.id for chunk in chunks}
        existing = self.guidelines.existing_ids(sorted(wanted))
        return wanted, existing, list({chunk.id: chunk for chunk in chunks if chunk.id not in existing}.values())

    def _rehash(self, documents: list[KnowledgeDocument], kept: set[str]) -> None:
        """Give the KEPT chunks of DOCUMENTS (stored before, unchanged) their document's text hash as it is now: the
        hash is not in a chunk's id (`TEXT_HASH`), so a document changed elsewhere, or added by a radqc that did
        not record it, keeps the old one or none, and a copy of its text would not be recognised."""
        hashes = {chunk.id: chunk.metadata[TEXT_HASH] for document in documents for chunk in chunk_document(document)
                  if chunk.id in kept}
        ids, stale = sorted(hashes), []
        for start in range(0, len(ids), WRITE_BATCH):
            found = self.guidelines.collection.get(ids=ids[start : start + WRITE_BATCH], include=["metadatas"])
            stale += [i for i, meta in zip(found["ids"], found["metadatas"]) if meta.get(TEXT_HASH) != hashes[i]]
        for start in range(0, len(stale), WRITE_BATCH):
            batch = stale[start : start + WRITE_BATCH]
            self.guidelines.collection.update(ids=batch, metadatas=[{TEXT_HASH: hashes[i]} for i in batch])

    def _replace(self, doc_ids: list[str], wanted: set[str], new: list[Chunk], progress: Progress | None) -> int:
        """Write NEW staged, then publish them in place of the chunks of DOC_IDS not WANTED, under a
        journal; returns chunks dropped.
        Any failure (an embedding error, Ctrl-C) settles the journal before it propagates, so the
        documents keep one whole version and the next call does not overwrite a journal still needed."""
        journal = {"doc_ids": doc_ids, "wanted": sorted(wanted), "new": [chunk.id for chunk in new]}
        write_atomically(self.path / INGEST_JOURNAL, json.dumps(journal))
        try:
            if new:
                self.guidelines.write([chunk.model_copy(update={"metadata": {**chunk.metadata, STAGED: True}}) for chunk in new], progress)
            removed = self._publish(doc_ids, wanted, journal["new"])
        except BaseException:
            self._settle_journal()  # if this fails too, the journal stays for the next call or open
            raise
        (self.path / INGEST_JOURNAL).unlink()
        return removed

    def _publish(self, doc_ids: list[str], wanted: set[str], new_ids: list[str]) -> int:
        """Show the staged NEW_IDS and stage the chunks of DOC_IDS not WANTED (their previous version) in
        one Chroma update, which a reader sees whole, then delete the latter; returns how many. (Beyond
        Chroma's batch limit, 5,461 chunks here, it takes several updates, a fraction of a second apart.)
        Run again on the same journal, it does what is left."""
        stale = [i for i in self.guidelines.ids_with("doc_id", doc_ids) if i not in wanted]
        marks = [(i, {STAGED: None}) for i in new_ids] + [(i, {STAGED: True}) for i in stale]
        limit = self.client.get_max_batch_size()
        for start in range(0, len(marks), limit):
            batch = marks[start : start + limit]
            self.guidelines.collection.update(ids=[i for i, _ in batch], metadatas=[mark for _, mark in batch])
        self.guidelines.changed()
        if stale:
            self.guidelines.delete(stale)
        return len(stale)

    def _finish_interrupted_ingestion(self) -> None:
        """Settle the journal a killed `add_documents` left, unless another process is writing right now."""
        if not (self.path / INGEST_JOURNAL).exists():
            return
        with exclusive_lock(self.path / INGEST_LOCK, wait=False) as obtained:
            if obtained:
                self._settle_journal()

    def _settle_journal(self) -> None:
        """With the ingestion lock held: complete an `add_documents` whose new chunks were all written
        (only publishing them was left), or else delete the staged chunks it did write, so the documents
        keep their old version; then remove its journal."""
        journal_path = self.path / INGEST_JOURNAL
        if not journal_path.exists():
            return
        journal = json.loads(journal_path.read_text(encoding="utf-8"))
        written = self.guidelines.existing_ids(journal["new"])
        if len(written) == len(journal["new"]):
            self._publish(journal["doc_ids"], set(journal["wanted"]), journal["new"])
        elif written:
            self.guidelines.delete(sorted(written))
        journal_path.unlink()

    def _claims(self, documents: list[KnowledgeDocument]) -> tuple[list[KnowledgeDocument], dict[str, str]]:
        """The documents that may be written, and why each other one may not: an id belongs to one
        source (the shipped corpus, one plug-in, one file), otherwise one source would silently replace
        another's guidance. Re-adding from the same source updates; the shipped corpus always may (a
        rebuild restores it over anything that took its ids). A user's file whose text another document
        holds, stored or given before it, is refused too (`_duplicate_refusal`)."""
        by_id: dict[str, list[KnowledgeDocument]] = defaultdict(list)
        for document in documents:
            by_id[document.id].append(document)
        stored = self._stored_owners(sorted(by_id))
        shipped = shipped_documents()
        shipped_ids = {document.id for document in shipped}  # reserved even before they are indexed
        same_text = self._same_text(documents, shipped)
        accepted, refused = [], {}
        for doc_id, group in by_id.items():
            distinct = list({document.model_dump_json(): document for document in group}.values())
            owners = stored.get(doc_id, set()) | ({("shipped", "")} if doc_id in shipped_ids else set())
            refusal = _refusal(doc_id, distinct, owners)
            if not refusal and distinct[0].origin == "user":
                refusal = _duplicate_refusal(distinct[0], same_text)
            if refusal:
                refused[doc_id] = refusal
            else:
                accepted.append(distinct[0])
                same_text[text_hash(distinct[0].text)].setdefault(doc_id, _owner(distinct[0]))
        return accepted, refused

    def _same_text(self, documents: list[KnowledgeDocument], shipped: list[KnowledgeDocument]) -> dict[str, dict[str, tuple[str, str]]]:
        """text_hash -> {document id: owner} of the shipped and stored documents with the text of one of DOCUMENTS."""
        hashes = sorted({text_hash(document.text) for document in documents})
        found: dict[str, dict[str, tuple[str, str]]] = defaultdict(dict)
        for document in shipped:
            if (digest := text_hash(document.text)) in hashes:
                found[digest][document.id] = _owner(document)
        for start in range(0, len(hashes), WRITE_BATCH):
            where = {"$and": [{TEXT_HASH: {"$in": hashes[start : start + WRITE_BATCH]}}, VISIBLE]}
            for meta in self.guidelines.collection.get(where=where, include=["metadatas"])["metadatas"]:
                found[meta[TEXT_HASH]].setdefault(meta["doc_id"], (meta.get("origin", ""), meta.get("location", "")))
        return found

    def _stored_owners(self, doc_ids: list[str]) -> dict[str, set[tuple[str, str]]]:
        """The (origin, location) of the stored chunks of each of DOC_IDS."""
        owners: dict[str, set[tuple[str, str]]] = defaultdict(set)
        for start in range(0, len(doc_ids), WRITE_BATCH):
            batch = doc_ids[start : start + WRITE_BATCH]
            for meta in self.guidelines.collection.get(where={"doc_id": {"$in": batch}}, include=["metadatas"])["metadatas"]:
                owners[meta["doc_id"]].add((meta.get("origin", ""), meta.get("location", "")))
        return owners

    def sync_origin(self, origin: str, documents: list[KnowledgeDocument]) -> IngestReport:
        """Make the documents of one origin exactly `documents` (removing the ones that vanished)."""
        self.refuse_changes()
        return self._sync(origin, documents)

    def _sync(self, origin: str, documents: list[KnowledgeDocument]) -> IngestReport:
        """`sync_origin` without its refusal (see `_ingest`)."""
        report = self._ingest(documents)
        keep = {document.id for document in documents if document.id not in report.refused}
        records = self.guidelines.collection.get(where={"origin": origin}, include=["metadatas"])
        vanished = [i for i, m in zip(records["ids"], records["metadatas"]) if m.get("doc_id") not in keep]
        if vanished:
            self.guidelines.delete(vanished)
        return report.model_copy(update={"removed": report.removed + len(vanished)})

    def ensure_shipped(self) -> IngestReport | None:
        """Index the shipped corpus if the collection lacks it or holds an older version (offline)."""
        with self._shipped_lock:  # a second thread must not search a half-indexed collection
            if self._shipped_checked:
                return None
            report = self._sync_shipped()
            self._shipped_checked = True
            return report

    def _sync_shipped(self) -> IngestReport | None:
        fingerprint = shipped_fingerprint()
        collection = self.guidelines.collection
        if (collection.metadata or {}).get("shipped_fingerprint") == fingerprint:
            return None
        report = self._sync("shipped", shipped_documents())
        collection.modify(metadata={**(collection.metadata or {}), "shipped_fingerprint": fingerprint})
        return report

    def search_guidelines(
        self, query: str, modality: str | None, k: int = 4, error_types: list[str] | None = None, dense: bool = True
    ) -> list[Hit]:
        """The best chunk of each of the `k` best guidelines, each followed by its translations."""
        self.ensure_shipped()
        best: dict[str, Hit] = {}
        for hit in self.guidelines.snapshot().search(query, modality, n=4 * k, error_types=error_types, dense=dense):
            best.setdefault(hit.metadata["doc_id"], hit)
        chosen: dict[str, Hit] = {}
        for doc_id, hit in best.items():
            group = hit.metadata.get("translation_group", doc_id)
            for sibling in [h for h in best.values() if h.metadata.get("translation_group", h.metadata["doc_id"]) == group]:
                chosen.setdefault(sibling.metadata["doc_id"], sibling)
            if len(chosen) >= k:
                break
        return list(chosen.values())[:k]

    def documents(self) -> list[dict[str, Any]]:
        """One summary row per guideline document (not per chunk)."""
        self.ensure_shipped()
        rows: dict[str, dict[str, Any]] = {}
        for meta in self.guidelines.collection.get(where=VISIBLE, include=["metadatas"])["metadatas"]:
            row = rows.setdefault(
                meta["doc_id"],
                {key: meta.get(key, "") for key in ("doc_id", "modality", "language", "origin", "title", "error_types")},
            )
            row["chunks"] = row.get("chunks", 0) + 1
        return sorted(rows.values(), key=lambda row: row["doc_id"])

    def fingerprint(self) -> dict[str, Any]:
        """What the knowledge base holds, in brief: guideline documents by origin, past cases, and a short
        hash of its records, so that a run can say which knowledge base it retrieved from (`radqc compare`
        otherwise showed runs against different ones alike). Record ids already hash their content (a
        guideline chunk's text and metadata, a case's modality, id and text), so nothing is read again or
        embedded; a case reviewed again keeps its id, so its findings are hashed with it."""
        self.ensure_shipped()
        guidelines = self.guidelines.collection.get(where=VISIBLE, include=["metadatas"])  # as retrieval reads them
        cases = self.cases.collection.get(include=["metadatas"])
        documents: dict[str, set[str]] = defaultdict(set)
        for meta in guidelines["metadatas"]:
            documents[meta.get("origin", "")].add(meta["doc_id"])
        digest = hashlib.sha256()
        for record in sorted(guidelines["ids"]) + sorted(f"{i} {m.get('findings_json', '')}" for i, m in zip(cases["ids"], cases["metadatas"])):
            digest.update(record.encode("utf-8") + b"\n")
        return {"guidelines": {origin: len(ids) for origin, ids in sorted(documents.items())},
                "past_cases": len(cases["ids"]), "hash": digest.hexdigest()[:12]}

    # Past cases -------------------------------------------------------------------------------------

    def add_cases(self, chunks: list[Chunk], vectors: dict[str, TextVector] | None = None) -> None:
        """Store past cases, their text cut to MAX_CASE_TEXT_CHARS. VECTORS: vectors computed earlier, by
        chunk id; one is stored only if it is exactly what embedding the stored text would give."""
        self.refuse_changes()
        stored = [chunk.model_copy(update={"text": chunk.text[:MAX_CASE_TEXT_CHARS]}) for chunk in chunks]
        earlier = {c.id: vectors[c.id].for_text(c.text) for c in stored if c.id in (vectors or {})}
        self.cases.write(stored, vectors={chunk_id: vector for chunk_id, vector in earlier.items() if vector is not None})

    def search_cases(self, query: str, modality: str | None, k: int) -> list[Hit]:
        """Similar verified cases, never the query's own report (that would leak its answer)."""
        return self.cases.snapshot().search(query, modality, n=k, exclude_text=query[:MAX_CASE_TEXT_CHARS])[:k]

    def nearest_cases(self, features: dict[str, float], scales: dict[str, float], modality: str, k: int) -> list[Hit]:
        """The K verified cases whose stored features lie nearest FEATURES (see `Snapshot.nearest`)."""
        return self.cases.snapshot().nearest(features, scales, modality, k)

    # Both -------------------------------------------------------------------------------------------

    def remove(self, identifier: str) -> RemoveReport:
        """Remove a guideline (by document id) or a past case (by record id or case id), counting what went in
        the words `radqc kb add` and `kb add-cases` use: a guideline's chunks, past cases."""
        self.refuse_changes()
        removed = {}
        for name, store, key in (
            ("chunks", self.guidelines, "doc_id"),
            ("past_cases", self.cases, "case_id"),
        ):
            ids = set(store.ids_with(key, [identifier])) | store.existing_ids([identifier])
            if ids:
                store.delete(sorted(ids))
            removed[name] = len(ids)
        return RemoveReport(**removed)

    def stats(self) -> dict[str, Any]:
        self.ensure_shipped()
        metadatas = self.guidelines.collection.get(where=VISIBLE, include=["metadatas"])["metadatas"]
        by_key: dict[str, dict[str, int]] = {"modality": {}, "language": {}, "origin": {}}
        for meta in metadatas:
            for key, counts in by_key.items():
                counts[str(meta.get(key))] = counts.get(str(meta.get(key)), 0) + 1
        return {
            "path": str(self.read_only.path if self.read_only else self.path),
            "read_only": self.read_only is not None,
            "guideline_documents": len({m["doc_id"] for m in metadatas}),
            "guideline_chunks": len(metadatas),
            "past_cases": self.cases.collection.count(),
            "chunks_by": by_key,
        }


def opened(path: Path, changing: bool = False) -> KnowledgeBase:
    """The knowledge base in PATH; one built before in a folder radqc may not write (a container image's, a read-only
    mount) is read from a private copy (`KnowledgeBase.read_only_copy`), so that audits and evaluations can use it.
    CHANGING: such a one raises KnowledgeBaseReadOnly instead, before the copy costs any time or disk."""
    try:
        return KnowledgeBase(path)
    except KnowledgeBaseError as exc:
        if not exc.unwritable:
            raise
        try:
            built = (path / CHROMA_DATABASE).is_file()
        except OSError as unreadable:  # a folder radqc may not even enter (another user's, mode 0444)
            raise KnowledgeBaseError(path, unreadable, remedy=f"radqc may not read that folder: {moving_it()}") from unreadable
        if not built:
            raise
        refusal = KnowledgeBaseReadOnly(path, database_alone=database_alone_read_only(exc.cause))
    if changing:
        raise refusal
    return KnowledgeBase.read_only_copy(path, refusal)


# The largest knowledge base read from a private copy (`private_copy`): a larger one would take that much of the
# temporary folder on every command; a knowledge base of the shipped guidelines and a few thousand past cases is tens
# of megabytes.
MAX_COPIED_BYTES = 2 * 1024**3
# The name of a private copy's folder in TMPDIR: this prefix, the host's name and the owning process's id (`_copy_prefix`),
# then mkdtemp's random part.
COPY_PREFIX = "radqc-kb-"


class CopyRefused(OSError):
    """A knowledge-base folder radqc will not copy: a link or special file in it (an untrusted mount's link to
    /dev/zero or to a parent folder would fill TMPDIR), or more than MAX_COPIED_BYTES."""


def private_copy(source: Path) -> Path:
    """A copy of the knowledge-base folder SOURCE that radqc may write, in the temporary folder (TMPDIR), removed when
    the process exits, and at once when the copy fails partway (it would hold past cases' report text). Its folder is
    named radqc-kb-<host>-<process id>-*, so that the copies a Ctrl-C or a kill left behind are removed by the next copy
    on the same host (`_remove_abandoned_copies`; a process id means nothing on another host or container sharing
    TMPDIR). Only folders and regular files are copied, each writable as made (copytree gave
    folders the source's read-only mode, so a failed copy could not be removed). The lock files stay behind: they
    hold nothing."""
    entries = _copied_entries(source)
    _remove_abandoned_copies()
    folder = Path(tempfile.mkdtemp(prefix=f"{_copy_prefix()}{os.getpid()}-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    copy = folder / source.name
    try:
        copy.mkdir()
        for relative, is_folder in entries:
            if is_folder:
                (copy / relative).mkdir()
            else:
                shutil.copyfile(source / relative, copy / relative, follow_symlinks=False)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return copy


def _copied_entries(source: Path) -> list[tuple[Path, bool]]:
    """What `private_copy` copies of SOURCE, parents first, as (path inside it, is a folder); CopyRefused when it holds
    a link or special file, or is larger than MAX_COPIED_BYTES. Read before the copy starts, so that nothing is copied
    of a folder that is refused."""
    entries, size = [], 0
    for folder, names, files in os.walk(source, onerror=_raise):
        for name in [*names, *files]:
            path = Path(folder, name)
            mode = path.lstat().st_mode
            if not (stat.S_ISDIR(mode) or stat.S_ISREG(mode)):
                raise CopyRefused(errno.EPERM, "a link or special file in a knowledge-base folder is not copied", str(path))
            if name in (OPEN_LOCK, INGEST_LOCK):
                continue
            size += path.lstat().st_size
            entries.append((path.relative_to(source), stat.S_ISDIR(mode)))
        names[:] = [name for name in names if name not in (OPEN_LOCK, INGEST_LOCK)]
    if size > MAX_COPIED_BYTES:
        raise CopyRefused(errno.EFBIG, f"{size / 1024**2:.0f} MB, more than the {MAX_COPIED_BYTES / 1024**3:.0f} GB radqc "
                                       "copies to read a knowledge base", str(source))
    return entries


def _why_not_copied(error: OSError) -> str:
    """Why `private_copy` failed, in words: a refused copy says why itself, and the causes a user can mend are named."""
    if isinstance(error, CopyRefused):
        return error.strerror
    if error.errno == errno.ENOSPC:
        return "the temporary folder is full; TMPDIR moves it"
    if error.errno in (errno.EACCES, errno.EPERM):
        return f"radqc may not read {error.filename}"
    return error.strerror or str(error)


def _raise(error: OSError) -> None:
    raise error


def _copy_prefix() -> str:
    """The start of this host's copies' names: the host's name in letters, digits and dots only."""
    return COPY_PREFIX + re.sub(r"[^A-Za-z0-9.]", "_", socket.gethostname()) + "-"


def _remove_abandoned_copies() -> None:
    """Remove this user's private copies on this host (`private_copy`) whose process no longer runs: a Ctrl-C
    (`radqc.cli.main` leaves with os._exit) or a kill ends a command before its copy is removed. Another user's, another
    host's and a name whose process id no process could have are left alone."""
    prefix = _copy_prefix()
    for folder in Path(tempfile.gettempdir()).glob(f"{glob.escape(prefix)}*"):
        pid = folder.name.removeprefix(prefix).partition("-")[0]
        try:
            if not pid.isdigit() or len(pid) > 9 or folder.lstat().st_uid != os.getuid() or not folder.is_dir() or folder.is_symlink():
                continue
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except (OSError, OverflowError):  # gone already, or a process of another user's: not ours to judge
            continue


def _refusal(doc_id: str, distinct: list[KnowledgeDocument], owners: set[tuple[str, str]]) -> str | None:
    """Why the DISTINCT documents given id DOC_ID may not be written over what OWNERS (origin, location)
    stored under it, or None when they may."""
    if len(distinct) > 1:
        names = " and ".join(dict.fromkeys(_source_name(_owner(document)) for document in distinct))
        return f"{doc_id}: refused, {names} give {len(distinct)} different documents this one id; give each its own id"
    document = distinct[0]
    others = [owner for owner in owners if not _same_source(owner, _owner(document))]
    if not others or document.origin == "shipped":
        return None
    refused = f"{doc_id}: refused from {_source_name(_owner(document))}, the id is already used by"
    if any(origin == "shipped" for origin, _ in others):
        # Shipped ids stay reserved after `kb remove` (a rebuild restores them): removing the shipped
        # guideline would only lose it, and the document would be refused again.
        return f"{refused} the shipped guidelines, whose ids are reserved; give the document another id"
    # A plug-in's documents are read again by a rebuild, a file's by adding it.
    again = "`radqc kb rebuild`" if document.origin.startswith(PLUGIN_ORIGIN) else "add it again"
    return (f"{refused} {_source_name(others[0])}; give the document another id, or, if that is the same "
            f"document moved or renamed, run `radqc kb remove {doc_id}`, then {again}")


def _duplicate_refusal(document: KnowledgeDocument, same_text: dict[str, dict[str, tuple[str, str]]]) -> str | None:
    """Why DOCUMENT, a user's file, may not be written when another document holds its text (SAME_TEXT: text_hash ->
    {id: owner}), or None (its own id holds it: an update): stored twice, one guidance took two of the guideline slots
    an audit retrieves."""
    holders = same_text.get(text_hash(document.text), {})
    if not holders or document.id in holders:
        return None
    other_id, owner = next(iter(holders.items()))
    refused = f"{document.id}: refused from {_source_name(_owner(document))}, its text is that of {other_id}"
    if owner[0] == "shipped":
        return f"{refused}, one of the shipped guidelines: retrieval already has it"
    return (f"{refused}, from {_source_name(owner)}: stored twice, it would take two of an audit's guideline slots; to keep "
            f"it under this name instead, run `radqc kb remove {other_id}`, then add it again")


def _owner(document: KnowledgeDocument) -> tuple[str, str]:
    return document.origin, document.location


def _same_source(stored: tuple[str, str], incoming: tuple[str, str]) -> bool:
    """Whether a stored document came from where INCOMING comes from; a file added by a radqc that did
    not record locations counts as any file of the same origin."""
    return stored[0] == incoming[0] and stored[1] in ("", incoming[1])


def _source_name(owner: tuple[str, str]) -> str:
    origin, location = owner
    if origin == "shipped":
        return "the shipped guidelines"
    if origin.startswith(PLUGIN_ORIGIN):
        return f"knowledge source {origin.removeprefix(PLUGIN_ORIGIN)!r}"
    return location or "a file added earlier"


def case_metadata(case_id: str, modality: str, findings: list[dict[str, Any]], features: dict[str, Any]) -> dict[str, Any]:
    return {
        "kind": "case",
        "case_id": case_id,
        "modality": modality,
        "origin": "review",
        "findings_json": json.dumps(findings, ensure_ascii=False),
        "features_json": json.dumps(features, ensure_ascii=False, default=str),
        **{error_type_flag(f["error_type"]): True for f in findings},
    }
