"""A CT report's text as every way in reads it (`radqc audit`, a dataset's report_path or inline
report, `radqc data index`): UTF-8 with something in it to audit.

A report that is not that must be an input error, not an audit: text without a word, or the NUL
bytes of UTF-16 saved without its byte-order mark (valid UTF-8, every other character NUL), reaches
the auditors as nothing they can read, and would come back "ok" with no findings, a free pass.
"""

from __future__ import annotations

import codecs

_UTF16_HINT = " (UTF-16: save it as UTF-8)"


class ReportTextError(ValueError):
    """Not a report radqc can audit; the message is a short reason ("empty", "not UTF-8 text")."""


def report_text(raw: bytes) -> str:
    """RAW decoded as UTF-8 (a leading BOM dropped) and checked by `check_report_text`."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        utf16 = raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
        raise ReportTextError("not UTF-8 text" + (_UTF16_HINT if utf16 else "")) from exc
    check_report_text(text)
    return text


def check_report_text(text: str) -> None:
    """ReportTextError when TEXT holds NUL characters (UTF-16 read as UTF-8) or nothing but blanks."""
    if "\x00" in text:
        raise ReportTextError("not UTF-8 text" + _UTF16_HINT)
    if not text.strip():
        raise ReportTextError("empty")
