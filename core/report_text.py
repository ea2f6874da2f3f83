"""A CT report's text as every way in reads it (`radqc audit`, a dataset's report_path or inline
report, `radqc data index`): decoded from the encodings hospitals export, with something in it to audit.

Decoding is deterministic and never silently wrong:
- a byte-order mark says the encoding outright (UTF-8, UTF-16 or UTF-32 from a Windows "Unicode" save);
- without one, UTF-8; failing that GB18030 (a superset of GBK and GB2312, what Chinese RIS systems
  export), but only when the result reads as Chinese (`_plausibly_chinese`), because GB18030 decodes
  most byte strings to something: a Windows-1252 English report or a Big5 one would otherwise be
  audited as CJK gibberish and come back with no findings. That decoding is a guess, so it comes with
  a note (the workflow then marks the case "degraded", where a QC lead sees it);
- anything else, UTF-16 without its mark included (its byte order is a guess too), is refused.

A report that is not text must be an input error, not an audit: text without a word, or the NUL
bytes of UTF-16 saved without its byte-order mark (valid UTF-8, every other character NUL), reaches
the auditors as nothing they can read, and would come back "ok" with no findings, a free pass.
"""

from __future__ import annotations

import codecs
import unicodedata

from radqc.language import detect_language, is_chinese_character

_UTF16_HINT = " (UTF-16 without a byte-order mark: save it as UTF-8)"
_ICONV_HINT = " (convert it: `iconv -f ITS-ENCODING -t UTF-8`)"
GUESSED_NOTE = "report is not UTF-8: read as Chinese GB18030/GBK text, an encoding guessed from its content"

# UTF-32's little-endian mark begins with UTF-16's, so it is looked for first.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)
# Characters no report holds but mojibake does: controls other than line layout, private use (where
# GB18030 puts its user-defined codes, and where Big5 read as GB18030 lands), unassigned code points.
_NOT_TEXT = {"Cc", "Co", "Cn", "Cs"}
_LAYOUT = set("\t\n\r\f\v")


class ReportTextError(ValueError):
    """Not a report radqc can audit; the message is a short reason ("empty", "not UTF-8 text ...")."""


def report_text(raw: bytes) -> tuple[str, str | None]:
    """RAW decoded as the module docstring says and checked by `check_report_text`, with a note when
    its encoding was guessed (None when a byte-order mark or valid UTF-8 left no doubt)."""
    for bom, codec, name in _BOMS:
        if raw.startswith(bom):
            try:
                text = raw[len(bom) :].decode(codec)
            except UnicodeDecodeError as exc:
                raise ReportTextError(f"not {name} text, though it starts with {name}'s byte-order mark") from exc
            check_report_text(text)
            return text, None
    if b"\x00" in raw:  # UTF-16 or UTF-32 without a mark (no legacy encoding has NUL bytes): byte order unknown
        raise ReportTextError("not UTF-8 text" + _UTF16_HINT)
    try:
        text, note = raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        text, note = _as_chinese(raw), GUESSED_NOTE
        if text is None:
            raise ReportTextError("not UTF-8 text, nor Chinese GB18030/GBK text" + _ICONV_HINT) from exc
    check_report_text(text)
    return text, note


def _as_chinese(raw: bytes) -> str | None:
    """RAW decoded as GB18030 when that reads as Chinese, else None."""
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        return None
    return text if not text.strip() or _plausibly_chinese(text) else None  # blank: "empty" says more


def _plausibly_chinese(text: str) -> bool:
    """Whether TEXT, decoded as GB18030, reads as a Chinese report rather than mojibake. Three tests,
    each failed by a different impostor:
    - no character a text never holds (`_NOT_TEXT`): Big5 and binary files land there;
    - Chinese characters make it Chinese by the rule radqc picks a report's language with
      (`detect_language`): a Windows-1252 or Latin-1 report's few accented letters each turn at most
      one Latin letter into a CJK character, far short of that share;
    - most of its Chinese characters are among GB2312's 6,763 everyday ones, as nearly all of a real
      report's are (a rare character in a name does not tip it): Shift-JIS read as GB18030 gives
      rare characters outside that set.
    Korean EUC-KR or Japanese EUC-JP text would still pass (they share GB2312's byte layout); radqc
    does not audit those languages anyway, and the note says the encoding was guessed."""
    if any(unicodedata.category(ch) in _NOT_TEXT and ch not in _LAYOUT for ch in text):
        return False
    if detect_language(text) != "zh":
        return False
    han = "".join(filter(is_chinese_character, text))
    everyday = len(han.encode("gb2312", errors="ignore")) // 2  # two bytes for each one GB2312 holds
    return everyday * 2 > len(han)


def check_report_text(text: str) -> None:
    """ReportTextError when TEXT holds NUL characters (UTF-16 read as UTF-8) or nothing but blanks."""
    if "\x00" in text:
        raise ReportTextError("not UTF-8 text" + _UTF16_HINT)
    if not text.strip():
        raise ReportTextError("empty")
