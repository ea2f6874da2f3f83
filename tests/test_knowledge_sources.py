"""Reading guidance (shipped corpus, users' files, plug-ins) and the lexical index: no model needed."""

from __future__ import annotations

from pathlib import Path

import pytest

from radqc.knowledge import sources
from radqc.knowledge.documents import KnowledgeDocument, chunk_document
from radqc.knowledge.evaluation import load_queries
from radqc.knowledge.lexical import Bm25Index, tokens
from radqc.knowledge.sources import KnowledgeSourceError, load_file, plugin_documents, shipped_documents
from radqc.taxonomy import error_types

# A one-page PDF whose only text is "Collimate to the thorax", written out by hand.
_PDF_BODY = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 100] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    None,  # the content stream, below
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
]


def _pdf_bytes(text: str) -> bytes:
    stream = f"BT /F1 12 Tf 10 50 Td ({text}) Tj ET"
    objects = [body or f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream" for body in _PDF_BODY]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def test_shipped_corpus_covers_every_error_type_and_both_languages_for_ct():
    documents = shipped_documents()
    covered = {(d.modality, t, d.language) for d in documents for t in d.error_types}
    for error_type in error_types("cxr"):
        assert ("cxr", error_type, "en") in covered, error_type
    for error_type in error_types("ct_report"):
        assert {("ct_report", error_type, "en"), ("ct_report", error_type, "zh")} <= covered, error_type
    assert all(d.source and d.title and d.origin == "shipped" for d in documents)
    ids = {d.id for d in documents}
    assert len(ids) == len(documents)
    assert all(d.translation_of in ids for d in documents if d.translation_of)


def test_eval_queries_are_many_bilingual_and_point_at_real_guidelines():
    queries = load_queries()
    ids = {d.id for d in shipped_documents()}
    assert len(queries) >= 60
    assert {q.language for q in queries} == {"en", "zh"}
    assert {q.split for q in queries} == {"dev", "test"}
    assert all(set(q.relevant) <= ids for q in queries)


def test_chunks_follow_headings_and_ids_follow_content():
    document = KnowledgeDocument(
        id="local-1", modality="cxr", title="Local", text="# Local\n\n## One\nfirst part\n\n## Two\nsecond part"
    )
    chunks = chunk_document(document)
    assert [c.metadata["heading"] for c in chunks] == ["One", "Two"]
    assert chunk_document(document) == chunks
    changed = chunk_document(document.model_copy(update={"text": "## One\nfirst part\n\n## Two\nchanged"}))
    assert changed[0].id == chunks[0].id and changed[1].id != chunks[1].id


def test_a_section_under_the_title_heading_names_the_title_once():
    """A guideline whose text sits under its own `# Title` read "Title - Title" in every search result."""
    document = KnowledgeDocument(id="rule", modality="ct_report", title="Contrast rule",
                                 text="# Contrast rule\nNo enhancement without contrast.\n\n## Phases\nName the phase.")
    assert [c.text.splitlines()[0] for c in chunk_document(document)] == ["Contrast rule", "Contrast rule - Phases"]


def test_a_comment_in_a_fenced_code_block_is_no_heading_to_cut_at():
    """A shell example's `# comment` inside ``` cut the section there and became a chunk's heading."""
    text = ("## Export\nRun the export:\n\n```bash\n# keep the original pixels\nexport --raw\n```\n\n"
            "~~~~\n# still code\n~~~\n~~~~\nThen check the film.\n\n## Check\nLook at it.")
    chunks = chunk_document(KnowledgeDocument(id="fenced", modality="cxr", text=text))
    assert [c.metadata["heading"] for c in chunks] == ["Export", "Check"]
    assert "# keep the original pixels\nexport --raw" in chunks[0].text
    assert "# still code" in chunks[0].text and "Then check the film." in chunks[0].text


def test_long_sections_are_split_under_the_model_limit():
    document = KnowledgeDocument(id="long", modality="cxr", text="## Long\n" + "\n".join(["word " * 50] * 20))
    assert all(len(c.text) <= 1000 + 20 for c in chunk_document(document))
    assert len(chunk_document(document)) > 1


def test_tokens_cover_english_words_and_chinese_bigrams():
    assert tokens("The Ribs, 3.5 cm") == ["rib", "3.5", "cm"]
    assert tokens("左肺结节") == ["左肺", "肺结", "结节", "左", "肺", "结", "节"]


def test_bm25_ranks_documents_with_rare_query_terms_first():
    index = Bm25Index(["左肺上叶结节", "right lung nodule", "rib fracture and lung", "lung lung lung"])
    scores = index.scores("rib fracture")
    assert scores.argmax() == 2 and scores[0] == 0
    assert index.scores("左肺结节").argmax() == 0
    assert not index.scores("unknownword").any()


def test_markdown_front_matter_and_defaults(tmp_path: Path):
    path = tmp_path / "policy.md"
    path.write_text("---\nid: dept-policy\nerror_types: laterality, omission\n---\n# Policy\nAlways state the side.\n", encoding="utf-8")
    document, _ = load_file(path, {"modality": "ct_report"})
    assert (document.id, document.modality, document.error_types) == ("dept-policy", "ct_report", ["laterality", "omission"])
    assert document.origin == "user" and document.text.startswith("# Policy")


def test_text_and_pdf_files_are_read(tmp_path: Path):
    text_file = tmp_path / "rules.txt"
    text_file.write_text("Check the side marker on every film.", encoding="utf-8")
    pdf_file = tmp_path / "collimation.pdf"
    pdf_file.write_bytes(_pdf_bytes("Collimate to the thorax"))
    assert load_file(text_file, {"modality": "cxr"})[0].id.startswith("rules-")
    assert "Collimate to the thorax" in load_file(pdf_file, {"modality": "cxr"})[0].text


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("missing.md", None, "no such file"),
        ("empty.md", b"", "empty"),
        ("blank.txt", b"  \n\n", "white space"),
        ("binary.txt", b"\x89PNG\x00\x00\x01", "binary"),
        ("bom-binary.txt", b"\xef\xbb\xbfGIF89a\x00\x01\x00", "binary"),  # a byte-order mark does not make data text
        ("latin1.txt", "côté".encode("latin-1"), "not UTF-8"),
        ("broken.pdf", b"%PDF-1.4 this is not really a pdf", "PDF"),
        ("image.png", b"png", "unsupported file type"),
        ("bad-yaml.md", b"---\nid: [unclosed\n---\ntext", "front matter"),
        ("bad-type.md", b"---\nid: x\nerror_types: [no_such_type]\n---\ntext", "unknown ct_report error type .no_such_type."),
        ("bad-id.md", b"---\nid: ../../etc/passwd\n---\ntext", "id"),
        ("bad-language.md", b"---\nlanguage: klingon\n---\ntext", "language"),
        # A misspelt key was dropped without a word, the guideline stored untagged.
        ("misspelt-key.md", b"---\nerror_type: [laterality]\n---\ntext", "unknown front matter key 'error_type' .did you mean 'error_types'"),
        ("claims-origin.md", b"---\norigin: shipped\n---\ntext", "unknown front matter key 'origin'"),
    ],
)
def test_bad_files_give_clear_errors(tmp_path: Path, name: str, content: bytes | None, message: str):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(KnowledgeSourceError, match=message) as caught:
        load_file(path, {"modality": "ct_report"})
    assert name in str(caught.value)


