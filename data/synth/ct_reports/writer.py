"""Generate the dev and test datasets: compose each report, inject errors, render, write the manifest.

Determinism: one `random.Random(seed)` hands each case its own generator, everything is iterated in a
fixed order, nothing depends on time or on the file system, and files are written as UTF-8 with "\\n"
line endings, so the same seed gives byte-identical output.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from pathlib import Path

from radqc.dataset import load_dataset
from radqc.settings import DATASET_SEED

from .card import as_plain, render_card, split_counts
from .compose import compose
from .errors import inject
from .exams import EXAMS
from .layout import render
from .markup import extract_evidence
from .variants import SPLITS, Split

# Cases per split and language: dev is 40 %, test 60 %, both languages in both.
SIZES: dict[Split, dict[str, int]] = {"dev": {"en": 90, "zh": 46}, "test": {"en": 135, "zh": 69}}
CLEAN_SHARE = 0.3
ERRORS_PER_REPORT = ((1, 55), (2, 30), (3, 15))
# Traps too common or too mild to make a clean report a test of restraint on their own.
WEAK_TRAPS = {"incidental_region", "sex_specific_anatomy"}
TRAP_ATTEMPTS = 8
REPORT_FILE_SHARE = 0.15  # reports written as files under reports/ instead of inline
GENERATOR = "radqc.data.synth.ct_reports"
DEFAULT_SEED = DATASET_SEED  # the seed of the datasets committed under data/ct_reports


def synthesize(seed: int, out_dir: Path) -> dict:
    """Write OUT_DIR/dev and OUT_DIR/test (and OUT_DIR/CARD.md); return the counts per split.

    Each split's manifest.jsonl and reports/*.txt are replaced; other files under OUT_DIR are left alone.
    """
    out_dir = Path(out_dir)
    master = random.Random(seed)
    counts = {}
    for split in SPLITS:
        records, files = _split_records(master, split, seed)
        folder = out_dir / split
        _write_split(folder, records, files)
        written = load_dataset(folder)  # read back through the project's own loader
        if written.errors:
            raise RuntimeError(f"generated {split} case rejected by the loader: {written.errors[0].message}")
        counts[split] = split_counts(written.cases)
    (out_dir / "CARD.md").write_text(render_card(seed, counts), encoding="utf-8", newline="\n")
    return {split: as_plain(counts[split]) for split in SPLITS}


def _split_records(master: random.Random, split: Split, seed: int) -> tuple[list[dict], dict[str, str]]:
    languages = [lang for lang, n in sorted(SIZES[split].items()) for _ in range(n)]
    master.shuffle(languages)
    used = {language: Counter() for language in SIZES[split]}  # error types so far, to keep them balanced
    records, files = [], {}
    for number, language in enumerate(languages, start=1):
        rng = random.Random(master.getrandbits(64))
        case_id = f"ct-{split}-{number:04d}"
        record, text = _case(rng, split, language, case_id, used[language], seed)
        if rng.random() < REPORT_FILE_SHARE:
            record["report_path"] = f"reports/{case_id}.txt"
            files[record["report_path"]] = text
        else:
            record["report"] = text
        records.append(record)
    return records, files


def _case(rng: random.Random, split: Split, language: str, case_id: str, used: Counter, seed: int) -> tuple[dict, str]:
    exam = rng.choice(EXAMS)
    clean = rng.random() < CLEAN_SHARE
    draft = compose(rng, split, language, exam)
    for _ in range(TRAP_ATTEMPTS):  # a clean report should hold something that looks wrong but is not
        if not clean or draft.traps - WEAK_TRAPS:
            break
        draft = compose(rng, split, language, exam)
    if not clean:
        count = rng.choices([n for n, _ in ERRORS_PER_REPORT], weights=[w for _, w in ERRORS_PER_REPORT])[0]
        inject(draft, count, used)
    text, evidence = extract_evidence(render(draft))
    missing = [pending.error_type for pending in draft.labels if pending.label_id not in evidence]
    if missing:  # an injected error that did not reach the text: a generator bug, never a silent label
        raise RuntimeError(f"{case_id}: injected {missing} but the rendered report lost the mark")
    labels = [
        {"error_type": pending.error_type, "evidence": evidence[pending.label_id], "note": pending.note}
        for pending in draft.labels
    ]
    labels.sort(key=lambda label: (text.find(label["evidence"]), label["error_type"]))
    record = {
        "case_id": case_id,
        "modality": "ct_report",
        "language": language,
        "exam": draft.exam_name,
        "patient": {"sex": draft.sex, "age": draft.age},
        "labels": labels,
        "meta": {
            "synthetic": True,
            "generator": GENERATOR,
            "seed": seed,
            "family": exam.family,
            "contrast": exam.contrast,
            "traps": sorted(draft.traps),
        },
    }
    return record, text


def _write_split(folder: Path, records: list[dict], files: dict[str, str]) -> None:
    reports = folder / "reports"
    reports.mkdir(parents=True, exist_ok=True)
    for stale in sorted(reports.glob("*.txt")):  # files of an earlier run with other settings
        stale.unlink()
    for relative, text in sorted(files.items()):
        (folder / relative).write_text(text, encoding="utf-8", newline="\n")
    lines = [json.dumps(record, ensure_ascii=False) + "\n" for record in records]
    (folder / "manifest.jsonl").write_text("".join(lines), encoding="utf-8", newline="\n")
