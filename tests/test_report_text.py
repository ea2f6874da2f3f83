"""A CT report read in the encodings hospitals export: a byte-order mark decides; without one UTF-8,
then GB18030 only when the result reads as Chinese (and then with a note); anything else is refused
with a hint, never audited as gibberish."""

from __future__ import annotations

import codecs
import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from typer.testing import CliRunner

from radqc.cli.main import app
from radqc.language import detect_language
from radqc.report_text import GUESSED_NOTE, ReportTextError, report_text

runner = CliRunner()

EN = "FINDINGS: 14 mm nodule in the right upper lobe.\nIMPRESSION: 14 mm nodule in the left upper lobe."
ZH = "检查所见：右肾见一结石，直径约6mm×5mm，左肾未见异常。患者张喆。\n诊断意见：左肾结石。"

WITH_BOM = {
    "utf-8-sig": lambda text: text.encode("utf-8-sig"),
    "utf-16-le": lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
    "utf-16-be": lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
    "utf-32-le": lambda text: codecs.BOM_UTF32_LE + text.encode("utf-32-le"),
    "utf-32-be": lambda text: codecs.BOM_UTF32_BE + text.encode("utf-32-be"),
}


@pytest.mark.parametrize("text", [EN, ZH], ids=["en", "zh"])
@pytest.mark.parametrize("encoding", WITH_BOM)
def test_a_byte_order_mark_decides_and_needs_no_note(encoding, text):
    assert report_text(WITH_BOM[encoding](text)) == (text, None)


@pytest.mark.parametrize("text", [EN, ZH], ids=["en", "zh"])
def test_utf8_is_read_without_a_note(text):
    assert report_text(text.encode("utf-8")) == (text, None)


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "gb2312"])
def test_chinese_in_a_gb_encoding_is_read_with_a_note_that_it_was_guessed(encoding):
    text = ZH.replace("喆", "哲") if encoding == "gb2312" else ZH  # 喆, common in names, is GBK, not GB2312
    assert report_text(text.encode(encoding)) == (text, GUESSED_NOTE)


def _reads_as_gb18030(raw: bytes) -> str:
    """RAW decoded as GB18030: the impostors below must decode, so that the plausibility rule, not the
    codec, is what refuses them."""
    return raw.decode("gb18030")


LATIN = {
    # Accented letters and curly quotes pair with the next letter into rare CJK characters.
    "english-cp1252": ("FINDINGS: naïve patient, “spiculated”nodule of 14 mm, décubitus view, 37°C.\nIMPRESSION: see the résumés.", "cp1252"),
    # "öß" becomes 鲞, an everyday character: only the share of Chinese characters tells.
    "german-latin1": ("Befund: Rundherd im rechten Oberlappen, Größe 14 mm, Größenzunahme.\nBeurteilung: Rundherd links.", "latin-1"),
}


@pytest.mark.parametrize("name", LATIN)
def test_a_latin_report_is_not_read_as_chinese(name):
    text, encoding = LATIN[name]
    raw = text.encode(encoding)
    assert detect_language(_reads_as_gb18030(raw)) == "en"
    with pytest.raises(ReportTextError, match=r"not UTF-8 text, nor Chinese GB18030/GBK text \(convert it: `iconv -f ITS-ENCODING -t UTF-8`\)"):
        report_text(raw)


def test_a_big5_report_is_not_read_as_gb18030():
    """Traditional Chinese from Big5 decodes as GB18030 into characters no text holds (private use)."""
    raw = "檢查所見：右腎見一結石，直徑約6mm，左腎未見異常。\n診斷意見：左腎結石。".encode("big5")
    decoded = _reads_as_gb18030(raw)
    assert detect_language(decoded) == "zh" and any(unicodedata.category(ch) == "Co" for ch in decoded)
    with pytest.raises(ReportTextError, match="nor Chinese GB18030/GBK text"):
        report_text(raw)


def test_shift_jis_is_not_read_as_gb18030():
    """Japanese in Shift-JIS decodes as GB18030 into Chinese characters, but rare ones, outside GB2312."""
    raw = JAPANESE.encode("shift_jis")
    decoded = _reads_as_gb18030(raw)
    assert detect_language(decoded) == "zh" and not any(unicodedata.category(ch) in ("Co", "Cn", "Cc") for ch in decoded if ch != "\n")
    with pytest.raises(ReportTextError, match="reads as Japanese in Shift_JIS"):
        report_text(raw)


