"""The offline chest radiograph auditor: measure the image, decide each criterion with a calibrated
confidence, explain every finding with the values that led to it and the region it concerns."""

from __future__ import annotations

from dataclasses import replace

from radqc.agents.base import AuditContext, AuditorOutput
from radqc.agents.cxr.decide import confidences, feature_scales, load_model
from radqc.agents.cxr.dicom_qc import check_header
from radqc.agents.cxr.explain import describe_finding
from radqc.agents.cxr.features import WORKING_SIDE, measure_radiograph
from radqc.agents.cxr.image_io import load_for_audit
from radqc.agents.cxr.knn import blend_with_past_cases
from radqc.agents.cxr.site import SITE_FEATURES
from radqc.schemas import Case, Finding

SOURCE = "cxr-rules"
# Candidates below this are not reported at all; the workflow's roles apply their own, higher cut-offs.
REPORT_FLOOR = 0.2


class CxrRulesAuditor:
    name = "cxr-rules"
    modality = "cxr"

    def __init__(self, report_floor: float = REPORT_FLOOR, **options):
        # The working size is not an option: the decision model was fitted on features measured at it.
        if options:  # a typo in a profile's options must not pass silently
            raise ValueError(f"unknown cxr-rules option(s): {', '.join(sorted(options))}")
        self.report_floor = float(report_floor)

    def audit(self, case: Case, context: AuditContext) -> AuditorOutput:
        radiograph = load_for_audit(case.image_file, WORKING_SIDE)
        if isinstance(radiograph, AuditorOutput):
            return radiograph
        header = check_header(radiograph.header, case.view)
        # The measurements are remembered per file and shared: the view goes into a copy.
        measured = measure_radiograph(radiograph)
        measured = replace(measured, notes={**measured.notes, "view": header.effective_view or ""})
        scores = confidences(measured.features, load_model(), header.effective_view, context.site)
        scores, votes = blend_with_past_cases(scores, measured.features, context.past_cases, feature_scales())
        findings = []
        for criterion, confidence in scores.items():
            if confidence < self.report_floor:
                continue
            evidence, explanation, box = describe_finding(criterion, measured)
            if context.site and set(_relevant(criterion, measured.features)) & set(SITE_FEATURES):
                explanation += f" Judged against this source's look, measured on {context.site.films} of its films."
            findings.append(
                Finding(
                    error_type=criterion,
                    evidence=evidence,
                    explanation=explanation,
                    confidence=confidence,
                    source=SOURCE,
                    region=radiograph.to_original(box),
                    measurements=_relevant(criterion, measured.features),
                )
            )
        findings = merge_header_findings(findings, header.findings, radiograph.to_original((0, 0, *radiograph.pixels.shape[::-1])))
        findings.sort(key=lambda f: -f.confidence)
        return AuditorOutput(
            findings=findings,
            usage={
                "features": measured.features,
                "past_case_votes": votes,
                "working_side": WORKING_SIDE,
                "effective_view": header.effective_view,
                "header_issues": header.issues,
                "site_baseline_films": context.site.films if context.site else 0,
            },
        )


def merge_header_findings(image_findings: list[Finding], header_findings: list[Finding], whole: list[int]) -> list[Finding]:
    """One finding per criterion: a header finding (DICOM deviation index) strengthens the image's
    finding of the same type, or stands alone pointing at the whole image."""
    merged = {f.error_type: f for f in image_findings}
    for extra in header_findings:
        own = merged.get(extra.error_type)
        if own is None:
            merged[extra.error_type] = extra.model_copy(update={"region": extra.region or whole})
            continue
        merged[extra.error_type] = own.model_copy(update={
            "confidence": max(own.confidence, extra.confidence),
            "explanation": f"{own.explanation} {extra.explanation}",
            "measurements": {**own.measurements, **extra.measurements},
        })
    return list(merged.values())


def _relevant(criterion: str, features: dict) -> dict:
    model = load_model().criteria.get(criterion)
    names = model.features if model else []
    return {name: features[name] for name in names if name in features}
