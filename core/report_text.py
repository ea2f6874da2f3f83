"""A CT report's text as every way in reads it (`radqc audit`, a dataset's report_path or inline
report, `radqc data index`): decoded from the encodings hospitals export (`radqc.text_decoding`), with
something in it to audit.

A report whose encoding was guessed (GB18030) comes with a note: the workflow then marks the case
"degraded", where a QC lead sees it.

A report that is not text must be an input error, not an audit: text without a word, or the NUL
bytes of UTF-16 saved without its byte-order mark (valid UTF-8, every other character NUL), reaches
the auditors as nothing they can read, and would come back "ok" with no findings, a free pass. NUL
characters in text already decoded (an inline report's "\u0000", a file behind a byte-order mark) are
named with where they are: the file's encoding is not the fault there, and "save it as UTF-8" misled.
"""

from __future__ import annotations

from radqc.plural import counted
from radqc.text_decoding import GUESSED, UndecodableText, decode_text

GUESSED_NOTE = f"report is {GUESSED}"


class ReportTextError(ValueError):
    """Not a report radqc can audit; the message is a short reason ("empty", "not UTF-8 text ...")."""


def report_text(raw: bytes) -> tuple[str, str | None]:
    """RAW decoded by `decode_text` and checked by `check_report_text`, with a note when its encoding
    was guessed (None when a byte-order mark or valid UTF-8 left no doubt)."""
    try:
        text, guessed = decode_text(raw)
    except UndecodableText as exc:
        raise ReportTextError(str(exc)) from exc
    check_report_text(text)
    return text, GUESSED_NOTE if guessed else None


def check_report_text(text: str) -> None:
    """ReportTextError when TEXT holds NUL characters, saying how many and where the first is, or
    nothing but blanks."""
    if (first := text.find("\x00")) >= 0:
        line = text.count("\n", 0, first) + 1
        column = first - text.rfind("\n", 0, first)
        n = text.count("\x00")
        where = f" at line {line}, column {column}: remove it" if n == 1 else f", the first at line {line}, column {column}: remove them"
        raise ReportTextError(f"not plain text: it holds {counted(n, 'NUL character')} (\\u0000){where}")
    if not text.strip():
        raise ReportTextError("empty")