JAPANESE = "胸部CT検査：右肺上葉に14mmの結節を認める。胸水なし。\n診断：左肺上葉結節、悪性の疑い。"
KOREAN = "흉부 CT 소견: 우측 상엽에 14 mm 결절이 있습니다. 흉수 없음.\n결론: 좌측 상엽 결절."
# (text, encoding, what the refusal names, the encoding iconv is told to convert from)
EAST_ASIAN = {
    "euc-kr": (KOREAN, "euc_kr", "Korean in EUC-KR", "CP949"),
    "cp949": (KOREAN, "cp949", "Korean in EUC-KR", "CP949"),
    "euc-jp": (JAPANESE, "euc_jp", "Japanese in EUC-JP", "EUC-JP"),
    "shift-jis": (JAPANESE, "shift_jis", "Japanese in Shift_JIS", "CP932"),
    # An English report whose only non-ASCII text is a Korean name: one word, no spaced Hangul.
    "en-with-korean-name": ("Patient 홍길동.\n" + EN, "euc_kr", "Korean in EUC-KR", "CP949"),
}


@pytest.mark.parametrize("name", EAST_ASIAN)
def test_a_japanese_or_korean_report_is_refused_naming_its_encoding(name):
    """EUC-KR and EUC-JP share GB2312's byte layout: their text read as GB18030 looked like everyday
    Chinese and was audited as a Chinese report."""
    text, encoding, named, iconv_name = EAST_ASIAN[name]
    raw = text.encode(encoding)
    with pytest.raises(ReportTextError, match=rf"^not UTF-8 text: it reads as {named}, .*`iconv -f {iconv_name} -t UTF-8`$"):
        report_text(raw)
    assert raw.decode(iconv_name) == text  # the encoding the message tells iconv to convert from reads it right


def _bundled_chinese_reports() -> list[str]:
    """Every Chinese report text of the bundled CT datasets and samples."""
    data = Path(__file__).resolve().parents[1] / "data"
    texts = []
    for manifest in [*sorted((data / "ct_reports").glob("*/manifest.jsonl")), data / "samples" / "manifest.jsonl"]:
        for case in map(json.loads, manifest.read_text(encoding="utf-8").splitlines()):
            if case["modality"] == "ct_report":
                texts.append(case.get("report") or (manifest.parent / case["report_path"]).read_text(encoding="utf-8"))
    return [text for text in texts if detect_language(text) == "zh"]


def test_chinese_in_gbk_is_not_taken_for_japanese_or_korean():
    """Every bundled Chinese report, and each of its lines on its own (a line such as "结论：" reads as
    Hangul in EUC-KR), saved as GBK is still read as Chinese. (A few short lines are valid UTF-8 in
    GBK, "头颅CT平扫" among them, and are read so: UTF-8 comes first.)"""
    reports = _bundled_chinese_reports()
    lines = {line for report in reports for line in report.splitlines() if detect_language(line) == "zh"}
    assert len(reports) > 200 and len(lines) > 500
    for text in [*reports, *lines]:
        if (raw := _in_gbk(text)) is not None and not _is_utf8(raw):
            assert report_text(raw) == (text, GUESSED_NOTE)


def _in_gbk(text: str) -> bytes | None:
    """TEXT saved as GBK, or None when GBK has no code for one of its characters ("cm³"): no GBK file holds it."""
    try:
        return text.encode("gbk")
    except UnicodeEncodeError:
        return None


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@pytest.mark.e2e
def test_radqc_audit_refuses_a_korean_report_naming_its_encoding(tmp_path):
    (tmp_path / "report.txt").write_bytes(KOREAN.encode("euc_kr"))
    result = runner.invoke(app, ["audit", str(tmp_path / "report.txt"), "--no-rag"])
    assert result.exit_code == 2 and "reads as Korean in EUC-KR" in " ".join(result.output.replace("\u2502", " ").split())


