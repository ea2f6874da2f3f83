"""The synthetic CT report generator: reproducible, correctly labelled, context-aware, dev/test apart,
and the committed datasets and card are exactly what it produces."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from radqc.data.synth.ct_reports import DEFAULT_SEED, synthesize
from radqc.data.synth.ct_reports.card import render_card, split_counts
from radqc.data.synth.ct_reports.errors import ERROR_TYPES
from radqc.data.synth.ct_reports.exams import EXAMS
from radqc.data.synth.ct_reports.markup import extract_evidence, mark
from radqc.data.synth.ct_reports.typos import TYPOS
from radqc.data.synth.ct_reports.variants import for_split
from radqc.data.synth.ct_reports.writer import WEAK_TRAPS
from radqc.dataset import load_dataset
from radqc.taxonomy import error_types

COMMITTED = Path(__file__).resolve().parents[1] / "data" / "ct_reports"


def _files(folder: Path) -> dict[str, bytes]:
    """What the generator writes under FOLDER (others may keep more datasets beside it)."""
    paths = [folder / "CARD.md"] + [p for split in ("dev", "test") for p in sorted((folder / split).rglob("*"))]
    return {str(p.relative_to(folder)): p.read_bytes() for p in paths if p.is_file()}


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("ct") / "run1"
    synthesize(DEFAULT_SEED, out)
    return out


@pytest.fixture(scope="module")
def cases(generated: Path) -> dict:
    return {split: load_dataset(generated / split).cases for split in ("dev", "test")}


def test_same_seed_gives_identical_bytes(generated: Path, tmp_path: Path):
    # In another process with another string-hash seed: no set or dict order may leak into the output.
    code = f"from pathlib import Path; from radqc.data.synth.ct_reports import synthesize; " \
           f"synthesize({DEFAULT_SEED}, Path({str(tmp_path / 'run2')!r}))"
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run([sys.executable, "-c", code], check=True, env=env, timeout=120)
    first, second = _files(generated), _files(tmp_path / "run2")
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


def test_another_seed_gives_other_reports(generated: Path, tmp_path: Path):
    synthesize(DEFAULT_SEED + 1, tmp_path / "other")
    assert (tmp_path / "other/dev/manifest.jsonl").read_bytes() != (generated / "dev/manifest.jsonl").read_bytes()


def test_committed_datasets_are_the_generators_output(generated: Path):
    assert _files(COMMITTED) == _files(generated), "data/ct_reports is stale: regenerate with DEFAULT_SEED"


def test_card_numbers_match_the_manifests():
    counts = {split: split_counts(load_dataset(COMMITTED / split).cases) for split in ("dev", "test")}
    assert (COMMITTED / "CARD.md").read_text(encoding="utf-8") == render_card(DEFAULT_SEED, counts)


def test_sizes_languages_and_clean_share(cases: dict):
    everything = cases["dev"] + cases["test"]
    assert len(everything) >= 300
    assert sum(c.language == "en" for c in everything) >= 200
    assert sum(c.language == "zh" for c in everything) >= 100
    assert 0.35 <= len(cases["dev"]) / len(everything) <= 0.45
    for split_cases in cases.values():
        for language in ("en", "zh"):
            subset = [c for c in split_cases if c.language == language]
            clean = sum(not c.labels for c in subset) / len(subset)
            assert 0.2 <= clean <= 0.42, (language, clean)
            assert all(1 <= len(c.labels) <= 3 for c in subset if c.labels)
            assert all(c.exam and c.patient for c in subset)


def test_every_error_type_in_every_split_and_language(cases: dict):
    assert set(ERROR_TYPES) == set(error_types("ct_report"))
    for split, split_cases in cases.items():
        for language in ("en", "zh"):
            found = {l.error_type for c in split_cases if c.language == language for l in c.labels}
            assert found == set(ERROR_TYPES), (split, language, set(ERROR_TYPES) - found)


def test_evidence_is_exact_and_unique(cases: dict):
    for case in cases["dev"] + cases["test"]:
        evidences = [label.evidence for label in case.labels]
        assert len(evidences) == len(set(evidences)), case.case_id  # one place, one error
        for label in case.labels:
            assert case.report.count(label.evidence) == 1, (case.case_id, label.evidence)
            assert label.evidence == label.evidence.strip() and label.note


def test_errors_fit_their_context(cases: dict):
    other_sex = {
        "M": re.compile(r"(?i)uter|ovar|adnex|hysterectomy|fibroid|leiomyoma|子宫|附件|卵巢"),
        "F": re.compile(r"(?i)prostat|seminal|前列腺|精囊"),
    }
    for case in cases["dev"] + cases["test"]:
        for label in case.labels:
            evidence = label.evidence
            if label.error_type == "sex_mismatch":
                assert case.sex in other_sex and other_sex[case.sex].search(evidence), (case.case_id, evidence)
                assert case.meta["family"] in ("abdomen_pelvis", "staging")
            elif label.error_type == "laterality":
                assert re.search(r"(?i)left|right|左|右|\b[RL][UML]L\b", evidence), (case.case_id, evidence)
            elif label.error_type == "measurement":
                assert re.search(r"\d", evidence), (case.case_id, evidence)
            elif label.error_type == "omission":
                assert evidence.rstrip(")）").endswith((".", "。")), (case.case_id, evidence)  # a whole sentence
            elif label.error_type == "spelling":
                wrong_forms = [wrong for _, wrong in TYPOS[case.language]]
                assert any(wrong in evidence for wrong in wrong_forms), (case.case_id, evidence)


def _without_exam_names(text: str) -> str:
    for exam in EXAMS:
        for name in exam.en_names + exam.zh_names:
            text = text.replace(name, "")
    return text


def test_clean_reports_are_consistent_with_sex_and_contrast(cases: dict):
    anatomy = {"M": re.compile(r"(?i)uter|ovar|adnex|hysterect|子宫|附件|卵巢"), "F": re.compile(r"(?i)prostat|前列腺")}
    enhancement = re.compile(r"(?i)(?<!un)(?<!non-)enhanc|强化|增强|arterial phase|venous phase|动脉期|门脉期")
    no_contrast = re.compile(r"(?i)without (intravenous |IV )?contrast|no IV contrast|未注射对比剂|未使用对比剂|本次为平扫")
    for case in cases["dev"] + cases["test"]:
        if case.labels:
            continue
        text = _without_exam_names(case.report)
        if case.sex in anatomy:
            assert not anatomy[case.sex].search(text), case.case_id
        if case.meta["contrast"] == "none":
            assert not enhancement.search(text), case.case_id
        else:
            assert not no_contrast.search(text), case.case_id


def test_clean_reports_carry_traps(cases: dict):
    clean = [c for c in cases["dev"] + cases["test"] if not c.labels]
    with_traps = [c for c in clean if set(c.meta["traps"]) - WEAK_TRAPS]
    assert len(with_traps) / len(clean) >= 0.95


def test_test_split_misspells_words_dev_never_misspells(cases: dict):
    def misspellings(split: str) -> set[str]:
        notes = [l.note for c in cases[split] for l in c.labels if l.error_type == "spelling"]
        return {re.match(r"'(.+)' should be", note).group(1) for note in notes}

    for split in ("dev", "test"):
        allowed = {wrong for lang in ("en", "zh") for _, wrong in for_split(TYPOS[lang], split)}
        assert misspellings(split) and misspellings(split) <= allowed
    assert not misspellings("dev") & misspellings("test")


def _sentence_shapes(split_cases) -> set[str]:
    shapes = set()
    for case in split_cases:
        for sentence in re.split(r"(?<=[。；])|(?<=\.)\s+|\n", case.report):
            shape = re.sub(r"\d+(\.\d+)?", "N", re.sub(r"^[-•*\d.)（）() 、．]+", "", sentence.strip()))
            if len(shape) > 8:
                shapes.add(shape)
    return shapes


def test_test_split_is_written_in_sentences_dev_never_uses(cases: dict):
    dev, test = _sentence_shapes(cases["dev"]), _sentence_shapes(cases["test"])
    assert len(test & dev) / len(test) < 0.05


def test_variants_are_split_by_position():
    options = ["a", "b", "c", "d", "e"]
    assert for_split(options, "dev") == ["a", "c", "e"]
    assert for_split(options, "test") == ["b", "d"]
    assert for_split(["only"], "test") == ["only"]


def test_evidence_widens_until_unique():
    text, evidence = extract_evidence(f"Left lung clear. The {mark('left', 0)} kidney is small. Left knee.\n")
    assert text == "Left lung clear. The left kidney is small. Left knee.\n"
    assert text.count(evidence[0]) == 1 and "left" in evidence[0]
    _, chinese = extract_evidence(f"右肺结节。{mark('左', 1)}肺结节。\n")
    assert chinese[1].startswith("左") and len(chinese[1]) >= 2
