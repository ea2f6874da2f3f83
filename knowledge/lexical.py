"""BM25 over words and Chinese character bigrams: the half of hybrid retrieval that works in Chinese.

MiniLM only understands English, so a Chinese query needs exact-term matching. Chinese text is not
split into words; overlapping character bigrams match the same terms as a word segmenter would, without
loading a dictionary. The index is a sparse term-by-document matrix of precomputed BM25 weights, so a
query costs one sparse row sum however many documents there are.
"""

from __future__ import annotations

import re
from collections import Counter

import numpy as np
from scipy import sparse

K1 = 1.2
B = 0.75
_TOKEN = re.compile(r"[a-z0-9]+(?:[.'][a-z0-9]+)*|[\u3400-\u9fff]+")
_CJK = re.compile(r"[\u3400-\u9fff]")
# Words so common in guidance and queries that they only add noise.
STOPWORDS = frozenset(
    "a an and are as at be by for from how i if in is it my of on or the this to was what when which with "
    "does do should can why there their these that not no".split()
)


def tokens(text: str) -> list[str]:
    """Lower-cased English words (with a light plural strip) and Chinese characters plus bigrams."""
    found: list[str] = []
    for run in _TOKEN.findall(text.lower()):
        if _CJK.match(run):
            found += [run[i : i + 2] for i in range(len(run) - 1)] + list(run)
        elif run not in STOPWORDS:
            found.append(run[:-1] if len(run) > 3 and run.endswith("s") and not run.endswith("ss") else run)
    return found


class Bm25Index:
    """An immutable BM25 index over a list of texts; rebuild it when the texts change."""

    def __init__(self, texts: list[str]) -> None:
        self.size = len(texts)
        self.vocabulary: dict[str, int] = {}
        rows, cols, counts = [], [], []
        lengths = np.zeros(len(texts), dtype=np.float32)
        for doc, text in enumerate(texts):
            term_counts = Counter(tokens(text))
            lengths[doc] = sum(term_counts.values())
            rows += [self.vocabulary.setdefault(term, len(self.vocabulary)) for term in term_counts]
            cols += [doc] * len(term_counts)
            counts += term_counts.values()
        tf = np.asarray(counts, dtype=np.float32)
        term_of = np.asarray(rows, dtype=np.int64)
        doc_of = np.asarray(cols, dtype=np.int64)
        document_frequency = np.bincount(term_of, minlength=len(self.vocabulary))
        idf = np.log1p((self.size - document_frequency + 0.5) / (document_frequency + 0.5)).astype(np.float32)
        average = float(lengths.mean()) if self.size else 1.0
        norm = K1 * (1 - B + B * lengths[doc_of] / max(average, 1.0))
        weights = idf[term_of] * tf * (K1 + 1) / (tf + norm)
        self.matrix = sparse.csr_matrix(
            (weights, (term_of, doc_of)), shape=(len(self.vocabulary), self.size), dtype=np.float32
        )

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every document (0 where no query term occurs); repeated query terms count once."""
        term_ids = sorted({self.vocabulary[t] for t in tokens(query) if t in self.vocabulary})
        if not term_ids or not self.size:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self.matrix[term_ids].sum(axis=0)).ravel()