@pytest.mark.parametrize("text", [EN, ZH], ids=["en", "zh"])
@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le"])
def test_utf16_or_32_without_a_byte_order_mark_stays_refused_with_a_hint(encoding, text):
    with pytest.raises(ReportTextError, match=r"^not UTF-8 text \(UTF-16 without a byte-order mark: save it as UTF-8\)$"):
        report_text(text.encode(encoding))


def test_a_binary_file_is_not_taken_for_utf16_without_its_mark(tmp_path):
    """A Word document saved as report.txt (a zip, so NUL bytes) was told to be UTF-16 saved without
    its mark; NUL bytes that read as no text in any byte order are binary data."""
    import zipfile

    with zipfile.ZipFile(tmp_path / "report.txt", "w", zipfile.ZIP_DEFLATED) as document:
        document.writestr("word/document.xml", f"<w:document>{EN}</w:document>")
    with pytest.raises(ReportTextError, match=r"^not text but binary data \(a Word document, say\): save it as plain text, UTF-8$"):
        report_text((tmp_path / "report.txt").read_bytes())
    result = runner.invoke(app, ["audit", str(tmp_path / "report.txt"), "--no-rag"])
    assert result.exit_code == 2 and "binary data (a Word document, say)" in " ".join(result.output.replace("\u2502", " ").split())


@pytest.mark.parametrize("raw", [codecs.BOM_UTF16_LE + EN.encode("utf-16-le")[:-1], codecs.BOM_UTF8 + ZH.encode("gbk")])
def test_a_byte_order_mark_over_text_in_another_encoding_is_refused(raw):
    with pytest.raises(ReportTextError, match="though it starts with"):
        report_text(raw)


@pytest.mark.parametrize("raw", [b" \r\n\t", codecs.BOM_UTF16_LE + " \n ".encode("utf-16-le"), "\u3000\n".encode("gbk")])
def test_a_blank_report_is_empty_in_any_encoding(raw):
    with pytest.raises(ReportTextError, match="^empty$"):
        report_text(raw)


def test_a_truncated_gbk_report_is_refused():
    """The last character cut in half: no decoding of it is the report as written."""
    with pytest.raises(ReportTextError, match="nor Chinese GB18030/GBK text"):
        report_text(ZH.encode("gbk")[:-1])


# --- through the radqc command -----------------------------------------------------------------------

EXPORTS = {"utf-8": lambda text: text.encode("utf-8"), "gbk": lambda text: text.encode("gbk"), "utf-16-bom": lambda text: text.encode("utf-16")}