def test_too_big_and_modality_less_files_are_refused(tmp_path: Path, monkeypatch):
    path = tmp_path / "big.txt"
    path.write_text("x" * 100, encoding="utf-8")
    monkeypatch.setattr(sources, "MAX_KB_FILE_BYTES", 50)
    with pytest.raises(KnowledgeSourceError, match="RADQC_KB_MAX_FILE_BYTES"):
        load_file(path, {"modality": "cxr"})
    monkeypatch.setattr(sources, "MAX_KB_FILE_BYTES", 1000)
    with pytest.raises(KnowledgeSourceError, match="modality"):
        load_file(path)


def test_front_matter_without_its_closing_line_is_named(tmp_path: Path):
    """Such a file's modality was asked for, though its front matter set one."""
    path = tmp_path / "unclosed.md"
    path.write_text("---\nid: x\nmodality: ct_report\n# Policy\nAlways state the side.\n", encoding="utf-8")
    with pytest.raises(KnowledgeSourceError, match="no closing --- line"):
        load_file(path)


@pytest.mark.parametrize("opening", ["---\n", "---\n\n"])
def test_a_yaml_error_names_the_file_and_its_line_in_the_file(tmp_path: Path, opening: str):
    """PyYAML read only the front matter: it named "<unicode string>" and counted from the line after ---."""
    path = tmp_path / "policy.md"
    lines = [*opening.splitlines(), "id: policy", "title: [unclosed", "modality: cxr", "---", "Text."]
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(KnowledgeSourceError) as raised:
        load_file(path)
    message = str(raised.value)
    assert "<unicode string>" not in message
    assert f'in "{path}", line {lines.index("title: [unclosed") + 1}, column 8' in message


