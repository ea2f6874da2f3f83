"""Throughput of the offline CT report auditor: reports per second on a dataset folder.

    python benchmarks/bench_report.py [DATASET] [--no-embeddings] [--repeat N]

Prints the one-time start-up (first report, which loads the embedding model when it is needed) apart
from the steady rate, because the target (>= 50 reports/s on 2 cores) is about the steady rate.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from radqc.agents.base import AuditContext
from radqc.agents.report.checks.spelling import _confusion_matches_en
from radqc.agents.report.engine import ReportRulesAuditor
from radqc.dataset import load_dataset
from radqc.offline import apply_offline_env

DEFAULT_DATASET = Path(__file__).resolve().parents[1] / "data" / "ct_reports" / "dev"
# The confusion table's worst case: 52 KB with no period, semicolon or line break, every stretch a context word (fat,
# nodules) that a row reads before its slip; a window without bound made it quadratic (19 s).
_UNBROKEN_RUN = "fat stranding and nodular " * 2000


def _unbroken_run_seconds() -> float:
    """Seconds the English confusion table takes over `_UNBROKEN_RUN`."""
    started = time.perf_counter()
    list(_confusion_matches_en(_UNBROKEN_RUN))
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", nargs="?", default=str(DEFAULT_DATASET))
    parser.add_argument("--no-embeddings", action="store_true", help="omission check without MiniLM")
    parser.add_argument("--repeat", type=int, default=3, help="passes over the dataset")
    args = parser.parse_args()

    apply_offline_env()
    cases = [c for c in load_dataset(args.dataset).cases if c.modality == "ct_report"]
    if not cases:
        raise SystemExit(f"no ct_report cases in {args.dataset}")
    auditor = ReportRulesAuditor(embeddings=not args.no_embeddings)
    context = AuditContext()

    started = time.perf_counter()
    auditor.warm_up()  # lexicons, and the embedding model unless disabled
    warm_up = time.perf_counter() - started

    started = time.perf_counter()
    findings = 0
    for _ in range(args.repeat):
        for case in cases:
            findings += len(auditor.audit(case, context).findings)
    elapsed = time.perf_counter() - started
    audited = len(cases) * args.repeat
    print(f"dataset: {args.dataset} ({len(cases)} reports x {args.repeat})")
    print(f"embeddings: {'off' if args.no_embeddings else 'on'}")
    print(f"one-time loading: {warm_up:.2f} s")
    print(f"steady: {audited / elapsed:.1f} reports/s ({1000 * elapsed / audited:.1f} ms/report), "
          f"{findings / audited:.2f} findings/report")
    print(f"confusion table over {len(_UNBROKEN_RUN) // 1000} KB without a sentence break: {_unbroken_run_seconds():.2f} s")


if __name__ == "__main__":
    main()
