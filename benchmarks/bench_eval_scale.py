"""How `radqc eval` and `radqc review` scale with the number of cases: milliseconds per case at each size.

    python benchmarks/bench_eval_scale.py [--sizes 300 3000] [--workers 2] [--dataset DIR] [--past-case-store] [--rag]

Builds a CT-report dataset of each size in a temporary folder (the reports of DIR, by default the
synthetic data/ct_reports/dev, repeated under new case ids) and times, without retrieval:

- a first run (`run_dataset`), and a re-run of the finished run (everything resumed);
- a reviewing run (`offline-review`; with --rag it retrieves from a temporary knowledge base, as
  `radqc eval` does by default), then `complete_reviews` with a verdict on every pending finding,
  with the size of the run folder's checkpoints.sqlite before (also per waiting case) and after the
  review, and at the end the process's peak memory.
  The past-case store is stubbed out unless --past-case-store: storing embeds the cases (~50-80 ms
  each, the same at any size, the embedding model's ~12 s load included; with --rag a report is
  stored by the vector its retrieval computed instead), and what the stub guards is the run
  folder's own work.

Time per case that grows with the size is work quadratic in the number of cases: before b0248c2
each reviewed case re-read adjudications.jsonl, and reviewing took 5.9, 7.2 and 12.5 ms a case at
206, 826 and 2,071 pending cases (300, 1,200 and 3,000 cases); since, 5.5 ms at each. The offline
engines' own speed is `bench_report.py`'s.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import tempfile
import time
from pathlib import Path

from radqc.dataset import Dataset, load_dataset
from radqc.eval.runner import CHECKPOINTS, complete_reviews, pending_reviews, run_dataset
from radqc.offline import apply_offline_env
from radqc.profiles import Profile, load_profile

DEV = Path(__file__).resolve().parents[1] / "data" / "ct_reports" / "dev"


class DiscardedPastCases:
    """The knowledge base as the review step sees it, keeping nothing."""

    def add_past_cases(self, cases: list) -> list[str]:
        return ["discarded"] * len(cases)


def scaled_dataset(source: Path, folder: Path, size: int) -> Dataset:
    """SIZE cases cycling through SOURCE's, reports inlined, ids made unique."""
    cases = load_dataset(source).cases
    folder.mkdir(parents=True)
    lines = []
    for number in range(size):
        case = cases[number % len(cases)]
        record = case.model_dump(mode="json", exclude={"image_file", "input_notes", "report_path"}, exclude_none=True)
        lines.append(json.dumps({**record, "case_id": f"copy{number // len(cases)}-{case.case_id}"}, ensure_ascii=False))
    (folder / "manifest.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return load_dataset(folder)


def without_retrieval(name: str) -> Profile:
    profile = load_profile(name)
    return profile.model_copy(update={"retrieval": profile.retrieval.model_copy(update={"enabled": False})})


def per_case_ms(seconds: float, cases: int) -> str:
    return f"{1000 * seconds / max(cases, 1):6.2f} ms/case"


def checkpoint_bytes(run_dir: Path) -> int:
    """The checkpoint database with its -wal and -shm files."""
    return sum(path.stat().st_size for path in run_dir.glob(CHECKPOINTS + "*"))


def megabytes(size: int) -> str:
    return f"{size / 1e6:.2f} MB"


def measure(size: int, workers: int, scratch: Path, source: Path, store: bool, rag: bool) -> None:
    data = scaled_dataset(source, scratch / f"data-{size}", size)
    knowledge = DiscardedPastCases()
    started = time.perf_counter()
    run_dataset(data, scratch / f"run-{size}", without_retrieval("offline"), workers=workers, knowledge=knowledge)
    first = time.perf_counter() - started
    started = time.perf_counter()
    run_dataset(data, scratch / f"run-{size}", without_retrieval("offline"), workers=workers, knowledge=knowledge)
    again = time.perf_counter() - started
    print(f"{size:6d} cases  run {first:7.2f} s ({per_case_ms(first, size)})  re-run {again:5.2f} s ({per_case_ms(again, size)})")

    review_out = scratch / f"review-{size}"
    started = time.perf_counter()
    reviewing = load_profile("offline-review") if rag else without_retrieval("offline-review")
    run_dataset(data, review_out, reviewing, workers=workers, knowledge=None if rag else knowledge)
    paused = time.perf_counter() - started
    pending = pending_reviews(review_out)
    verdicts = {
        item.payload["case_id"]: [
            {"case_id": item.payload["case_id"], "error_type": f["error_type"], "evidence": f["evidence"],
             "verdict": "confirmed", "reviewer": "bench"}
            for f in item.payload["findings"]
        ]
        for item in pending
    }
    before = checkpoint_bytes(review_out)
    print(f"{'':6s}        reviewing run {paused:7.2f} s ({per_case_ms(paused, size)})  {len(pending)} cases waiting, "
          f"checkpoints {megabytes(before)} ({before / 1e3 / max(len(pending), 1):.1f} kB per waiting case)")
    started = time.perf_counter()
    reviewed = complete_reviews(review_out, lambda item: verdicts.get(item.payload["case_id"]), knowledge=None if store else knowledge)
    review = time.perf_counter() - started
    print(f"{'':6s}        review {len(reviewed)} pending cases {review:7.2f} s ({per_case_ms(review, len(reviewed))}, "
          f"{len(reviewed) / review:.1f} cases/s)  checkpoints {megabytes(checkpoint_bytes(review_out))} after")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[300, 3000])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--dataset", type=Path, default=DEV, help="the CT reports to repeat (default: data/ct_reports/dev)")
    parser.add_argument("--past-case-store", action="store_true", help="review into a real past-case store (a temporary one)")
    parser.add_argument("--rag", action="store_true", help="the reviewing run retrieves, from a temporary knowledge base")
    args = parser.parse_args()
    apply_offline_env()
    with tempfile.TemporaryDirectory(prefix="radqc-bench-scale-") as scratch:
        os.environ["RADQC_KB_DIR"] = str(Path(scratch) / "kb")  # never the user's knowledge base
        for size in args.sizes:
            measure(size, args.workers, Path(scratch), args.dataset, args.past_case_store, args.rag)
    print(f"peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6:.2f} GB")


if __name__ == "__main__":
    main()
