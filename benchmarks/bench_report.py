"""Throughput of the offline CT report auditor: reports per second on a dataset folder.

    python benchmarks/bench_report.py [DATASET] [--no-embeddings] [--repeat N]
    python benchmarks/bench_report.py --long [--no-embeddings]

Prints the one-time start-up (first report, which loads the embedding model when it is needed) apart
from the steady rate, because the target (>= 50 reports/s on 2 cores) is about the steady rate.

--long instead prints the seconds one report takes at 1k, 3k, 10k and 30k characters, English and Chinese: a long
report of varied findings, and crafted ones (a list without punctuation, commas, thousands of sizes, side words,
nested brackets, bare organ words, named scores without a total, a cyst's wall after a list of organs, a list of
findings closed by a negation denying them all). Report text is untrusted input: the time should grow
with the length, not its square, and the columns show which. Each report is exactly its length, so the 30k ones are
read whole (the engine audits up to 30,000 characters); a time marked "*" is of a report past 300 sentences, of which
only the first 300 were audited.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from radqc.agents.base import AuditContext
from radqc.agents.report.checks.spelling import confusion_matches_en
from radqc.agents.report.engine import ReportRulesAuditor
from radqc.dataset import load_dataset
from radqc.offline import apply_offline_env
from radqc.schemas import Case

DEFAULT_DATASET = Path(__file__).resolve().parents[1] / "data" / "ct_reports" / "dev"
LENGTHS = (1_000, 3_000, 10_000, 30_000)
_FINDINGS = {
    "en": ["There is a 2.3 x 1.8 cm nodule in the right upper lobe.", "No pleural effusion.",
           "The liver has a 1.2 cm hypodense lesion in segment VII.", "Mild left hydronephrosis.",
           "A 15 mm lymph node in the left para-aortic region, previously 12 mm.", "No free fluid or free air.",
           "Bilateral renal cysts, the largest 3.1 cm on the right.", "The pancreas and spleen are unremarkable."],
    "zh": ["右肺上叶见一结节，大小约2.3cm×1.8cm。", "双侧胸腔未见积液。", "肝右叶见一低密度灶，直径约1.2cm。", "左肾轻度积水。",
           "左侧腹主动脉旁见一淋巴结，短径约15mm，较前增大（前片12mm）。", "腹腔未见游离积液及积气。",
           "双肾多发囊肿，较大者位于右肾，直径约3.1cm。", "胰腺、脾脏未见异常。"],
}
_ORGANS = {"en": ["liver", "spleen", "left kidney", "right kidney", "pancreas", "gallbladder", "adrenal", "bladder"],
           "zh": ["肝", "脾", "左肾", "右肾", "胰腺", "胆囊", "肾上腺", "膀胱"]}
# Each crafted body: (English item, Chinese item) for item number I, repeated to the length.
_CRAFTED = {
    "findings": (lambda i: _FINDINGS["en"][i % 8] + " ", lambda i: _FINDINGS["zh"][i % 8]),
    "list": (lambda i: f"no {_ORGANS['en'][i % 8]} mass or ", lambda i: _ORGANS["zh"][i % 8] + ("和" if i % 3 else "、")),
    "commas": (lambda i: _ORGANS["en"][i % 8] + ", ", lambda i: _ORGANS["zh"][i % 8] + "，"),
    "sizes": (lambda i: f"{i % 97 + 1}.{i % 10} x {i % 13 + 1} cm, ", lambda i: f"{i % 97 + 1}.{i % 10}cm×{i % 13 + 1}cm、"),
    "sides": (lambda i: ("left " if i % 2 else "right ") + ("kidney " if i % 7 == 0 else ""),
              lambda i: ("左" if i % 2 else "右") + ("肾" if i % 7 == 0 else "")),
    "brackets": (lambda i: "(" * 20 + "right 2 cm" + ")" * 20 + " ", lambda i: "（" * 20 + "右侧2cm" + "）" * 20),
    "organs": (lambda i: _ORGANS["en"][i % 8] + " ", lambda i: _ORGANS["zh"][i % 8]),
    "scores": (lambda i: ["GCS 15, ", "NIHSS 3, ", "mRS 1, ", "ASPECTS 9, "][i % 4],
               lambda i: ["GCS评分15分，", "NIHSS评分3分，", "mRS评分1分，"][i % 3]),
    "walls": (lambda i: "liver, spleen, pancreas, wall 4 mm enhancing, " if i else "Left renal cyst, ",
              lambda i: "肝、脾、胰腺，壁厚4mm，强化，" if i else "左肾囊肿，"),
    "negated list": (lambda i: ["pneumothorax, ", "pleural effusion and ", "consolidation, "][i % 3],
                     lambda i: ["气胸、", "胸腔积液及", "实变、"][i % 3]),
}
# What closes a crafted body, after its items: a negation denying the whole list ("...结节均未见").
_CLOSING = {"negated list": ("nodules are absent", "结节均未见")}


# The confusion table's worst case: 52 KB with no period, semicolon or line break, every stretch a context word (fat,
# nodules) that a row reads before its slip; a window without bound made it quadratic (19 s).
_UNBROKEN_RUN = "fat stranding and nodular " * 2000


def _unbroken_run_seconds() -> float:
    """Seconds the English confusion table takes over `_UNBROKEN_RUN`."""
    started = time.perf_counter()
    list(confusion_matches_en(_UNBROKEN_RUN))
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", nargs="?", default=str(DEFAULT_DATASET))
    parser.add_argument("--no-embeddings", action="store_true", help="omission check without MiniLM")
    parser.add_argument("--repeat", type=int, default=3, help="passes over the dataset")
    parser.add_argument("--long", action="store_true", help="seconds per long or crafted report, by length")
    args = parser.parse_args()

    apply_offline_env()
    if args.long:
        return long_reports(ReportRulesAuditor(embeddings=not args.no_embeddings))
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


def crafted_report(kind: str, language: str, length: int) -> str:
    """A report of LENGTH characters whose findings are KIND's item repeated (`_CRAFTED`), under the usual headings."""
    item = _CRAFTED[kind][language == "zh"]
    if language == "zh":
        before, after = "影像所见：", "。\n诊断意见：右肺上叶结节。\n"
    else:
        before, after = "FINDINGS: ", ".\nIMPRESSION: Right upper lobe nodule.\n"
    closing = _CLOSING.get(kind, ("", ""))[language == "zh"]
    room = length - len(before) - len(after) - len(closing)
    body, i = "", 0
    while len(body) < room:
        body, i = body + item(i), i + 1
    return before + body[:room] + closing + after


def long_reports(auditor: ReportRulesAuditor) -> None:
    auditor.warm_up()
    print("seconds per report by length (characters; * past 300 sentences: only the first 300 audited)")
    print(f"{'input':16s}" + "".join(f"{length:>9,d}" for length in LENGTHS))
    for kind in _CRAFTED:
        for language in ("en", "zh"):
            times = []
            for length in LENGTHS:
                case_id = f"{kind.replace(' ', '-')}-{language}-{length}"  # a case id has no space
                case = Case(case_id=case_id, modality="ct_report", language=language,
                            report=crafted_report(kind, language, length))
                started = time.perf_counter()
                output = auditor.audit(case, AuditContext())
                capped = output.usage["sentences_left_out"] > 0
                times.append(f"{time.perf_counter() - started:.2f}" + ("*" if capped else " "))
            print(f"{kind + ' ' + language:16s}" + "".join(f"{t:>9s}" for t in times), flush=True)


if __name__ == "__main__":
    main()
