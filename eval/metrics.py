"""The metrics of docs/dataset-format.md, per modality: case-level per-type P/R/F1 with Macro/Micro-F1,
instance-level recall/precision/F1, clean-case false-alarm rate and the additional discovery rate.

Undefined ratios (nothing to divide by) are 0.0 for precision/recall/F1, as scikit-learn's
zero_division=0 does, and null for the false-alarm and discovery rates, which have no natural zero.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from radqc.dataset import Dataset
from radqc.eval.matching import evidence_overlap, match_case, uses_evidence
from radqc.plural import counted
from radqc.schemas import MODALITIES, Adjudication, AuditResult, Case, Finding, Label, Modality
from radqc.taxonomy import error_types


@dataclass
class ScoredCase:
    case_id: str
    modality: Modality
    labels: list[Label]
    findings: list[Finding]
    text: str | None = None  # the report, for evidence spans
    failed: bool = False  # its input was bad or its audit broke
    pending: bool = False  # no answer yet: it waits for a reviewer (`radqc review`), as only a flagged case does


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def scores(self) -> dict[str, float]:
        precision = _ratio(self.tp, self.tp + self.fp)
        recall = _ratio(self.tp, self.tp + self.fn)
        return {"precision": precision, "recall": recall, "f1": _f1(precision, recall)}


@dataclass
class InstanceCounts:
    matched_labels: Counter = field(default_factory=Counter)
    labels: Counter = field(default_factory=Counter)
    matched_findings: Counter = field(default_factory=Counter)
    findings: Counter = field(default_factory=Counter)


@dataclass
class Counts:
    """What a modality's headline scores are ratios of, over some cases. Each case's counts are its own
    (`case_counts`), and summed they give any set's: so a bootstrap resample (`eval/bootstrap.py`) is
    scored by `headline` as the whole set is, without matching its cases' evidence again."""

    case_level: dict[str, Tally]
    instance: InstanceCounts
    clean: int  # cases without gold labels
    alarms: int  # those of them with an alarm (`_alarmed`)


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else 0.0


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def judged(case: Case, items: list) -> list:
    """The labels or findings of the criteria the case was judged on.

    radqc extension of the spec: a case may list `meta.judged_criteria` when its gold labels cover
    only some error types (a simulated fault on a real radiograph says nothing about the patient's
    rotation). Findings of other types are then neither right nor wrong, and are not scored.
    """
    criteria = case.meta.get("judged_criteria") if isinstance(case.meta, dict) else None
    if not isinstance(criteria, list):
        return items
    return [item for item in items if item.error_type in criteria]


def scored_cases(dataset: Dataset, predictions: dict[str, AuditResult]) -> list[ScoredCase]:
    """Every labelled case with what it is scored on. A case that errored, or has no prediction yet
    (it waits for a reviewer), is scored with no findings: an error is a miss, never a free pass (the
    false-alarm rate counts a clean case waiting for review as an alarm, see `_alarmed`)."""
    cases = []
    for case in dataset.cases:
        if case.labels is None:
            continue
        result = predictions.get(case.case_id)
        failed = result is not None and result.status == "error"
        findings = [] if result is None or failed else judged(case, list(result.findings))
        cases.append(ScoredCase(case.case_id, case.modality, judged(case, case.labels), findings, case.report,
                                failed=failed, pending=result is None))
    for error in dataset.errors:
        if error.scored:
            cases.append(ScoredCase(error.case_id, error.modality, error.labels, [], None, True))
    return cases


def compute_metrics(
    dataset: Dataset, predictions: dict[str, AuditResult], adjudications: list[Adjudication] | None = None
) -> dict[str, Any]:
    cases = scored_cases(dataset, predictions)
    return {
        modality: _modality_metrics(modality, [c for c in cases if c.modality == modality], adjudications)
        for modality in MODALITIES
    }



def unscored_note(block: dict[str, Any]) -> str | None:
    """What a reader of one modality's metrics must know before the numbers, or None: cases that failed
    or wait for review count as misses, and an all-errors run would otherwise read as an auditor that
    found nothing (`radqc compare` and the HTML report print it)."""
    failed, pending = block.get("n_failed") or 0, block.get("n_pending") or 0
    if not failed and not pending:
        return None
    clean_pending = " (a clean one waiting for review as a false alarm)" if pending else ""
    # Only the counts there are: "and 0 wait for review" read as if something about review were wrong.
    waiting = "waits for review" if pending == 1 else "wait for review"
    (count, verb), *more = [(n, verb) for n, verb in ((failed, "failed"), (pending, waiting)) if n]
    also = "".join(f" and {n} {verb}" for n, verb in more)
    return (f"{count} of {counted(block.get('n_cases', failed + pending), 'case')} {verb}{also}; "
            f"they are scored as misses{clean_pending}")


def scored_counts(block: dict[str, Any]) -> str:
    """One modality's case counts in words, the line the terminal and report.html put above its
    numbers: how many cases and gold errors the rates are shares of."""
    pending = f", {block['n_pending']} pending review" if block.get("n_pending") else ""
    return (f"{counted(block['n_cases'], 'scored case')} ({block['n_clean']} clean, {block['n_failed']} failed{pending}), "
            f"{counted(block['n_gold'], 'gold error')}")


