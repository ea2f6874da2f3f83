"""The knowledge base: two Chroma collections, guidelines and verified past cases, searched hybrid.

Chroma is the persistent store (documents, metadata, embeddings, content-hash ids); ranking happens in
`hybrid` on a snapshot of each collection that is reloaded after every write through this object.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any, Iterable

import chromadb
import numpy as np
from chromadb.config import Settings
from pydantic import BaseModel

from radqc.knowledge.documents import Chunk, KnowledgeDocument, chunk_document, error_type_flag
from radqc.knowledge.embedding import chroma_embedding_function, embed
from radqc.knowledge.hybrid import Hit, Snapshot
from radqc.knowledge.shipped_vectors import shipped_vectors
from radqc.knowledge.sources import shipped_documents, shipped_fingerprint

GUIDELINES = "guidelines"
PAST_CASES = "past_cases"
WRITE_BATCH = 1000
MAX_CASE_TEXT_CHARS = 20_000


class IngestReport(BaseModel):
    added: int = 0
    unchanged: int = 0
    removed: int = 0


class StoredCollection:
    """A Chroma collection with batched writes and the search snapshot they invalidate."""

    def __init__(self, collection: Any) -> None:
        self.collection = collection
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

    def write(self, chunks: list[Chunk]) -> None:
        for start in range(0, len(chunks), WRITE_BATCH):
            batch = chunks[start : start + WRITE_BATCH]
            self.collection.upsert(
                ids=[c.id for c in batch],
                documents=[c.text for c in batch],
                metadatas=[c.metadata for c in batch],
                embeddings=_vectors(batch),
            )
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


def _vectors(chunks: list[Chunk]) -> list[np.ndarray]:
    """CHUNKS' embeddings: the shipped ones from `shipped_vectors`, the others computed (which loads the
    embedding model only when there are any)."""
    known = shipped_vectors()
    missing = [c for c in chunks if c.id not in known]
    computed = dict(zip([c.id for c in missing], embed([c.text for c in missing])))
    return [known[c.id] if c.id in known else computed[c.id] for c in chunks]


class KnowledgeBase:
    """The client and both collections of one knowledge-base folder. Open it through `open_knowledge_base`."""

    def __init__(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.client = chromadb.PersistentClient(
            path=str(path), settings=Settings(anonymized_telemetry=False, allow_reset=False)
        )
        self.guidelines = StoredCollection(self._collection(GUIDELINES))
        self.cases = StoredCollection(self._collection(PAST_CASES))
        self._shipped_checked = False
        self._shipped_lock = threading.Lock()

    def _collection(self, name: str) -> Any:
        return self.client.get_or_create_collection(
            name, embedding_function=chroma_embedding_function(), configuration={"hnsw": {"space": "cosine"}}
        )

    # Guidelines -------------------------------------------------------------------------------------

    def add_documents(self, documents: Iterable[KnowledgeDocument]) -> IngestReport:
        """Upsert documents; a document that changed loses the chunks it no longer has."""
        documents = list(documents)
        chunks = [chunk for document in documents for chunk in chunk_document(document)]
        wanted = {chunk.id for chunk in chunks}
        existing = self.guidelines.existing_ids(sorted(wanted))
        doc_ids = sorted({document.id for document in documents})
        stale = [i for i in self.guidelines.ids_with("doc_id", doc_ids) if i not in wanted]
        new = [chunk for chunk in chunks if chunk.id not in existing]
        if new:
            self.guidelines.write(list({chunk.id: chunk for chunk in new}.values()))
        if stale:
            self.guidelines.delete(stale)
        return IngestReport(added=len(new), unchanged=len(wanted & existing), removed=len(stale))

    def sync_origin(self, origin: str, documents: list[KnowledgeDocument]) -> IngestReport:
        """Make the documents of one origin exactly `documents` (removing the ones that vanished)."""
        report = self.add_documents(documents)
        keep = {document.id for document in documents}
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
        report = self.sync_origin("shipped", shipped_documents())
        collection.modify(metadata={**(collection.metadata or {}), "shipped_fingerprint": fingerprint})
        return report

    def search_guidelines(
        self, query: str, modality: str, k: int = 4, error_types: list[str] | None = None, dense: bool = True
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
        for meta in self.guidelines.collection.get(include=["metadatas"])["metadatas"]:
            row = rows.setdefault(
                meta["doc_id"],
                {key: meta.get(key, "") for key in ("doc_id", "modality", "language", "origin", "title", "error_types")},
            )
            row["chunks"] = row.get("chunks", 0) + 1
        return sorted(rows.values(), key=lambda row: row["doc_id"])

    # Past cases -------------------------------------------------------------------------------------

    def add_case(self, record_id: str, text: str, metadata: dict[str, Any]) -> None:
        self.cases.write([Chunk(id=record_id, text=text[:MAX_CASE_TEXT_CHARS], metadata=metadata)])

    def search_cases(self, query: str, modality: str, k: int) -> list[Hit]:
        """Similar verified cases, never the query's own report (that would leak its answer)."""
        return self.cases.snapshot().search(query, modality, n=k, exclude_text=query[:MAX_CASE_TEXT_CHARS])[:k]

    def nearest_cases(self, features: dict[str, float], scales: dict[str, float], modality: str, k: int) -> list[Hit]:
        """The K verified cases whose stored features lie nearest FEATURES (see `Snapshot.nearest`)."""
        return self.cases.snapshot().nearest(features, scales, modality, k)

    # Both -------------------------------------------------------------------------------------------

    def remove(self, identifier: str) -> int:
        """Remove a guideline (by document id) or a past case (by record id or case id); returns records removed."""
        removed = 0
        for store, key in (
            (self.guidelines, "doc_id"),
            (self.cases, "case_id"),
        ):
            ids = set(store.ids_with(key, [identifier])) | store.existing_ids([identifier])
            if ids:
                store.delete(sorted(ids))
                removed += len(ids)
        return removed

    def stats(self) -> dict[str, Any]:
        self.ensure_shipped()
        metadatas = self.guidelines.collection.get(include=["metadatas"])["metadatas"]
        by_key: dict[str, dict[str, int]] = {"modality": {}, "language": {}, "origin": {}}
        for meta in metadatas:
            for key, counts in by_key.items():
                counts[str(meta.get(key))] = counts.get(str(meta.get(key)), 0) + 1
        return {
            "path": str(self.path),
            "guideline_documents": len({m["doc_id"] for m in metadatas}),
            "guideline_chunks": len(metadatas),
            "past_cases": self.cases.collection.count(),
            "chunks_by": by_key,
        }


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
