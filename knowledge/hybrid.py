"""Hybrid ranking over one collection: dense (MiniLM cosine) and lexical (BM25), fused by RRF.

Reciprocal rank fusion needs no calibration between the two scores, and a record found by both rises
to the top. Both rankings are computed on an in-memory snapshot of the collection (its embeddings,
texts and metadata, loaded from Chroma after each write): an exact matrix product costs ~1 ms at 10k
chunks and takes any filter, while Chroma's filtered HNSW query measured 40-70 ms here.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from typing import Any

import numpy as np
from pydantic import BaseModel

from radqc.knowledge.documents import VISIBLE, error_type_flag
from radqc.knowledge.embedding import DIMENSIONS, embed_alone
from radqc.knowledge.feature_distance import comparable, feature_matrix, scaled_distances
from radqc.knowledge.lexical import Bm25Index

RRF_K = 60
# MiniLM has never seen Chinese, so its ranking of a Chinese query is mostly noise: it only breaks ties.
# Chosen on the dev split of eval_queries.jsonl (zh weight 0.1: recall@5 1.00 vs 0.96 at 0.3, 0.92 at 1.0).
DENSE_WEIGHT = {"en": 1.0, "zh": 0.1}
# A query may be a whole (untrusted) report; MiniLM reads 256 word pieces anyway, and BM25 cost grows
# with the number of distinct query terms.
MAX_QUERY_CHARS = 20_000


class Hit(BaseModel):
    id: str
    text: str
    metadata: dict[str, Any]
    score: float


def query_language(text: str) -> str:
    cjk = sum("\u3400" <= char <= "\u9fff" for char in text)
    letters = sum(char.isalpha() for char in text)
    return "zh" if letters and cjk / letters > 0.3 else "en"


QUERIES_KEPT = 64
_query_vectors: OrderedDict[str, np.ndarray] = OrderedDict()  # the latest QUERIES_KEPT, oldest first
_query_vectors_lock = threading.Lock()  # cases retrieve in threads (`radqc eval --workers`)


def query_vector(query: str) -> np.ndarray:
    """A query's embedding, remembered for a while: a report is the query for guidelines and then for
    past cases, and embedding it costs more than either search (and again when a reviewer confirms it
    and it is stored: `radqc.knowledge.query_embedding` keeps it for then)."""
    vector = embedded_query(query)
    if vector is None:
        vector = embed_alone([query])[0]
        vector.flags.writeable = False
        with _query_vectors_lock:
            _query_vectors[query] = vector
            if len(_query_vectors) > QUERIES_KEPT:
                _query_vectors.popitem(last=False)
    return vector


def embedded_query(query: str) -> np.ndarray | None:
    """QUERY's vector if `query_vector` computed it lately, else None (without embedding anything)."""
    with _query_vectors_lock:
        if query in _query_vectors:
            _query_vectors.move_to_end(query)
        return _query_vectors.get(query)


def _top(scores: np.ndarray, allowed: np.ndarray, n: int, floor: float) -> list[int]:
    """Indices of the `n` best allowed scores above `floor`, best first."""
    masked = np.where(allowed, scores, -np.inf)
    n = min(n, int(allowed.sum()))
    if n <= 0:
        return []
    best = np.argpartition(-masked, n - 1)[:n]
    return [int(i) for i in best[np.argsort(-masked[best], kind="stable")] if masked[i] > floor]