def has_findings(result: AuditResult | None) -> bool:
    """Whether an unlabelled case's answer flags it; a failed audit counts as failed, not as flagged."""
    return result is not None and result.status != "error" and bool(result.findings)


def unlabelled_summary(dataset: Dataset, predictions: dict[str, AuditResult]) -> dict[str, int]:
    """What became of the cases without gold labels (`radqc data index` writes only such cases): audited
    but in no score, so without this a run of them reads as if nothing had been found."""
    results = [predictions.get(case.case_id) for case in dataset.cases if case.labels is None]
    # An unlabelled line that could not become a case (its image missing, say) is one that failed:
    # left out, a folder indexed yesterday and missing a file today read as complete.
    unreadable = sum(1 for error in dataset.errors if error.modality is not None and not error.scored)
    return {
        "cases": len(results) + unreadable,
        "with_findings": sum(1 for r in results if has_findings(r)),
        "failed": sum(1 for r in results if r is not None and r.status == "error") + unreadable,
        "pending": sum(1 for r in results if r is None),
    }


def unlabelled_note(summary: dict[str, int] | None) -> str | None:
    """`unlabelled_summary` as the sentence the run's summary and report.html print (None when every
    case has gold labels)."""
    if not summary or not summary["cases"]:
        return None
    # A case waits for review only when it has findings to judge (`graphs.nodes`), and its answer is written once
    # reviewed: counted apart, "0 with findings, 1 waiting for review" read as if nothing had been found.
    found = summary["with_findings"] + summary["pending"]
    waiting = f" ({summary['pending']} of them waiting for review)" if summary["pending"] else ""
    them = "it" if summary["cases"] == 1 else "them"
    return (f"{counted(summary['cases'], 'case has', 'cases have')} no gold labels, so no score covers {them}: audited, "
            f"{found} with findings{waiting}, {summary['failed']} failed")


def _modality_metrics(
    modality: Modality, cases: list[ScoredCase], adjudications: list[Adjudication] | None
) -> dict[str, Any] | None:
    if not cases:
        return None
    types = error_types(modality)
    case_level = _case_level(cases, types)
    use_evidence = uses_evidence(modality)
    instance, candidates = _instance_level(cases, use_evidence)
    n_gold = sum(instance.labels.values())
    n_found = sum(instance.findings.values())
    clean = [c for c in cases if not c.labels]
    confirmed, unreviewed, disputed = _discoveries(candidates, adjudications, use_evidence)
    return {
        "n_cases": len(cases),
        "n_clean": len(clean),
        "n_failed": sum(c.failed for c in cases),
        "n_pending": sum(c.pending for c in cases),
        "n_gold": n_gold,
        "n_findings": n_found,
        **headline(modality, Counts(case_level, instance, len(clean), sum(map(_alarmed, clean)))),
        "additional_discovery_rate": (confirmed / n_gold) if adjudications is not None and n_gold else None,
        "confirmed_discoveries": confirmed if adjudications is not None else None,
        "unreviewed_discoveries": unreviewed,
        "disputed_discoveries": disputed,
        "per_type": {
            t: {**case_level[t].scores(), "support": case_level[t].tp + case_level[t].fn,
                "tp": case_level[t].tp, "fp": case_level[t].fp, "fn": case_level[t].fn}
            for t in types
        },
        "per_type_instance": {
            t: {
                "recall": _ratio(instance.matched_labels[t], instance.labels[t]),
                "precision": _ratio(instance.matched_findings[t], instance.findings[t]),
                "support": instance.labels[t],
                "findings": instance.findings[t],
            }
            for t in types
        },
    }


def case_counts(modality: Modality, cases: list[ScoredCase]) -> list[Counts]:
    """Each of CASES' own `Counts`, counted as `_modality_metrics` counts them all at once."""
    types, use_evidence = error_types(modality), uses_evidence(modality)
    return [Counts(_case_level([case], types), _instance_level([case], use_evidence)[0], int(not case.labels),
                   int(not case.labels and _alarmed(case))) for case in cases]


def headline(modality: Modality, counts: Counts) -> dict[str, float | None]:
    """The scores that are ratios of COUNTS: Macro- and Micro-F1 over the modality's error types (Macro
    over those with gold support), instance recall, precision and F1, and the clean-case false-alarm rate."""
    types, case_level, instance = error_types(modality), counts.case_level, counts.instance
    supported = [t for t in types if case_level[t].tp + case_level[t].fn > 0]
    micro = Tally(*(sum(getattr(case_level[t], k) for t in types) for k in ("tp", "fp", "fn")))
    recall = _ratio(sum(instance.matched_labels.values()), sum(instance.labels.values()))
    precision = _ratio(sum(instance.matched_findings.values()), sum(instance.findings.values()))
    return {
        "macro_f1": (sum(case_level[t].scores()["f1"] for t in supported) / len(supported)) if supported else 0.0,
        "micro_f1": micro.scores()["f1"],
        "recall": recall,
        "precision": precision,
        "f1": _f1(precision, recall),
        "false_alarm_rate": counts.alarms / counts.clean if counts.clean else None,
    }


