"""The shipped guidelines' embeddings, computed once and shipped beside them.

Indexing the shipped corpus is the only step of a radiograph audit that needs the embedding model
(radiographs rank guidelines by words and past cases by measurements), and loading it costs more than
the audit: a fresh `radqc audit chest.png` took 11.4 s with it. With these vectors a fresh knowledge
base is indexed without it. They are keyed by chunk id, a hash of the chunk's text and metadata, so a
stale file is never wrong, only incomplete: a chunk without a vector is embedded as usual.

Regenerate after editing knowledge/guidelines/ (a test fails while they are out of date):

    .venv/bin/python -m radqc.knowledge.shipped_vectors
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

FILE = "shipped_vectors.npz"


@lru_cache(maxsize=1)
def shipped_vectors() -> dict[str, np.ndarray]:
    """Chunk id -> embedding of the shipped corpus's chunks (empty when the file is missing)."""
    entry = resources.files("radqc.knowledge").joinpath("guidelines", FILE)
    if not entry.is_file():
        return {}
    with entry.open("rb") as handle, np.load(handle) as data:
        return dict(zip(data["ids"].tolist(), data["vectors"].astype(np.float32)))


def main() -> None:
    from radqc.knowledge.documents import chunk_document
    from radqc.knowledge.embedding import embed
    from radqc.knowledge.sources import shipped_documents

    chunks = [chunk for document in shipped_documents() for chunk in chunk_document(document)]
    path = Path(str(resources.files("radqc.knowledge").joinpath("guidelines", FILE)))
    np.savez_compressed(path, ids=np.array([c.id for c in chunks]), vectors=embed([c.text for c in chunks]))
    print(f"wrote {len(chunks)} vectors to {path}")


if __name__ == "__main__":
    main()