def test_kb_add_names_the_error_type_meant_by_a_misspelt_or_misplaced_one(tmp_path: Path):
    """A guideline owner's typo read "unknown cxr error types ['rotaton']; see taxonomy.json", a file
    inside the installed package, where `radqc data validate` names the type meant."""
    from typer.testing import CliRunner

    from radqc.cli.kb import app

    (tmp_path / "typo.md").write_text("---\nmodality: cxr\nerror_types: [rotaton]\n---\n# Rotation\nClavicles level.\n", encoding="utf-8")
    (tmp_path / "other.txt").write_text("Check the side in the impression.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["add", str(tmp_path / "typo.md"), str(tmp_path / "other.txt"), "-m", "cxr", "-e", "laterality"])
    assert result.exit_code == 1
    message = " ".join(result.output.split())
    assert "unknown cxr error type 'rotaton' (did you mean 'rotation'?)" in message
    assert "'laterality' is a ct_report error type, not a cxr one" in message


def test_a_guideline_without_guidance_is_refused_in_words(tmp_path: Path):
    """A file of front matter alone was refused as "text: String should have at least 1 character" (pydantic's words),
    and a plug-in's document of white space alone was taken."""
    from typer.testing import CliRunner

    from radqc.cli.kb import app

    (tmp_path / "front-only.md").write_text("---\nid: dept-sides\nmodality: ct_report\n---\n", encoding="utf-8")
    (tmp_path / "front-blank.md").write_text("---\nid: dept-sizes\nmodality: ct_report\n---\n  \n\t\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["add", str(tmp_path / "front-only.md"), str(tmp_path / "front-blank.md")])
    message = " ".join(result.output.split())
    assert result.exit_code == 1 and "String should" not in message, message
    for name in ("front-only.md", "front-blank.md"):
        assert f"skipped: {tmp_path / name}: text: no guidance in it (in a file, the guidance goes under its front matter)" in message
    with pytest.raises(KnowledgeSourceError, match="document 1 \\('blank'\\): text: no guidance in it"):
        plugin_documents("vendor", _EntryPoint(lambda: [{"id": "blank", "text": " \n ", "modality": "cxr"}]))
    (tmp_path / "front-only.md").write_text("---\nid: dept-sides\nmodality: ct_report\n---\nName the side.\n", encoding="utf-8")
    assert load_file(tmp_path / "front-only.md")[0].text == "Name the side."  # the clean guard: guidance under the front matter


def test_a_guideline_of_headings_alone_is_refused_as_one_without_guidance_is(tmp_path: Path):
    """A Markdown outline whose guidance was never written ("# Contrast protocol", "## Agent", "## Volume") was added
    as a document of one chunk holding its headings, which retrieval then offered to audits as guidance."""
    from typer.testing import CliRunner

    from radqc.cli.kb import app

    (tmp_path / "outline.md").write_text("# Contrast protocol\n\n## Agent\n\n## Volume\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["add", str(tmp_path / "outline.md"), "-m", "ct_report"])
    message = " ".join(result.output.split())
    assert result.exit_code == 1, message
    assert (f"skipped: {tmp_path / 'outline.md'}: text: only headings, no guidance under them (a line that starts with '#' is a "
            "Markdown heading: write each heading's guidance on the lines below it)") in message
    with pytest.raises(KnowledgeSourceError, match="document 1 \\('outline'\\): text: only headings"):
        plugin_documents("vendor", _EntryPoint(lambda: [{"id": "outline", "text": "## Agent\n## Volume", "modality": "ct_report"}]))
    # The clean guard: guidance under the last heading alone is a guideline.
    (tmp_path / "outline.md").write_text("# Contrast protocol\n\n## Agent\n\n## Volume\nState the volume given.\n", encoding="utf-8")
    assert [chunk.metadata["heading"] for chunk in chunk_document(load_file(tmp_path / "outline.md", {"modality": "ct_report"})[0])] == ["Volume"]


def test_a_one_line_guideline_starting_with_a_hash_is_markdown_heading_only_in_markdown(tmp_path: Path):
    """A plain-text guideline's one line "# Always state..." was refused as a Markdown heading without guidance: plain
    text has no headings, so it is a guideline of that line. The same line as a .md file is a heading, and is refused
    with a message that says the guidance goes on the lines below it."""
    line = "# Always state the contrast phase of every enhanced CT."
    (tmp_path / "phase.txt").write_text(line + "\n", encoding="utf-8")
    [chunk] = chunk_document(load_file(tmp_path / "phase.txt", {"modality": "ct_report"})[0])
    assert chunk.text.endswith(line) and chunk.metadata["heading"] == ""
    (tmp_path / "phase.md").write_text(line + "\n", encoding="utf-8")
    with pytest.raises(KnowledgeSourceError, match="only headings, .*a line that starts with '#' is a Markdown heading: write"):
        load_file(tmp_path / "phase.md", {"modality": "ct_report"})


class _EntryPoint:
    def __init__(self, function):
        self.function = function

    def load(self):
        return self.function


def test_plugin_documents_are_validated_and_tagged_with_their_origin():
    def source():
        return [{"id": "vendor-1", "text": "Keep DI within plus or minus one.", "metadata": {"modality": "cxr", "error_types": ["overexposure"]}}]

    [document] = plugin_documents("vendor", _EntryPoint(source))
    assert (document.origin, document.error_types) == ("plugin:vendor", ["overexposure"])
    with pytest.raises(KnowledgeSourceError, match="'broken'.*modality"):
        plugin_documents("broken", _EntryPoint(lambda: [{"id": "x", "text": "t"}]))
    with pytest.raises(KnowledgeSourceError, match="'crashing' failed: RuntimeError"):
        plugin_documents("crashing", _EntryPoint(lambda: (_ for _ in ()).throw(RuntimeError("boom"))))


def test_a_plugin_document_of_plain_text_keeps_its_hash_line_as_guidance():
    """A plug-in's plain-text document ("markdown" False) lost that flag on its way into the knowledge base (the field is
    kept out of dumps), so its one "#" line was refused as a heading with no guidance."""
    plain = KnowledgeDocument(id="vendor-2", text="# Always state the contrast phase.", modality="ct_report",
                              markdown=False)
    [document] = plugin_documents("vendor", _EntryPoint(lambda: [plain]))
    assert document.markdown is False and document.text == plain.text


def test_an_invalid_plugin_export_names_every_bad_document_and_changes_none():
    good = {"id": "ok-1", "text": "Keep DI within plus or minus one.", "modality": "cxr"}
    export = [good, {"id": "no-modality", "text": "t"}, "just a string", {"id": "bad-meta", "text": "t", "metadata": ["cxr"]},
              *({"id": f"more-{n}", "text": "t"} for n in range(5))]
    with pytest.raises(KnowledgeSourceError) as caught:
        plugin_documents("vendor", _EntryPoint(lambda: export))
    message = str(caught.value)
    assert "8 of 9 documents are invalid" in message
    assert "document 2 ('no-modality'): modality" in message
    assert "document 3: a str" in message and "document 4 ('bad-meta')" in message
    assert "document 6 ('more-1')" in message and "document 7" not in message and "and 3 more" in message


@pytest.mark.parametrize("name, content, defaults, language", [
    ("zh-rule.txt", "平扫报告不得描述强化程度；病灶须给出两个垂直径线。", {}, "zh"),
    ("en-rule.txt", "State the side of every lesion in the impression.", {}, "en"),
    ("zh-rule.md", "---\ntitle: Department rule\nmodality: ct_report\n---\n# 规则\n平扫报告不得描述强化程度。", {}, "zh"),
    ("told.txt", "平扫报告不得描述强化程度。", {"language": "en"}, "en"),  # an explicit --language wins
    ("front.md", "---\nlanguage: en\n---\n平扫报告不得描述强化程度。", {"language": "zh"}, "en"),  # and front matter over it
    # Front matter's tags read as --language reads them (they were refused as no language at all).
    ("zh-cn.md", "---\nlanguage: zh-CN\n---\nState the side of every lesion.", {}, "zh"),
    ("zh_cn.md", "---\nlanguage: zh_CN\n---\nState the side of every lesion.", {"language": "en"}, "zh"),
    ("en-us.md", "---\nlanguage: en-US\n---\n平扫报告不得描述强化程度。", {}, "en"),
])
def test_a_files_language_is_read_off_its_text_unless_given(tmp_path: Path, name, content, defaults, language):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert load_file(path, {"modality": "ct_report", **defaults})[0].language == language
