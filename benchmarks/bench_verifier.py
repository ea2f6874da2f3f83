"""Does merging the two roles beat either role alone? Each case runs through the audit graph once; then
recall alone, precision alone and the three verifier strategies are scored on the same candidates
(the spec's metrics, `radqc.eval.metrics.compute_metrics`).

Run: .venv/bin/python benchmarks/bench_verifier.py data/ct_reports/dev data/cxr/dev [--profile offline] [--no-rag]
"""

from __future__ import annotations

import argparse
import time

from radqc.offline import apply_offline_env

STRATEGIES = ("union", "intersection", "evidence")


def variants_for(dataset, profile):
    """Predictions (case id -> AuditResult) for each variant, from one graph run per case."""
    from radqc.graphs.nodes import AuditSteps
    from radqc.graphs.verifier import distinct
    from radqc.graphs.workflow import AuditWorkflow
    from radqc.schemas import AuditResult, Finding

    workflow = AuditWorkflow(profile)
    verifiers = {s: AuditSteps(profile.model_copy(update={"verifier": s}), workflow.steps.auditor_factory) for s in STRATEGIES}
    predictions = {name: {} for name in ("recall alone", "precision alone", *STRATEGIES)}
    for case in dataset.cases:
        state = workflow.graph.invoke({"case": case.model_dump()})
        base = AuditResult.model_validate(state["result"])
        answers = {}
        for role in ("recall", "precision"):
            floor = getattr(profile, role).min_confidence
            found = [Finding.model_validate(f) for f in state.get("candidates", {}).get(role, [])]
            answers[f"{role} alone"] = distinct([f for f in found if f.confidence >= floor])
        for strategy, steps in verifiers.items():
            answers[strategy] = [Finding.model_validate(f) for f in steps.verify(state).get("findings", [])]
        for name, findings in answers.items():
            predictions[name][case.case_id] = base.model_copy(update={"findings": findings})
    return predictions


def main() -> None:
    apply_offline_env()
    parser = argparse.ArgumentParser()
    parser.add_argument("datasets", nargs="+")
    parser.add_argument("--profile", default="offline")
    parser.add_argument("--no-rag", action="store_true")
    args = parser.parse_args()

    from radqc.dataset import load_dataset
    from radqc.eval.metrics import compute_metrics
    from radqc.profiles import load_profile

    profile = load_profile(args.profile)
    if args.no_rag:
        profile = profile.model_copy(update={"retrieval": profile.retrieval.model_copy(update={"enabled": False})})
    for path in args.datasets:
        dataset = load_dataset(path)
        started = time.perf_counter()
        predictions = variants_for(dataset, profile)
        seconds = time.perf_counter() - started
        print(f"\n{path}: {len(dataset.cases)} cases, profile {profile.name}, rag={profile.retrieval.enabled}, {seconds:.0f} s")
        print(f"{'variant':<16} {'modality':<10} {'inst P':>7} {'inst R':>7} {'inst F1':>7} {'macroF1':>7} {'microF1':>7} {'false alarm':>11} {'findings':>8}")
        for name, answers in predictions.items():
            metrics = compute_metrics(dataset, answers)
            n_findings = sum(len(r.findings) for r in answers.values())
            for modality, m in metrics.items():
                if m is None:
                    continue
                instance = [m.get(k) for k in ("precision", "recall", "f1")]
                cells = " ".join(f"{v:>7.3f}" if isinstance(v, float) else f"{'-':>7}" for v in instance)
                print(f"{name:<16} {modality:<10} {cells} {m['macro_f1']:>7.3f} {m['micro_f1']:>7.3f} {m['false_alarm_rate']:>11.3f} {n_findings:>8}")


if __name__ == "__main__":
    main()
