"""The offline CT report auditor: parse the report, run one check per error type, return findings.

Every check returns candidates with a calibrated confidence; the workflow's roles keep what passes
their own threshold (0.3 for recall, 0.7 for precision by default). Nothing here needs the network or a
model download; retrieval (`context`) only adds knowledge, so the auditor also runs with `rag=False`.
"""

from __future__ import annotations

from radqc.agents.base import AuditContext, AuditorOutput
from radqc.agents.report.checks import CheckInput, all_checks
from radqc.agents.report.document import parse_report
from radqc.agents.report.evidence import Candidate
from radqc.agents.report.knowledge import from_context
from radqc.agents.report.lexicon import as_written, chinese_dictionary_words, known_words
from radqc.agents.report.memo import one_report
from radqc.limits import MAX_REPORT_BYTES
from radqc.schemas import Case, Finding

SOURCE = "report-rules"
# Several checks compare statements pairwise; a real report has tens of sentences. Past this many the
# rest is not audited and the output says so (degraded) instead of taking minutes.
MAX_SENTENCES = 300
MAX_AUDITED_CHARS = 30_000  # likewise for one endless sentence; evidence stays a substring of the report


class ReportRulesAuditor:
    name = SOURCE
    modality = "ct_report"

    def __init__(self, **options):
        """Options come from a profile's role config: `min_confidence` pre-filters findings, and
        `embeddings: false` skips the sentence-embedding model (omission then relies on terms alone)."""
        self.min_confidence = float(options.get("min_confidence", 0.0))
        self.use_embeddings = bool(options.get("embeddings", True))
        self._embedding_problem: str | None = None

    def audit(self, case: Case, context: AuditContext) -> AuditorOutput:
        text = case.report or ""
        if len(text.encode("utf-8", errors="ignore")) > MAX_REPORT_BYTES:
            return AuditorOutput(degraded=f"report longer than {MAX_REPORT_BYTES} bytes: not audited")
        with one_report():  # the checks' questions about its sentences answered once (`memo`)
            return self._audit(text, case, context)

    def _audit(self, text: str, case: Case, context: AuditContext) -> AuditorOutput:
        language = case.language if case.language in ("en", "zh") else "en"
        problems = []
        if len(text) > MAX_AUDITED_CHARS:
            problems.append(f"report longer than {MAX_AUDITED_CHARS} characters: only the start audited")
        report = parse_report(text[:MAX_AUDITED_CHARS], language)
        sentences_left_out = max(0, len(report.sentences) - MAX_SENTENCES)
        if sentences_left_out:
            report.sentences = report.sentences[:MAX_SENTENCES]
            # Checks reading the whole text read the audited start too: template placeholders, impossible sides, the
            # confusion table and Chinese character substitutions, typos remembered from past cases, comparison sections.
            report.text = report.text[: report.sentences[-1].end]
            problems.append(f"report has more than {MAX_SENTENCES} sentences: only the first {MAX_SENTENCES} audited")
        data = CheckInput(
            report=report,
            sex=case.sex,
            exam=case.exam,
            age=case.patient.age if case.patient else None,
            knowledge=from_context(context, language),
            embed=self._embedder(),
        )
        candidates = [c for check in all_checks() for c in check(data)]
        findings = [_to_finding(text, c, data) for c in merge(candidates) if c.confidence >= self.min_confidence]
        problems += [self._embedding_problem] if self._embedding_problem else []
        return AuditorOutput(findings=findings, degraded="; ".join(problems) or None,
                             usage={"candidates": len(candidates), "sentences_left_out": sentences_left_out})

    def warm_up(self) -> None:
        """Load the lexicons and, when enabled, the embedding model now rather than on the first report
        that needs them (benchmarks and servers call this once): those a normal report reads in each language, and
        those only a slip or an evidence span to widen reads (the Chinese dictionary alone takes a second)."""
        for language, report in (("en", "FINDINGS: Normal.\nIMPRESSION: Normal."), ("zh", "影像所见：未见异常。\n诊断意见：未见异常。")):
            self.audit(Case(case_id="warm-up", modality="ct_report", language=language, report=report), AuditContext())
            known_words(language)
        chinese_dictionary_words()
        embed = self._embedder()
        if embed is not None:
            embed(["warm-up"])

    def _embedder(self):
        """The knowledge base's MiniLM embedder, imported on first use (it loads torch); None if disabled
        or unavailable, in which case the output is marked degraded rather than silently weaker."""
        if not self.use_embeddings or self._embedding_problem:
            return None
        try:
            from radqc.knowledge.embedding import embed, model_dir

            model_dir()
        except (ImportError, RuntimeError) as exc:
            self._embedding_problem = f"sentence embeddings unavailable ({exc}); omission check used terms only"
            return None
        return embed


# A statement that does not belong in the report (wrong sex, wrong region, inserted) is no omission
# from the impression either.
_EXCLUDES_OMISSION = ("insertion", "exam_mismatch", "sex_mismatch")


def merge(candidates: list[Candidate]) -> list[Candidate]:
    """One finding per error type and place: overlapping candidates of a type keep the most confident."""
    kept: list[Candidate] = []
    for c in sorted(candidates, key=lambda c: -c.confidence):
        if not any(k.error_type == c.error_type and k.start < c.end and c.start < k.end for k in kept):
            kept.append(c)
    misplaced = [c for c in kept if c.error_type in _EXCLUDES_OMISSION and c.confidence >= 0.5]
    templates = [c for c in kept if c.rule == "template"]
    wrong_sex = [c for c in kept if c.error_type == "sex_mismatch" and c.confidence >= 0.5]
    wrong_side = [c for c in kept if c.error_type == "laterality" and c.confidence >= 0.5]
    kept = [
        c for c in kept
        if not (c.error_type == "omission" and (_covers_most(c, misplaced) or _overlaps_any(c, templates)))
        and not (c.rule == "other-region" and _overlaps_any(c, templates))  # template junk is one error
        # A prostate in a woman's chest CT is one error, the more specific one: the wrong sex.
        and not (c.error_type == "exam_mismatch" and _overlaps_any(c, wrong_sex))
        # An impression putting the finding on the wrong side meets the findings' denial of it on that side ("左侧卵巢
        # 静脉血栓" beside "左侧卵巢静脉...未见充盈缺损"): one error, the side.
        and not (c.error_type == "findings_impression_mismatch" and _overlaps_any(c, wrong_side))
    ]
    return sorted(kept, key=lambda c: (c.start, c.error_type))


def _covers_most(c: Candidate, others: list[Candidate]) -> bool:
    """Another candidate spans at least half of C: the statement as a whole, not one phrase of it (a
    contrast phrase in a non-contrast report leaves the lesion of that sentence to be reported)."""
    return any(2 * (min(o.end, c.end) - max(o.start, c.start)) >= c.end - c.start for o in others if o is not c)


def _overlaps_any(c: Candidate, others: list[Candidate]) -> bool:
    return any(o is not c and o.start < c.end and c.start < o.end for o in others)


def _to_finding(text: str, c: Candidate, data: CheckInput) -> Finding:
    return Finding(
        error_type=c.error_type,
        evidence=text[c.start : c.end],
        explanation=as_written(c.explanation, data.report.text, text[: len(data.report.text)]),
        confidence=c.confidence,
        source=SOURCE,
        guideline_ids=c.guideline_ids or data.knowledge.cite(c.error_type),
        measurements={"rule": c.rule},
    )
