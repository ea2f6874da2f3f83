"""A Word document's text (.docx), read with the standard library alone.

Hospitals keep most of their protocols in Word, and asking each owner to convert a file first was where a
guideline got left out. A .docx is a zip of XML parts: the body is `word/document.xml`, and `word/styles.xml`
says which of its paragraph styles are headings. The file is untrusted like any other: its size on disk
says nothing of what it expands to (a zip bomb), so every part is read up to a cap; a part that declares a
DTD (entity expansion) or is not UTF-8, as Word always writes, is refused rather than guessed at.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path
from typing import Iterator
from xml.etree import ElementTree

WORD_SUFFIX = ".docx"  # how a Word document radqc reads is named (`radqc kb add`, `radqc audit`)
BODY_PART = "word/document.xml"
STYLES_PART = "word/styles.xml"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# A text box's content is written twice, once for new readers and once (mc:Fallback) for old ones.
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# What a run holds besides its text (w:t) that a reader sees as characters.
_CHARACTERS = {f"{_W}tab": "\t", f"{_W}br": "\n", f"{_W}cr": "\n", f"{_W}noBreakHyphen": "-"}
# Parts of a paragraph that hold no text of it: its properties (their w:tab are tab stops, not tabs), and a paragraph
# nested in it (a text box's), which is read as a paragraph of its own.
_NOT_TEXT = {f"{_W}pPr", f"{_W}p", _FALLBACK}
# Built-in styles keep their English names in styles.xml whatever the language of Word ("heading 1" in a
# Chinese document whose style id is "1"), so headings are told by name.
_HEADING_NAME = re.compile(r"heading ([1-6])", re.IGNORECASE)


class UnreadableWordDocument(ValueError):
    """Why a .docx gives no text, in words for its owner (the caller names the file)."""


def docx_text(path: Path, max_part_bytes: int, limit_variable: str) -> str:
    """The document's paragraphs in order (table cells and text boxes too), a blank line between them, its
    Title and headings as Markdown headings: radqc cuts chunks at headings and titles a file by its first.
    MAX_PART_BYTES caps each part's uncompressed size; LIMIT_VARIABLE is the setting that raises it."""
    try:
        with zipfile.ZipFile(path) as archive:
            body = _part(archive, BODY_PART, max_part_bytes, limit_variable)
            styles = _part(archive, STYLES_PART, max_part_bytes, limit_variable) if STYLES_PART in archive.namelist() else None
    except zipfile.BadZipFile:
        raise UnreadableWordDocument(
            "not a Word .docx (not a zip archive; a password-protected document is not one either): save an "
            "unprotected copy as .docx or PDF from Word") from None
    levels = _heading_levels(styles) if styles is not None else {}
    paragraphs = [_markdown(paragraph, levels) for paragraph in _paragraphs(body)]
    text = "\n\n".join(paragraph for paragraph in paragraphs if paragraph.strip())
    if not text.strip():
        raise UnreadableWordDocument("the Word document has no text (a scan pasted in as images? run OCR first)")
    return text


def _part(archive: zipfile.ZipFile, name: str, max_bytes: int, limit_variable: str) -> ElementTree.Element:
    """The XML part NAME, read no further than MAX_BYTES uncompressed."""
    if name not in archive.namelist():
        raise UnreadableWordDocument(f"not a Word .docx: the archive has no {name}")
    try:
        with archive.open(name) as stream:
            data = stream.read(max_bytes + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
        raise UnreadableWordDocument(f"a damaged or encrypted Word document ({name}: {exc})") from None
    if len(data) > max_bytes:
        raise UnreadableWordDocument(
            f"its {name} expands to over {max_bytes} bytes, the limit of a file's size (raise {limit_variable} to allow it)")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UnreadableWordDocument(
            f"its {name} is not UTF-8, as Word writes it (byte {exc.start}): save the document again from Word, or as PDF") from None
    if b"<!DOCTYPE" in data:
        raise UnreadableWordDocument(f"its {name} declares a DTD, which no Word document does")
    try:
        return ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        raise UnreadableWordDocument(f"its {name} is not well-formed XML ({exc})") from None


def _heading_levels(styles: ElementTree.Element) -> dict[str, int]:
    """Paragraph style id -> heading level: Title 1, Heading N N."""
    levels = {}
    for style in styles.iter(f"{_W}style"):
        name_element = style.find(f"{_W}name")
        name = name_element.get(f"{_W}val", "") if name_element is not None else ""
        match = _HEADING_NAME.fullmatch(name)
        if match or name.lower() == "title":
            levels[style.get(f"{_W}styleId", "")] = int(match.group(1)) if match else 1
    return levels


def _paragraphs(element: ElementTree.Element) -> Iterator[ElementTree.Element]:
    """ELEMENT's paragraphs in reading order, a paragraph before those nested in it."""
    for child in element:
        if child.tag == _FALLBACK:
            continue
        if child.tag == f"{_W}p":
            yield child
        yield from _paragraphs(child)


def _markdown(paragraph: ElementTree.Element, levels: dict[str, int]) -> str:
    """PARAGRAPH's text, as a Markdown heading when its style is one of LEVELS."""
    text = "".join(_characters(paragraph)).strip()
    style = paragraph.find(f"{_W}pPr/{_W}pStyle")
    level = levels.get(style.get(f"{_W}val", "")) if style is not None else None
    return f"{'#' * level} {' '.join(text.split())}" if level and text else text


def _characters(element: ElementTree.Element) -> Iterator[str]:
    """The text ELEMENT shows a reader: its runs' text, tabs and breaks; not a deletion tracked by Word (w:delText)
    nor a field's code (w:instrText), which are other elements."""
    for child in element:
        if child.tag in _NOT_TEXT:
            continue
        if child.tag == f"{_W}t":
            yield child.text or ""
        elif child.tag in _CHARACTERS:
            yield _CHARACTERS[child.tag]
        else:
            yield from _characters(child)
