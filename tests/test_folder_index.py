"""`radqc data index`: a folder of files becomes a dataset the loader accepts, files told apart by content."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from radqc.dataset import load_dataset
from radqc.folder_index import index_folder
from radqc.schemas import case_id_for

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures", "dicom")


@pytest.fixture
def folder(tmp_path, samples_dir):
    (tmp_path / "ward" / "bed3").mkdir(parents=True)
    (tmp_path / ".cache").mkdir()
    shutil.copy(samples_dir / "images" / "00000001_000.png", tmp_path / "ward" / "chest.png")
    shutil.copy(samples_dir / "images" / "00000001_000.png", tmp_path / "ward" / "bed3" / "chest.png")
    shutil.copy(samples_dir / "images" / "00000001_000.png", tmp_path / ".cache" / "thumb.png")
    shutil.copy(os.path.join(FIXTURES, "rg1_chest_pa_mono1_j2k.dcm"), tmp_path / "IM0001")  # DICOM without a suffix
    (tmp_path / "report.txt").write_text("FINDINGS: right lung nodule.\nIMPRESSION: left lung nodule.\n", encoding="utf-8")
    (tmp_path / "报告.txt").write_text("检查所见：右肺结节。\n诊断意见：左肺结节。\n", encoding="utf-8")
    (tmp_path / "latin1.txt").write_bytes("Befund: Knötchen".encode("latin-1"))
    (tmp_path / "fake.png").write_bytes(b"not a png at all")
    (tmp_path / "x.dcm").write_text("FINDINGS: normal.\n", encoding="utf-8")  # a report named as an image
    (tmp_path / "notes.doc").write_bytes(b"minutes of the meeting")
    (tmp_path / "failed-export.png").write_bytes(b"")  # was "neither a PNG, JPEG or DICOM image ..."
    return tmp_path


def test_radiographs_and_reports_are_found_by_content_and_load_as_unlabelled_cases(folder):
    found = index_folder(folder, exam="CT chest", view="AP")
    by_path = {c.get("image_path") or c.get("report_path"): c for c in found.cases}
    assert set(by_path) == {"IM0001", "report.txt", "报告.txt", "ward/chest.png", "ward/bed3/chest.png"}
    assert by_path["IM0001"]["modality"] == "cxr" and by_path["IM0001"]["view"] == "AP"
    assert by_path["报告.txt"]["language"] == "zh" and by_path["report.txt"]["language"] == "en"
    assert by_path["report.txt"]["exam"] == "CT chest" and "exam" not in by_path["IM0001"]
    assert all("labels" not in c for c in found.cases)  # audit only
    assert dict(found.skipped) == {"latin1.txt": "not UTF-8 text, nor Chinese GB18030/GBK text (convert it: `iconv -f ITS-ENCODING -t UTF-8`)", "failed-export.png": "empty",
                                  # as `radqc audit` says it: these were "neither a PNG, JPEG or DICOM image nor a .txt report"
                                  "fake.png": "named as an image but is not a PNG, JPEG or DICOM file",
                                  "x.dcm": "named as an image but is not a PNG, JPEG or DICOM file",
                                  "notes.doc": "a Word document: a dataset's reports are plain text, so save a report as .txt (UTF-8) to have it audited"}
    (folder / "manifest.jsonl").write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in found.cases), encoding="utf-8")
    data = load_dataset(folder)
    assert not data.errors and len(data.cases) == 5 and len({c.case_id for c in data.cases}) == 5


def test_a_film_in_a_format_radqc_does_not_read_is_skipped_with_audits_reason(tmp_path, samples_dir):
    """A TIFF, BMP or GIF film was skipped as "neither a PNG, JPEG or DICOM image nor a .txt report", and a
    TIFF named .txt as text to convert to UTF-8, where `radqc audit` names the format to convert from."""
    from PIL import Image
    from typer.testing import CliRunner

    from radqc.cli.main import app

    film = Image.open(samples_dir / "images" / "00000001_000.png").convert("L").resize((256, 256))
    for name in ("film.tif", "film.bmp", "film.gif"):
        film.save(tmp_path / name)
    film.save(tmp_path / "scan.txt", format="TIFF")
    found = index_folder(tmp_path)
    assert not found.cases and dict(found.skipped) == {
        name: f"a {label} image; radqc reads PNG, JPEG and DICOM (convert it first)"
        for name, label in (("film.bmp", "BMP"), ("film.gif", "GIF"), ("film.tif", "TIFF"), ("scan.txt", "TIFF"))}
    for name, why in found.skipped:
        audited = CliRunner().invoke(app, ["audit", str(tmp_path / name)], env={"COLUMNS": "400"})
        assert audited.exit_code == 2 and f"{name} is {why}" in " ".join(audited.output.replace("│", " ").split()), audited.output


def test_colliding_names_get_distinct_case_ids(tmp_path, samples_dir):
    for name in ("a_b.png", "a/b.png", "a b.png"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(samples_dir / "images" / "00000001_000.png", tmp_path / name)
    ids = [c["case_id"] for c in index_folder(tmp_path).cases]
    assert sorted(ids) == ["a_b", "a_b-2", "a_b-3"]


def test_names_outside_ascii_get_readable_ids_as_audit_gives_them(tmp_path, samples_dir):
    """`data index` read "报告" and "报告二" as "__" and "___", then as "case-" and a hash: every Chinese
    file name read alike. Now Han characters read as pinyin, with a hash of the name that keeps names
    read alike (报告, 宝高) apart and each id the same whatever else the folder holds."""
    names = ("报告.txt", "报告二.txt", "宝高.txt", "胸片_张三.txt", "rapport été.txt")
    for name in names:
        (tmp_path / name).write_text("FINDINGS: right lung nodule.\nIMPRESSION: left lung nodule.\n", encoding="utf-8")
    ids = {Path(c["report_path"]).name: c["case_id"] for c in index_folder(tmp_path).cases}
    assert {name: case_id.rsplit("-", 1)[0] for name, case_id in ids.items()} == {
        "报告.txt": "BaoGao", "报告二.txt": "BaoGaoEr", "宝高.txt": "BaoGao", "胸片_张三.txt": "XiongPian_ZhangSan",
        "rapport été.txt": "rapport_ete"}
    assert len(set(ids.values())) == len(names) and all(re.fullmatch(r"[A-Za-z0-9._]+-[0-9a-f]{8}", i) for i in ids.values())
    (tmp_path / "宝高.txt").unlink()
    assert {Path(c["report_path"]).name: c["case_id"] for c in index_folder(tmp_path).cases} == {
        name: case_id for name, case_id in ids.items() if name != "宝高.txt"}


def test_a_name_in_either_unicode_form_gets_one_case_id_from_data_index_and_audit(tmp_path):
    """macOS writes "é" as "e" and a combining accent (NFD), Linux as one character (NFC): the same report
    copied from a Mac got another id, its hash taken of other code points."""
    import unicodedata

    from typer.testing import CliRunner

    from radqc.cli.main import app

    ids = {}
    for form in ("NFC", "NFD"):
        for name in ("rapport été", "胸片 Müller"):
            path = tmp_path / form / f"{unicodedata.normalize(form, name)}.txt"
            path.parent.mkdir(exist_ok=True)
            path.write_text("FINDINGS: right lung nodule.\nIMPRESSION: left lung nodule.\n", encoding="utf-8")
            audited = CliRunner().invoke(app, ["audit", str(path), "--no-rag", "--json"])
            ids[form, name, "audit"] = json.loads(audited.stdout)["case_id"]
        for case in index_folder(tmp_path / form).cases:
            ids[form, unicodedata.normalize("NFC", case["report_path"][:-4]), "index"] = case["case_id"]
    assert len(ids) == 8
    for name in ("rapport été", "胸片 Müller"):
        assert len({case_id for (_, named, _), case_id in ids.items() if named == name}) == 1, ids
    assert ids["NFD", "rapport été", "index"] != ids["NFD", "胸片 Müller", "index"]


def test_long_names_keep_a_hash_of_the_whole_name_and_ids_stay_the_same_whatever_else_the_folder_holds(tmp_path):
    """An id was cut to 120 characters after the hash was added: a long Chinese name lost its hash (its id
    ended "Bao-"), and long names sharing a beginning were told apart by a number that another file
    earlier in path order changed."""
    names = ("报" * 80 + ".txt", "报" * 80 + "告.txt", "a" * 200 + ".txt", "a" * 200 + "b.txt", "[red]x (1).txt")
    for name in names:
        (tmp_path / name).write_text("FINDINGS: right lung nodule.\nIMPRESSION: left lung nodule.\n", encoding="utf-8")
    ids = {c["report_path"]: c["case_id"] for c in index_folder(tmp_path).cases}
    assert len(set(ids.values())) == len(names) and all(re.fullmatch(r"[A-Za-z0-9._-]{1,128}", i) for i in ids.values())
    assert ids["[red]x (1).txt"] == "_red_x__1_"
    assert all(re.fullmatch(r"(Bao|a)+-[0-9a-f]{8}", ids[name]) for name in names[:4]), ids
    (tmp_path / names[0]).unlink()
    (tmp_path / names[2]).unlink()
    assert {c["report_path"]: c["case_id"] for c in index_folder(tmp_path).cases} == {
        name: ids[name] for name in names if name not in (names[0], names[2])}


def test_a_file_whose_name_is_not_utf8_is_skipped_with_its_name_shown(tmp_path):
    """A name in an older system's encoding (Latin-1 "é" as byte 0xE9) stopped `data index` with a
    traceback: no UTF-8 manifest can name the file."""
    (tmp_path / "kept.txt").write_text("FINDINGS: Clear.\nIMPRESSION: Normal.\n", encoding="utf-8")
    try:
        with open(os.path.join(os.fsencode(tmp_path), b"r\xe9sum\xe9.txt"), "wb") as handle:
            handle.write(b"FINDINGS: Clear.\nIMPRESSION: Normal.\n")
    except OSError:
        pytest.skip("this file system takes UTF-8 names only")
    found = index_folder(tmp_path)
    assert [c["case_id"] for c in found.cases] == ["kept"]
    assert found.skipped == [("r\\xe9sum\\xe9.txt", "its name is not UTF-8, so no manifest can name it: rename it")]
    # `radqc audit` names such a file's case all the same (it stopped with a traceback too)
    assert re.fullmatch(r"rsum-[0-9a-f]{8}", case_id_for(os.fsdecode(b"r\xe9sum\xe9")))


def test_a_link_out_of_the_folder_is_skipped(tmp_path, samples_dir):
    shutil.copy(samples_dir / "images" / "00000001_000.png", tmp_path / "chest.png")
    (tmp_path / "secret.txt").symlink_to("/etc/hostname")
    found = index_folder(tmp_path)
    assert [c["image_path"] for c in found.cases] == ["chest.png"] and found.skipped == [("secret.txt", "links outside the folder")]


@pytest.mark.parametrize("sop_class, name", [
    ("1.2.840.10008.1.3.10", "Media Storage Directory Storage"),  # a DICOMDIR
    ("1.2.840.10008.5.1.4.1.1.88.11", "Basic Text SR Storage"),
])
def test_a_dicom_file_that_holds_no_image_is_skipped_and_named(tmp_path, samples_dir, sop_class, name):
    """Archive exports put DICOMDIRs and reports among the films: they were listed as radiographs, and
    each became an error case "without pixel data", read as a broken film."""
    from pydicom.dataset import Dataset, FileMetaDataset
    from pydicom.uid import ExplicitVRLittleEndian, generate_uid

    from radqc.agents.cxr.image_io import ImageLoadError, load_radiograph

    shutil.copy(samples_dir / "images" / "00000001_000.png", tmp_path / "chest.png")
    held = Dataset()
    held.file_meta = FileMetaDataset()
    held.file_meta.MediaStorageSOPClassUID, held.file_meta.MediaStorageSOPInstanceUID = sop_class, generate_uid()
    held.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    held.SOPClassUID, held.PatientID = sop_class, "MRN1"
    held.save_as(tmp_path / "IM0002", enforce_file_format=True)
    found = index_folder(tmp_path)
    assert [c["image_path"] for c in found.cases] == ["chest.png"]
    assert found.skipped == [("IM0002", f"a DICOM {name} file, not an image")]
    with pytest.raises(ImageLoadError, match=f"IM0002: a DICOM {name} file, not an image"):
        load_radiograph(tmp_path / "IM0002")


@pytest.mark.parametrize("name, content, kind", [
    ("ct-head.docx", b"PK\x03\x04word/document.xml", "a Word document"),
    ("ct-chest.pdf", b"%PDF-1.7\n", "a PDF"),
    ("ct-abdomen.rtf", b"{\\rtf1\\ansi FINDINGS: normal.}", "a rich-text document"),
])
def test_data_index_says_a_report_saved_as_a_document_needs_saving_as_text(tmp_path, name, content, kind):
    """A report exported as Word, PDF or RTF was skipped as "neither a PNG, JPEG or DICOM image nor a .txt report",
    which left its owner to guess whether radqc reads such files at all."""
    from typer.testing import CliRunner

    from radqc.cli.main import app

    (tmp_path / "ct.txt").write_text("FINDINGS: normal.\nIMPRESSION: normal.\n", encoding="utf-8")
    (tmp_path / name).write_bytes(content)
    indexed = CliRunner().invoke(app, ["data", "index", str(tmp_path)])
    assert indexed.exit_code == 0, indexed.output
    assert f"skipped {name}: {kind}: a dataset's reports are plain text, so save a report as .txt (UTF-8) to have it audited" \
        in " ".join(indexed.output.split()), indexed.output
