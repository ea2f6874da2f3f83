"""Retrieval quality on a labelled query set: recall@k and MRR.

The shipped set (`eval_queries.jsonl`) holds questions phrased the way a QC reviewer would ask them,
in English and Chinese, each with the guideline ids it should find. Each line carries a `split`:
tune retrieval on `dev` and quote `test`.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Callable, Literal

from pydantic import BaseModel, Field, ValidationError

from radqc.jsonl import numbered_lines
from radqc.schemas import Modality, validation_summary


class QueryFileError(ValueError):
    """A labelled-query file that cannot be read as one query per line."""


class LabelledQuery(BaseModel):
    query: str
    modality: Modality
    relevant: list[str] = Field(min_length=1)
    language: Literal["en", "zh"] = "en"
    split: Literal["dev", "test"] = "test"


class RetrievalScores(BaseModel):
    n_queries: int
    recall_at_k: float
    mrr: float
    k: int
    misses: list[str] = Field(default_factory=list, description="queries whose first relevant hit is below k")


def load_queries(path: Path | None = None) -> list[LabelledQuery]:
    """The queries in PATH (default: the shipped set). A query file is hand-made, so a line that is
    not a labelled query raises QueryFileError naming the line rather than a JSON or pydantic error."""
    source = Path(path) if path else Path(str(resources.files("radqc.knowledge").joinpath("eval_queries.jsonl")))
    try:
        lines = numbered_lines(source)
    except UnicodeDecodeError as exc:
        raise QueryFileError(f"{source} is not UTF-8 text ({exc.reason})") from exc
    queries = []
    for number, line in lines:
        try:
            queries.append(LabelledQuery.model_validate_json(line))
        except ValidationError as exc:
            raise QueryFileError(f"{source} line {number}: {validation_summary(exc, 'line')}") from exc
    return queries


def score_retrieval(
    queries: list[LabelledQuery], retrieve: Callable[[str, Modality, int], list[str]], k: int = 5
) -> RetrievalScores:
    """recall@k: mean share of a query's relevant ids in its top k; MRR: mean 1/rank of the first one."""
    recalls, reciprocal_ranks, misses = [], [], []
    for item in queries:
        ranked = retrieve(item.query, item.modality, k)
        recalls.append(len(set(ranked[:k]) & set(item.relevant)) / len(item.relevant))
        first = next((rank for rank, doc_id in enumerate(ranked, 1) if doc_id in item.relevant), None)
        reciprocal_ranks.append(1.0 / first if first else 0.0)
        if not first or first > k:
            misses.append(item.query)
    n = len(queries)
    return RetrievalScores(
        n_queries=n,
        recall_at_k=sum(recalls) / n if n else 0.0,
        mrr=sum(reciprocal_ranks) / n if n else 0.0,
        k=k,
        misses=misses,
    )