def _alarmed(case: ScoredCase) -> bool:
    """Whether a clean case counts as a false alarm. One waiting for review does: only a flagged case
    waits, and scoring it as silent would give a reviewing run a false-alarm rate of 0 until someone
    reviews it."""
    return bool(case.findings) or case.pending


def _case_level(cases: list[ScoredCase], types: list[str]) -> dict[str, Tally]:
    tallies = {t: Tally() for t in types}
    for case in cases:
        gold = {label.error_type for label in case.labels}
        found = {finding.error_type for finding in case.findings}
        for t in gold | found:
            tally = tallies.setdefault(t, Tally())
            if t in gold and t in found:
                tally.tp += 1
            elif t in found:
                tally.fp += 1
            else:
                tally.fn += 1
    return tallies


def _instance_level(cases: list[ScoredCase], use_evidence: bool) -> tuple[InstanceCounts, list[tuple[ScoredCase, Finding]]]:
    counts = InstanceCounts()
    candidates = []
    for case in cases:
        matching = match_case(case.text, case.labels, case.findings, use_evidence)
        counts.labels.update(label.error_type for label in case.labels)
        counts.findings.update(finding.error_type for finding in case.findings)
        for li, fi in matching.pairs:
            counts.matched_labels[case.labels[li].error_type] += 1
            counts.matched_findings[case.findings[fi].error_type] += 1
        candidates += [(case, case.findings[fi]) for fi in matching.unmatched_findings]
    return counts, candidates


def _discoveries(
    candidates: list[tuple[ScoredCase, Finding]], adjudications: list[Adjudication] | None, use_evidence: bool
) -> tuple[int, int, list[str]]:
    """(confirmed, unreviewed, the unreviewed ones whose verdicts disagree, in words) among findings that
    matched no gold label. The disagreements are named for the reviewers to settle: counted as
    unreviewed alone, nothing said which findings wait for them.

    Confirmed counts errors gold lacks, not findings: a confirmed finding of an error gold holds (a
    second finding of a labelled error), or of one already counted, is no new discovery (same case and
    type, overlapping evidence: the instance match), just as `radqc data apply-verdicts` adds no
    label for it. Nor is a finding confirmed by a verdict that already confirmed another: one verdict
    names one error, though its evidence may overlap two findings that do not overlap each other.
    Duplicate findings would otherwise inflate the discovery rate."""
    if adjudications is None:
        return 0, len(candidates), []
    known: dict[str, list[Label]] = {}  # per case: its gold, then each error confirmed, as found and as its verdicts name it
    confirmed = unreviewed = 0
    disputed = []
    for case, finding in candidates:
        verdict, settling = _verdict_for(case, finding, adjudications, use_evidence)
        if verdict is None:
            unreviewed += 1
            if settling:
                disputed.append(_dispute(case, finding, settling))
        elif verdict == "confirmed":
            errors = known.setdefault(case.case_id, list(case.labels))
            confirmed += not match_case(case.text, errors, [finding], use_evidence).pairs
            errors += [Label(error_type=item.error_type, evidence=item.evidence) for item in [finding, *settling]]
    return confirmed, unreviewed, disputed


def _dispute(case: ScoredCase, finding: Finding, verdicts: list[Adjudication]) -> str:
    given = "; ".join(f"{item.verdict} {item.evidence!r}" + (f" by {item.reviewer}" if item.reviewer else "") for item in verdicts)
    return f"case {case.case_id!r}: its {finding.error_type!r} finding {finding.evidence!r} has verdicts that disagree ({given})"


def _verdict_for(
    case: ScoredCase, finding: Finding, adjudications: list[Adjudication], use_evidence: bool
) -> tuple[str | None, list[Adjudication]]:
    """(the verdict FINDING takes, the verdicts it takes it from), or None and the verdicts that
    disagree on it (none: no verdict names it) when it is unreviewed.

    The verdicts on its case, type and exact evidence settle it: so `radqc review` matched them to the
    finding it showed. Failing those, every verdict of its type whose evidence overlaps it does (for a
    radiograph, every verdict of its type): verdicts from another run of the dataset, whose findings
    were worded otherwise. When these disagree (one rejects "right upper lobe", another confirms
    "nodule 12 mm" of a finding "right upper lobe nodule 12 mm") the finding is unreviewed, as one both
    confirmed and rejected is: the order of the verdicts in their files must not decide."""
    same_type = [item for item in adjudications if item.case_id == case.case_id and item.error_type == finding.error_type]
    settling = [item for item in same_type if item.evidence == finding.evidence] or [
        item for item in same_type
        if not use_evidence or not item.evidence or not finding.evidence
        or evidence_overlap(case.text, item.evidence, finding.evidence) is not None
    ]
    verdicts = {item.verdict for item in settling}
    return (verdicts.pop(), settling) if len(verdicts) == 1 else (None, settling)