class Snapshot:
    """Everything one collection shows (its VISIBLE records), as arrays for fast filtering and scoring."""

    def __init__(self, collection: Any) -> None:
        records = collection.get(where=VISIBLE, include=["documents", "metadatas", "embeddings"])
        self.ids: list[str] = records["ids"]
        self.documents: list[str] = records["documents"] or []
        self.metadatas: list[dict[str, Any]] = [m or {} for m in records["metadatas"] or []]
        embeddings = records["embeddings"]
        self.embeddings = np.asarray(embeddings, dtype=np.float32) if len(self.ids) else np.zeros((0, DIMENSIONS), np.float32)
        self.modality = np.array([m.get("modality", "") for m in self.metadatas], dtype=object)
        self._flags: dict[str, np.ndarray] = {}
        self._feature_rows: dict[tuple, tuple[np.ndarray, np.ndarray]] = {}
        self.bm25 = Bm25Index([f"{d}\n{m.get('lexical_extra', '')}" for d, m in zip(self.documents, self.metadatas)])

    def allowed(self, modality: str | None, error_types: list[str] | None, exclude_text: str | None) -> np.ndarray:
        """Which records a search may return: MODALITY's (None: both modalities'), on one of ERROR_TYPES, not EXCLUDE_TEXT."""
        mask = self.modality == modality if modality else np.ones(len(self.ids), dtype=bool)
        if error_types:
            mask &= np.logical_or.reduce([self._about(t) for t in error_types])
        if exclude_text is not None:
            mask &= np.fromiter((d != exclude_text for d in self.documents), dtype=bool, count=len(self.ids))
        return mask

    def _about(self, error_type: str) -> np.ndarray:
        """Which records are tagged with `error_type` (computed once per type and snapshot)."""
        if error_type not in self._flags:
            flag = error_type_flag(error_type)
            self._flags[error_type] = np.fromiter((bool(m.get(flag)) for m in self.metadatas), dtype=bool, count=len(self.ids))
        return self._flags[error_type]

    def search(
        self, query: str, modality: str | None, n: int, error_types: list[str] | None = None, exclude_text: str | None = None,
        dense: bool = True,
    ) -> list[Hit]:
        """Up to `2 * max(4n, 20)` fused candidates, best first (callers cut to what they need).
        DENSE=False ranks by words alone and never loads the embedding model."""
        if not self.ids or n <= 0:
            return []
        allowed = self.allowed(modality, error_types, exclude_text)
        query = query[:MAX_QUERY_CHARS]
        candidates = max(4 * n, 20)
        if dense:
            # einsum, not `@`: BLAS spreads a matrix-vector product over threads, which took 13-21 ms
            # instead of ~1.5 ms when the cores were busy.
            similarity = np.einsum("ij,j->i", self.embeddings, query_vector(query))
            dense_ranking = _top(similarity, allowed, candidates, floor=-np.inf)
        else:
            dense_ranking = []
        lexical = _top(self.bm25.scores(query), allowed, candidates, floor=0.0)
        fused: dict[int, float] = {}
        for weight, ranking in ((DENSE_WEIGHT[query_language(query)], dense_ranking), (1.0, lexical)):
            for rank, index in enumerate(ranking):
                fused[index] = fused.get(index, 0.0) + weight / (RRF_K + rank + 1)
        return [
            Hit(id=self.ids[i], text=self.documents[i], metadata=self.metadatas[i], score=score)
            for i, score in sorted(fused.items(), key=lambda item: -item[1])
        ]

    def nearest(self, features: dict, scales: dict[str, float], modality: str | None, n: int) -> list[Hit]:
        """The N records of MODALITY (None: of any) whose stored features (`features_json`) lie nearest FEATURES by
        `feature_distance.scaled_distances`, nearest first; score 1 / (1 + distance)."""
        names = comparable(features, scales)
        indices, matrix = self._features_of(modality, tuple(names))
        distance = scaled_distances(features, matrix, names, scales)
        order = [j for j in np.argsort(distance, kind="stable")[:n] if np.isfinite(distance[j])]
        return [
            Hit(id=self.ids[indices[j]], text=self.documents[indices[j]], metadata=self.metadatas[indices[j]],
                score=round(1.0 / (1.0 + float(distance[j])), 6))
            for j in order
        ]

    def _features_of(self, modality: str | None, names: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
        """The records of MODALITY (None: of any) and their NAMES features as a matrix, parsed once per snapshot."""
        if (modality, names) not in self._feature_rows:
            indices = np.flatnonzero(self.allowed(modality, None, None))
            rows = [json.loads(self.metadatas[i].get("features_json") or "{}") for i in indices]
            self._feature_rows[(modality, names)] = indices, feature_matrix(rows, list(names))
        return self._feature_rows[(modality, names)]
