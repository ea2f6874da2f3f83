"""Knowledge-base speed at 10k chunks: ingestion rate and hybrid query latency (p50/p95).

Synthetic guidance text (labelled synthetic, English and Chinese) in a temporary folder; the user's
knowledge base is never touched. Targets: query p50 <= 30 ms on 2 CPU cores, hybrid included.

    .venv/bin/python benchmarks/bench_kb.py [--chunks 10000] [--queries 200]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

import numpy as np

from radqc.offline import apply_offline_env

EN_WORDS = (
    "nodule lobe effusion pleural rib diaphragm impression findings left right measurement contrast enhancement "
    "liver kidney spleen aorta fracture lesion density collimation exposure rotation scapula marker artefact "
    "template omission prostate uterus spelling phase millimetre centimetre consolidation atelectasis"
).split()
ZH_PHRASES = "左肺 右肺 结节 胸腔积液 诊断意见 检查所见 强化 平扫 肝脏 肾脏 子宫 前列腺 测量 错别字 遗漏 骨折 肋骨 主动脉".split()
SECTIONS_PER_DOCUMENT = 4


def synthetic_documents(n_chunks: int, rng: random.Random) -> list:
    from radqc.knowledge.documents import KnowledgeDocument
    from radqc.taxonomy import error_types

    documents = []
    for number in range(n_chunks // SECTIONS_PER_DOCUMENT):
        modality = "ct_report" if number % 2 else "cxr"
        chinese = modality == "ct_report" and number % 4 == 1
        sections = []
        for section in range(SECTIONS_PER_DOCUMENT):
            words = rng.choices(ZH_PHRASES if chinese else EN_WORDS, k=40)
            sections.append(f"## Section {section}\n" + ("".join(words) if chinese else " ".join(words)) + ".")
        documents.append(
            KnowledgeDocument(
                id=f"synthetic-{number}", modality=modality, language="zh" if chinese else "en",
                error_types=[rng.choice(error_types(modality))], title=f"Synthetic guidance {number}",
                source="synthetic benchmark text", text="\n\n".join(sections),
            )
        )
    return documents


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    apply_offline_env()
    from radqc.knowledge.embedding import embed
    from radqc.knowledge.store import KnowledgeBase

    rng = random.Random(7)
    embed(["warm up the model"])
    documents = synthetic_documents(args.chunks, rng)
    with tempfile.TemporaryDirectory() as folder:
        kb = KnowledgeBase(Path(folder) / "kb")
        kb.ensure_shipped()
        start = time.perf_counter()
        report = kb.add_documents(documents)
        ingest_seconds = time.perf_counter() - start
        print(f"ingested {report.added} chunks in {ingest_seconds:.1f} s: {report.added / ingest_seconds:.0f} chunks/s (embedding included)")

        start = time.perf_counter()
        again = kb.add_documents(documents)
        print(f"re-ingest unchanged: {again.unchanged} unchanged, {again.added} added in {time.perf_counter() - start:.1f} s")

        queries = [
            (" ".join(rng.choices(EN_WORDS, k=8)), "cxr") if i % 2 else ("".join(rng.choices(ZH_PHRASES, k=4)), "ct_report")
            for i in range(args.queries)
        ]
        start = time.perf_counter()
        kb.search_guidelines("build the lexical index", "cxr", k=4)
        print(f"first query (loads the search snapshot and builds BM25 over {kb.guidelines.collection.count()} chunks): {time.perf_counter() - start:.2f} s")
        latencies = []
        for index, (query, modality) in enumerate(queries):
            error_filter = ["rotation", "motion_blur"] if modality == "cxr" and index % 4 == 1 else None
            start = time.perf_counter()
            kb.search_guidelines(query, modality, k=4, error_types=error_filter)
            latencies.append((time.perf_counter() - start) * 1000)
        p50, p95 = np.percentile(latencies, [50, 95])
        print(f"hybrid query over {args.queries} queries (query embedding + exact cosine + BM25 + fusion): p50 {p50:.1f} ms, p95 {p95:.1f} ms")


if __name__ == "__main__":
    main()
