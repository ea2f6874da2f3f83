"""Every kind of bad manifest line becomes a per-case error with a clear message; nothing crashes."""

import json
import os

import pytest

from radqc.dataset import DatasetError, load_dataset


def write(tmp_path, lines):
    (tmp_path / "manifest.jsonl").write_text("\n".join(l if isinstance(l, str) else json.dumps(l) for l in lines) + "\n")
    return load_dataset(tmp_path)


def messages(dataset):
    return {e.case_id: e.message for e in dataset.errors}


def test_good_cases_load_with_resolved_inputs(tmp_path):
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "a.png").write_bytes(b"x")
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "r.txt").write_text("FINDINGS: 左肺结节。", encoding="utf-8")
    data = write(tmp_path, [
        {"case_id": "a", "modality": "cxr", "image_path": "images/a.png", "view": "pa", "patient": {"sex": "female", "age": 63}},
        {"case_id": "r", "modality": "ct_report", "report_path": "reports/r.txt", "language": "zh", "labels": [], "meta": {"k": [1]}},
    ])
    assert not data.errors
    cxr, report = data.cases
    assert cxr.image_file == str((tmp_path / "images" / "a.png").resolve()) and cxr.view == "PA" and cxr.sex == "F"
    assert report.report == "FINDINGS: 左肺结节。" and report.scored and report.meta == {"k": [1]}


def test_a_file_reached_through_a_linked_folder_is_refused_saying_so(tmp_path):
    """An images/ folder linked to an image store read "path 'images/a.png' leaves the dataset folder",
    a path that plainly does not: the message names the link and what to do."""
    store = tmp_path / "store"
    store.mkdir()
    (store / "a.png").write_bytes(b"x")
    dataset = tmp_path / "set"
    dataset.mkdir()
    os.symlink(store, dataset / "images")
    data = write(dataset, [{"case_id": "linked", "modality": "cxr", "image_path": "images/a.png"},
                           {"case_id": "escape", "modality": "cxr", "image_path": "../store/a.png"}])
    found = messages(data)
    assert "through a symbolic link" in found["linked"] and str((store / "a.png").resolve()) in found["linked"]
    assert "copy the files into the dataset folder" in found["linked"]
    assert "symbolic link" not in found["escape"]


def test_bad_lines_become_case_errors(tmp_path):
    outside = tmp_path.parent / "outside.png"
    outside.write_bytes(b"x")
    os.symlink(outside, tmp_path / "link.png")
    data = write(tmp_path, [
        {"case_id": "missing", "modality": "cxr", "image_path": "nope.png"},
        {"case_id": "escape", "modality": "cxr", "image_path": "../outside.png"},
        {"case_id": "absolute", "modality": "cxr", "image_path": str(outside)},
        {"case_id": "symlink", "modality": "cxr", "image_path": "link.png"},
        {"case_id": "badtype", "modality": "ct_report", "report": "x", "labels": [{"error_type": "rotation"}]},
        {"case_id": "noreport", "modality": "ct_report"},
        {"case_id": "bad id!", "modality": "ct_report", "report": "x"},
        {"case_id": "dup", "modality": "ct_report", "report": "x"},
        {"case_id": "dup", "modality": "ct_report", "report": "y"},
        "{broken json",
        "[1, 2]",
        {"case_id": "mod", "modality": "mri", "report": "x"},
    ])
    found = messages(data)
    assert "file not found" in found["missing"]
    assert "leaves the dataset folder" in found["escape"] and "leaves the dataset folder" in found["symlink"]
    assert "must be relative" in found["absolute"]
    assert "'rotation' is a cxr error type, not a ct_report one" in found["badtype"]
    assert "report or report_path" in found["noreport"]
    assert "case_id" in found["bad id!"]
    assert "duplicate case_id" in found["dup#line9"]
    assert "not valid UTF-8 JSON" in found["line-10"] and "expected a JSON object" in found["line-11"]
    assert "modality" in found["mod"]
    assert [c.case_id for c in data.cases] == ["dup"]


def test_missing_manifest_is_a_dataset_error(tmp_path):
    with pytest.raises(DatasetError, match="manifest.jsonl"):
        load_dataset(tmp_path)


def test_optional_hints_are_read_leniently(tmp_path):
    (tmp_path / "r.txt").write_text("检查所见：右肺上叶结节。诊断意见：右肺结节。", encoding="utf-8")
    data = write(tmp_path, [
        {"case_id": "zh-by-file", "modality": "ct_report", "report_path": "r.txt"},
        {"case_id": "zh-inline", "modality": "ct_report", "report": "影像所见：双肺纹理清晰。", "language": "zh-CN"},
        {"case_id": "en-told", "modality": "ct_report", "report": "FINDINGS: 肺 normal.", "language": "English",
         "patient": {"sex": "f", "age": "63Y"}},
        {"case_id": "odd-view", "modality": "ct_report", "report": "FINDINGS: normal.", "view": "erect?", "patient": {"age": "unknown"}},
    ])
    assert not data.errors
    cases = {c.case_id: c for c in data.cases}
    assert cases["zh-by-file"].language == "zh" and cases["zh-inline"].language == "zh"
    assert cases["en-told"].language == "en" and cases["en-told"].patient.age == 63 and cases["en-told"].sex == "F"
    assert cases["odd-view"].view is None and cases["odd-view"].patient.age is None
