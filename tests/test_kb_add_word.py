"""`radqc kb add` of a Word document (.docx): hospitals keep their protocols in Word, and every one of them was
refused with steps to convert it first. Its text is read with the standard library, and the file is guarded as any
other (size, a zip that expands without end, a part not in UTF-8, no text)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from radqc.cli.main import app

runner = CliRunner()
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
STYLES = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="{W}">'
          '<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style>'
          # A Chinese Word's heading style: its id is "1", its built-in name stays English.
          '<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/></w:style></w:styles>')


def _paragraph(text: str, style: str | None = None, extra: str = "") -> str:
    properties = f'<w:pPr><w:pStyle w:val="{style}"/><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>' if style else ""
    return f"<w:p>{properties}<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r>{extra}</w:p>"


def _body(*paragraphs: str) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}"><w:body>'
            + "".join(paragraphs) + "</w:body></w:document>")


def _docx(path: Path, body: str | bytes, styles: str | None = STYLES) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", body)
        if styles:
            archive.writestr("word/styles.xml", styles)
    return path


PROTOCOL = _body(
    _paragraph("Contrast CT protocol", "Title"),
    _paragraph("Phases", "1"),
    _paragraph("Every enhanced report names the arterial and portal venous phases.",
               extra='<w:del><w:r><w:delText>Deleted wording.</w:delText></w:r></w:del>'),
    _paragraph("Measurements", "1"),
    "<w:tbl><w:tr><w:tc>" + _paragraph("Give two perpendicular diameters in millimetres.") + "</w:tc></w:tr></w:tbl>",
)


@pytest.fixture(autouse=True)
def kb_dir(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("RADQC_KB_DIR", str(tmp_path / "kb"))
    return tmp_path / "kb"


def _add(path: Path):
    return runner.invoke(app, ["kb", "add", str(path), "-m", "ct_report"])


def test_a_word_document_is_added_titled_and_cut_at_its_headings(tmp_path: Path):
    result = _add(_docx(tmp_path / "Contrast protocol.docx", PROTOCOL))
    assert result.exit_code == 0, result.output
    [line] = [line for line in result.stdout.splitlines() if "\tct_report\t" in line]
    assert line.endswith("\tct_report\tContrast CT protocol") and line.startswith("Contrast-protocol-"), line
    doc_id = line.split("\t")[0]
    [row] = [row for row in json.loads(runner.invoke(app, ["kb", "list", "--json"]).stdout) if row["doc_id"] == doc_id]
    assert row["chunks"] == 2, row  # cut at its two headings; the title's own section is empty
    # Each chunk is labelled with the title and its heading (documents.chunk_document); a tracked deletion is not text.
    for query, chunk in [("perpendicular diameters in millimetres", "Measurements\nGive two perpendicular diameters in millimetres."),
                         ("arterial and portal venous phases", "Phases\nEvery enhanced report names the arterial and portal venous phases.")]:
        search = runner.invoke(app, ["kb", "search", query, "-m", "ct_report", "-k", "10", "--json"])
        assert [hit["text"] for hit in json.loads(search.stdout) if hit["id"] == doc_id] == [f"Contrast CT protocol - {chunk}"]


@pytest.mark.parametrize("make, refusal", [
    (lambda path: path.write_bytes(b"\xd0\xcf\x11\xe0 an encrypted document is an OLE file"),
     "not a Word .docx (not a zip archive; a password-protected document is not one either)"),
    # Twenty-one megabytes of one paragraph compress to some twenty kilobytes: under the limit on the file's size.
    (lambda path: _docx(path, _body(_paragraph("a" * 21_000_000))),
     "its word/document.xml expands to over 20000000 bytes, the limit of a file's size (raise RADQC_KB_MAX_FILE_BYTES to allow it)"),
    (lambda path: _docx(path, _body(_paragraph("Kontrastmittel für die Phase")).encode("latin-1")),
     "its word/document.xml is not UTF-8, as Word writes it"),
    (lambda path: _docx(path, '<!DOCTYPE w [<!ENTITY a "aaaa">]>' + _body(_paragraph("&a;"))),
     "its word/document.xml declares a DTD, which no Word document does"),
    (lambda path: _docx(path, _body(_paragraph(" "), "<w:p/>")), "the Word document has no text"),
    (lambda path: _docx(path, _body("<w:p>")), "its word/document.xml is not well-formed XML"),
], ids=["not-a-zip", "zip-bomb", "latin-1", "dtd", "no-text", "not-xml"])
def test_a_word_document_radqc_cannot_read_is_refused_saying_why(tmp_path: Path, make, refusal):
    path = tmp_path / "protocol.docx"
    make(path)
    result = _add(path)
    assert result.exit_code == 1 and f"skipped: {path}: {refusal}" in " ".join(result.stderr.split()), result.output


def test_radqc_audit_reads_a_report_saved_from_word(tmp_path: Path):
    """`radqc audit` refused a .docx report as "not text but binary data (a Word document, say): save it as plain text",
    though `radqc kb add` reads one: it now reads it with the same reader, its headings (Heading 1 here) as sections, and
    refuses one it cannot read saying why, as `kb add` does."""
    report = _body(
        _paragraph("FINDINGS", "1"),
        _paragraph("There is a 14 mm spiculated nodule in the right upper lobe. No pleural effusion."),
        _paragraph("IMPRESSION", "1"),
        _paragraph("14 mm spiculated nodule in the left upper lobe."),
    )
    result = runner.invoke(app, ["audit", str(_docx(tmp_path / "CT chest.docx", report)), "--exam", "CT chest", "--json", "--no-rag"])
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert (answer["modality"], answer["status"]) == ("ct_report", "ok"), answer
    assert [(f["error_type"], f["evidence"]) for f in answer["findings"]] == [("laterality", "nodule in the left upper lobe")]
    damaged = tmp_path / "damaged.docx"
    damaged.write_bytes(b"\xd0\xcf\x11\xe0 an encrypted document is an OLE file")
    refused = runner.invoke(app, ["audit", str(damaged), "--no-rag"])
    unbroken = "".join(refused.output.replace("│", " ").split())  # the error box may break its long path anywhere
    assert refused.exit_code == 2 and "".join(f"{damaged}: not a Word .docx (not a zip archive".split()) in unbroken, refused.output
