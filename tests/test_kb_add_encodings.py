"""`radqc kb add` reads guideline files in the encodings departments save them in, as CT reports are
read (radqc.text_decoding): a GBK or Windows "Unicode" (UTF-16 with its mark) save is stored as its
UTF-8 original would be, a guessed encoding is said, and text in no encoding radqc can tell is refused."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from radqc.cli.main import app

runner = CliRunner()

GUIDELINE = (  # its title is in the file, so that every save's chunks read the same (not the file name, which differs)
    "---\ntitle: 科室增强扫描规范\n---\n"
    "# 科室增强扫描规范\n\n"
    "## 期相\n"
    "平扫报告不得描述强化程度；增强报告须写明动脉期、门脉期及延迟期所见。\n\n"
    "## 测量\n"
    "病灶须给出两个垂直径线，单位为毫米，前后报告单位一致。\n"
)
SAVES = {
    "utf8": lambda text: text.encode("utf-8"),
    "gbk": lambda text: text.encode("gbk"),
    "utf16": lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
}


@pytest.fixture(autouse=True)
def radqc_home(tmp_path: Path, monkeypatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("RADQC_HOME", str(home))
    monkeypatch.delenv("RADQC_KB_DIR", raising=False)
    return home


def _add(path: Path):
    return runner.invoke(app, ["kb", "add", str(path), "--modality", "ct_report", "--language", "zh"])


def test_gbk_and_utf16_guidelines_are_stored_as_their_utf8_original_and_found(tmp_path: Path, monkeypatch):
    """Each saved copy in a knowledge base of its own: in one, the second is refused as a copy of the first's text."""
    found: dict[str, set[str]] = {}
    for name, save in SAVES.items():
        monkeypatch.setenv("RADQC_KB_DIR", str(tmp_path / f"kb-{name}"))
        path = tmp_path / f"enhancement-{name}.md"
        path.write_bytes(save(GUIDELINE))
        result = _add(path)
        assert result.exit_code == 0, result.output
        [line] = [line for line in result.stdout.splitlines() if "\tct_report\t" in line]
        added = line.split("\t")[0]
        noted = [line for line in result.stderr.splitlines() if line.startswith("note: ")]
        # Only the GBK file's encoding was guessed (no byte-order mark, not UTF-8), so only it is noted.
        assert noted == ([f"note: {path}: not UTF-8: read as Chinese GB18030/GBK text, an encoding guessed "
                          "from its content; check that it reads right"] if name == "gbk" else []), result.stderr
        search = runner.invoke(app, ["kb", "search", "平扫报告写了强化", "-m", "ct_report", "-k", "10", "--json"])
        assert search.exit_code == 0, search.output
        found[name] = {hit["text"] for hit in json.loads(search.stdout) if hit["id"] == added}
    assert any("平扫报告不得描述强化程度" in text for text in found["utf8"])
    assert found["gbk"] == found["utf8"] and found["utf16"] == found["utf8"]


def test_a_latin1_guideline_is_refused_with_the_iconv_hint(tmp_path: Path):
    path = tmp_path / "côté.txt"
    path.write_bytes("Le côté gauche doit être précisé dans la conclusion du compte rendu.".encode("latin-1"))
    result = _add(path)
    assert result.exit_code == 1
    assert f"skipped: {path}: not UTF-8 text, nor Chinese GB18030/GBK text (convert it: `iconv -f ITS-ENCODING -t UTF-8`)" in result.stderr
    assert "chunk" not in result.stdout  # no summary: nothing was added


def test_a_chinese_guideline_added_without_language_is_stored_as_chinese(tmp_path: Path):
    """`radqc kb add zh-rule.txt -m ct_report` stored a Chinese guideline as "en", the old --help default."""
    path = tmp_path / "zh-rule.txt"
    path.write_text("平扫报告不得描述强化程度；增强报告须写明动脉期、门脉期及延迟期所见。\n", encoding="utf-8")
    english = tmp_path / "told-en.txt"
    english.write_text("平扫报告不得描述强化程度。\n", encoding="utf-8")
    assert runner.invoke(app, ["kb", "add", str(path), "-m", "ct_report"]).exit_code == 0
    assert runner.invoke(app, ["kb", "add", str(english), "-m", "ct_report", "--language", "en"]).exit_code == 0
    listed = runner.invoke(app, ["kb", "list", "--json"])
    languages = {row["title"]: row["language"] for row in json.loads(listed.stdout) if row["origin"] == "user"}
    assert languages == {"zh-rule": "zh", "told-en": "en"}


def test_kb_add_reads_a_language_tag_as_radqc_audit_does(tmp_path: Path):
    """`radqc kb add FILE -m ct_report --language zh-CN` ended in a validation error, though `radqc audit
    --language zh-CN` reads the tag as "zh"; a tag naming no language is refused before anything is read."""
    path = tmp_path / "zh-rule.txt"
    path.write_text("平扫报告不得描述强化程度；增强报告须写明动脉期、门脉期及延迟期所见。\n", encoding="utf-8")
    added = runner.invoke(app, ["kb", "add", str(path), "-m", "ct_report", "--language", "zh-CN"])
    assert added.exit_code == 0, added.output
    listed = runner.invoke(app, ["kb", "list", "--json"])
    assert [row["language"] for row in json.loads(listed.stdout) if row["origin"] == "user"] == ["zh"]
    refused = runner.invoke(app, ["kb", "add", str(path), "-m", "ct_report", "--language", "klingon"])
    assert refused.exit_code == 2 and "'klingon':" in refused.output and "use en or zh" in refused.output, refused.output
