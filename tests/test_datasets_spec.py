"""Every dataset folder shipped under data/ (any data/**/manifest.jsonl) conforms to the dataset format:
each line a JSON object with a valid, unique case id and modality, the modality's required fields, files
that exist inside the folder, error types from taxonomy.json and, for CT reports, exact evidence."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from radqc.dataset import load_dataset, resolve_inside
from radqc.schemas import CASE_ID_PATTERN, MODALITIES
from radqc.taxonomy import error_types

DATA = Path(__file__).resolve().parents[1] / "data"
MANIFESTS = sorted(DATA.glob("**/manifest.jsonl"))


def _records(manifest: Path) -> list[dict]:
    records = []
    for number, line in enumerate(manifest.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        record = json.loads(line)
        assert isinstance(record, dict), f"{manifest}:{number} is not a JSON object"
        records.append(record)
    return records


def test_there_are_datasets_to_check():
    assert MANIFESTS, "no data/**/manifest.jsonl found"


@pytest.mark.parametrize("manifest", MANIFESTS, ids=lambda p: str(p.parent.relative_to(DATA)))
def test_manifest_lines_follow_the_format(manifest: Path):
    root = manifest.parent.resolve()
    records = _records(manifest)
    assert records, f"{manifest} is empty"
    ids = [record.get("case_id") for record in records]
    assert len(ids) == len(set(ids)), "case ids are not unique"
    for record in records:
        case_id = record.get("case_id")
        assert isinstance(case_id, str) and re.fullmatch(CASE_ID_PATTERN, case_id), f"bad case_id {case_id!r}"
        modality = record.get("modality")
        assert modality in MODALITIES, f"{case_id}: modality {modality!r}"
        if modality == "cxr":
            assert resolve_inside(root, record["image_path"]).is_file(), f"{case_id}: image missing"
            report_text = None
        else:
            assert ("report" in record) or ("report_path" in record), f"{case_id}: no report"
            if "report" in record:
                report_text = record["report"]
            else:
                report_text = resolve_inside(root, record["report_path"]).read_text(encoding="utf-8")
            assert isinstance(report_text, str) and report_text.strip(), f"{case_id}: empty report"
            assert record.get("language", "en") in ("en", "zh"), f"{case_id}: language"
        known = set(error_types(modality))
        for label in record.get("labels") or []:
            assert label["error_type"] in known, f"{case_id}: unknown error type {label['error_type']!r}"
            if modality == "ct_report":
                assert label.get("evidence"), f"{case_id}: {label['error_type']} label without evidence"
                assert label["evidence"] in report_text, f"{case_id}: evidence {label['evidence']!r} not in the report"


@pytest.mark.parametrize("manifest", MANIFESTS, ids=lambda p: str(p.parent.relative_to(DATA)))
def test_the_loader_accepts_every_case(manifest: Path):
    dataset = load_dataset(manifest.parent)
    assert not dataset.errors, [f"{e.case_id}: {e.message}" for e in dataset.errors[:5]]
    assert len(dataset.cases) == len(_records(manifest))
