"""`radqc kb add` of one large guideline: chunks, seconds, chunks/s, and where the time goes.

    .venv/bin/python benchmarks/bench_kb_add.py [--megabytes 2] [--repeated 0.0]

Writes a synthetic Markdown guideline of that size (labelled synthetic: sections of English guidance
words, a share --repeated of its paragraphs boilerplate said again in other sections) into a temporary
RADQC_HOME and adds it as `radqc kb add` does (`load_file`, then `add_documents` into a knowledge base
that already holds the shipped guidelines), with the embedding model loaded beforehand as the command's
spinner does. The time is split into reading the file, chunking (`chunk_document`, each call), embedding
(the model's `embed`, in batches of --batch-size) and Chroma's writes (upserts and updates of the guideline collection); "other" is
the rest of `add_documents` (reading ids back, the journal, locks). The user's knowledge base is never
touched. README's chunks/s (and `embedding.CHUNKS_PER_SECOND`, which `kb add` quotes beforehand) come
from here; the machine's load average is printed with them, since on 2 shared cores it is what sets them.
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from collections import defaultdict
from functools import wraps
from pathlib import Path

WORDS = (
    "nodule lobe effusion pleural rib diaphragm impression findings left right measurement contrast enhancement "
    "liver kidney spleen aorta fracture lesion density collimation exposure rotation scapula marker artefact "
    "template omission prostate uterus spelling phase millimetre centimetre consolidation atelectasis report "
    "should must be the a of in with without when is are radiologist technique series axial coronal sagittal"
).split()
BOILERPLATE = ("Synthetic text. Correlate with prior imaging and clinical history; discuss any unexpected "
               "finding with the referring clinician and record who was told and when.")


def synthetic_guideline(megabytes: float, repeated: float, rng: random.Random) -> str:
    """Markdown of about MEGABYTES: a title, then sections of 3-6 paragraphs of 40-90 words each."""
    parts, size, section = ["# Synthetic guideline (benchmark text)\n"], 0, 0
    while size < megabytes * 1_000_000:
        section += 1
        paragraphs = [BOILERPLATE if rng.random() < repeated else " ".join(rng.choices(WORDS, k=rng.randint(40, 90))) + "."
                      for _ in range(rng.randint(3, 6))]
        part = f"## Section {section}\n\n" + "\n\n".join(paragraphs) + "\n"
        parts.append(part)
        size += len(part.encode("utf-8"))
    return "\n".join(parts)


class Timer:
    """Seconds spent inside the wrapped callables, by part; a call inside another part's counts once, in the outer."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self._inside = False

    def wrap(self, part: str, function):
        @wraps(function)
        def timed(*args, **kwargs):
            if self._inside:
                return function(*args, **kwargs)
            self._inside, start = True, time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds[part] += time.perf_counter() - start
                self._inside = False
        return timed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=2.0)
    parser.add_argument("--repeated", type=float, default=0.0, help="share of paragraphs that are boilerplate repeated")
    parser.add_argument("--batch-size", type=int, help="texts the model embeds at once (default: radqc's, embedding.BATCH_SIZE)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        os.environ["RADQC_HOME"] = home
        from radqc.knowledge import open_knowledge_base
        from radqc.knowledge import store
        from radqc.knowledge import embedding
        from radqc.knowledge.sources import load_file

        embedding.BATCH_SIZE = args.batch_size or embedding.BATCH_SIZE

        path = Path(home) / "guideline.md"
        path.write_text(synthetic_guideline(args.megabytes, args.repeated, random.Random(7)), encoding="utf-8")
        size = path.stat().st_size
        embedding.embed(["load the model"])
        kb = open_knowledge_base()
        kb.ensure_shipped()

        timer = Timer()
        store.embed = timer.wrap("embedding", store.embed)
        store.chunk_document = timer.wrap("chunking", store.chunk_document)
        collection = kb.guidelines.collection
        for method in ("upsert", "update"):
            setattr(collection, method, timer.wrap("Chroma writes", getattr(collection, method)))

        start = time.perf_counter()
        document, _ = load_file(path, {"modality": "ct_report"})
        read = time.perf_counter() - start
        start, cpu = time.perf_counter(), time.process_time()
        report = kb.add_documents([document])
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu

    print(f"{size / 1e6:.1f} MB guideline, {report.added} chunks "
          f"({args.repeated:.0%} of paragraphs repeated), batches of {embedding.BATCH_SIZE}; load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    print(f"reading the file: {read:.2f} s")
    print(f"add_documents: {seconds:.1f} s, {report.added / seconds:.1f} chunks/s ({cpu:.1f} s of CPU, this process's "
          "threads together: less swayed by the machine's load)")
    for part in ("chunking", "embedding", "Chroma writes"):
        print(f"  {part}: {timer.seconds[part]:.1f} s ({timer.seconds[part] / seconds:.0%}), "
              f"{report.added / timer.seconds[part]:.0f} chunks/s")
    print(f"  other: {seconds - sum(timer.seconds.values()):.1f} s")


if __name__ == "__main__":
    main()