def _sample_reports(samples_dir):
    """data/samples' CT cases, each with its report's text (inline or from its file)."""
    cases = [json.loads(line) for line in (samples_dir / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]
    cases = [case for case in cases if case["modality"] == "ct_report"]
    for case in cases:
        if "report_path" in case:
            case["report"] = (samples_dir / case.pop("report_path")).read_text(encoding="utf-8")
    return cases


def _exported(folder, cases, export):
    """CASES as a dataset in FOLDER whose reports are files written by EXPORT, as a RIS exports them."""
    (folder / "reports").mkdir(parents=True)
    lines = []
    for case in cases:
        path = f"reports/{case['case_id']}.txt"
        (folder / path).write_bytes(export(case["report"]))
        lines.append(json.dumps({key: value for key, value in case.items() if key != "report"} | {"report_path": path}, ensure_ascii=False))
    (folder / "manifest.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.mark.e2e
def test_eval_finds_in_gbk_and_utf16_exports_what_it_finds_in_utf8(tmp_path, samples_dir):
    """GBK and UTF-16 reports were error cases scored as misses; now they are audited like their UTF-8
    originals, and a guessed encoding marks the case degraded with a note."""
    cases = _sample_reports(samples_dir)
    chinese = {case["case_id"] for case in cases if case["language"] == "zh"}
    runs = {}
    for name, export in EXPORTS.items():
        folder = _exported(tmp_path / name, cases, export)
        result = runner.invoke(app, ["eval", str(folder), "--out", str(tmp_path / f"run-{name}"), "--no-html", "--no-rag"])
        assert result.exit_code == 0, result.output
        lines = (tmp_path / f"run-{name}" / "predictions.jsonl").read_text(encoding="utf-8").splitlines()
        metrics = json.loads((tmp_path / f"run-{name}" / "metrics.json").read_text(encoding="utf-8"))
        runs[name] = {line["case_id"]: line for line in map(json.loads, lines)}, metrics["ct_report"]
    original, original_metrics = runs["utf-8"]
    assert all(line["status"] == "ok" for line in original.values()) and any(original[c]["findings"] for c in chinese)
    for name in ("gbk", "utf-16-bom"):
        found, metrics = runs[name]
        assert metrics == original_metrics
        for case in cases:
            line = found[case["case_id"]]
            assert line["findings"] == original[case["case_id"]]["findings"]
            assert all(finding["evidence"] in case["report"] for finding in line["findings"])
            guessed = name == "gbk" and case["case_id"] in chinese  # English in GBK is ASCII, so UTF-8
            assert (line["status"], line["error"]) == (("degraded", GUESSED_NOTE) if guessed else ("ok", None))
    validate = runner.invoke(app, ["data", "validate", str(tmp_path / "gbk")])
    assert validate.exit_code == 0 and validate.output.count(GUESSED_NOTE) == len(chinese)


@pytest.mark.e2e
@pytest.mark.parametrize("name", ["gbk", "utf-16-bom"])
def test_audit_reads_a_gbk_or_utf16_report_as_its_utf8_original(tmp_path, samples_dir, name):
    text = (samples_dir / "reports" / "s03_abdomen_zh.txt").read_text(encoding="utf-8")
    answers = {}
    for export in ("utf-8", name):
        (tmp_path / f"{export}.txt").write_bytes(EXPORTS[export](text))
        result = runner.invoke(app, ["audit", str(tmp_path / f"{export}.txt"), "--no-rag", "--json"])
        assert result.exit_code == 0, result.output
        answers[export] = json.loads(result.output)
    assert answers[name]["findings"] == answers["utf-8"]["findings"] and answers["utf-8"]["findings"]
    assert (answers[name]["status"], answers[name]["error"]) == (("degraded", GUESSED_NOTE) if name == "gbk" else ("ok", None))


LIMITS = """
import json, sys
from pathlib import Path
from typer.testing import CliRunner
from radqc.cli.main import app
from radqc.dataset import load_dataset
from radqc.folder_index import index_folder
folder = Path(sys.argv[1])
audit = CliRunner().invoke(app, ["audit", str(folder / "r.txt"), "--no-rag"])
print(json.dumps({"index": index_folder(folder).skipped, "load": [error.message for error in load_dataset(folder).errors],
                  "audit": [audit.exit_code, " ".join(audit.output.replace("\u2502", " ").split())]}))
"""


@pytest.mark.e2e
def test_the_size_limit_holds_for_the_file_as_stored_before_it_is_decoded(tmp_path):
    """UTF-16 stores a report in twice its UTF-8 bytes: RADQC_MAX_REPORT_BYTES is about the file (a
    huge one is never read, let alone decoded), in every way in."""
    raw = EN.encode("utf-16")
    limit = len(raw) - 1
    assert len(EN.encode("utf-8")) < limit
    (tmp_path / "r.txt").write_bytes(raw)
    (tmp_path / "manifest.jsonl").write_text(json.dumps({"case_id": "r", "modality": "ct_report", "report_path": "r.txt"}) + "\n")
    env = {**os.environ, "RADQC_MAX_REPORT_BYTES": str(limit)}
    run = subprocess.run([sys.executable, "-c", LIMITS, str(tmp_path)], capture_output=True, text=True, env=env, timeout=120, check=True)
    seen = json.loads(run.stdout)
    # Each refusal names the variable that lifts the limit: "is it really a report?" left no way forward.
    over = f"{len(raw)} bytes, over the {limit}-byte limit (raise RADQC_MAX_REPORT_BYTES to allow it)"
    assert seen["index"] == [["r.txt", over]]
    assert seen["load"] == [f"r.txt is {over}"]
    assert seen["audit"][0] == 2 and over in seen["audit"][1]
    piped = subprocess.run([sys.executable, "-c", "from radqc.cli.main import app; app()", "audit", "-", "--no-rag"], input=raw,
                           capture_output=True, env={**env, "COLUMNS": "400"}, timeout=120)
    assert piped.returncode == 2 and f"stdin is {over}" in piped.stderr.decode(), piped.stderr
