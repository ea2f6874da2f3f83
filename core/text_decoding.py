"""Bytes to text as hospitals and departments save them: CT reports (`radqc.report_text`) and guideline
files (`radqc kb add`) are decoded the same way, so a file that one accepts the other does too.

Decoding is deterministic and never silently wrong:
- a byte-order mark says the encoding outright (UTF-8, UTF-16 or UTF-32 from a Windows "Unicode" save);
- without one, UTF-8; failing that GB18030 (a superset of GBK and GB2312, what Chinese RIS systems
  and Chinese Windows export), but only when the result reads as Chinese (`_plausibly_chinese`),
  because GB18030 decodes most byte strings to something: a Windows-1252 English file or a Big5 one
  would otherwise be read as CJK gibberish. That decoding is a guess, so the caller is told
  (`decode_text`'s second value) and says so where a person will see it;
- Japanese and Korean files are refused naming their encoding (`_other_east_asian`): EUC-KR and EUC-JP
  share GB2312's byte layout, so their text also reads as everyday Chinese characters, and the
  plausibility rule alone would audit it as a Chinese report;
- anything else, UTF-16 without its mark included (its byte order is a guess too), is refused, and
  NUL bytes that read as text in no UTF-16 or UTF-32 byte order are named as binary data.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from radqc.language import detect_language, is_chinese_character

UNMARKED_UTF16 = "not UTF-8 text (UTF-16 without a byte-order mark: save it as UTF-8)"
BINARY = "not text but binary data (a Word document, say): save it as plain text, UTF-8"
GUESSED = "not UTF-8: read as Chinese GB18030/GBK text, an encoding guessed from its content"
_ICONV_HINT = " (convert it: `iconv -f ITS-ENCODING -t UTF-8`)"

# UTF-32's little-endian mark begins with UTF-16's, so it is looked for first.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)
# Characters no text holds but mojibake does: controls other than line layout, private use (where
# GB18030 puts its user-defined codes, and where Big5 read as GB18030 lands), unassigned code points.
_NOT_TEXT = {"Cc", "Co", "Cn", "Cs"}
_LAYOUT = set("\t\n\r\f\v")


class UndecodableText(ValueError):
    """Bytes radqc will not read as text; the message is a short reason with what to do."""


class UnmarkedWideText(UndecodableText):
    """NUL bytes without a byte-order mark: UTF-16/32 saved without its mark, or no text at all (a
    binary file). Its own class because a caller may know which is likelier (a guideline file named
    .md that holds NULs is more often an image renamed than a Windows "Unicode" save)."""


def decode_text(raw: bytes) -> tuple[str, bool]:
    """RAW decoded as the module docstring says, and whether its encoding was guessed (False when a
    byte-order mark or valid UTF-8 left no doubt)."""
    for bom, codec, name in _BOMS:
        if raw.startswith(bom):
            try:
                return raw[len(bom) :].decode(codec), False
            except UnicodeDecodeError as exc:
                raise UndecodableText(f"not {name} text, though it starts with {name}'s byte-order mark") from exc
    if b"\x00" in raw:  # UTF-16 or UTF-32 without a mark (no legacy encoding has NUL bytes): byte order unknown
        raise UnmarkedWideText(UNMARKED_UTF16 if _reads_as_wide_text(raw) else BINARY)
    try:
        return raw.decode("utf-8"), False
    except UnicodeDecodeError as exc:
        text = _as_chinese(raw)
        if other := _other_east_asian(raw, reads_as_chinese=text is not None):
            language, encoding, iconv_name = other
            raise UndecodableText(
                f"not UTF-8 text: it reads as {language} in {encoding}, which radqc does not audit; if it holds "
                f"English or Chinese, convert it to UTF-8: `iconv -f {iconv_name} -t UTF-8`"
            ) from exc
        if text is None:
            raise UndecodableText("not UTF-8 text, nor Chinese GB18030/GBK text" + _ICONV_HINT) from exc
        return text, True


def _reads_as_wide_text(raw: bytes) -> bool:
    """Whether RAW, which holds NUL bytes, reads as text in UTF-16 or UTF-32 of either byte order: a Word
    document saved as .txt holds them too, and its author was told to save UTF-16 as UTF-8."""
    for codec in ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"):
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        if not any(unicodedata.category(ch) in _NOT_TEXT and ch not in _LAYOUT for ch in text):
            return True
    return False


def _as_chinese(raw: bytes) -> str | None:
    """RAW decoded as GB18030 when that reads as Chinese, else None."""
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        return None
    return text if not text.strip() or _plausibly_chinese(text) else None  # blank: the caller's "empty" says more


def _plausibly_chinese(text: str) -> bool:
    """Whether TEXT, decoded as GB18030, reads as Chinese rather than mojibake. Three tests, each
    failed by a different impostor:
    - no character a text never holds (`_NOT_TEXT`): Big5 and binary files land there;
    - Chinese characters make it Chinese by the rule radqc picks a report's language with
      (`detect_language`): a Windows-1252 or Latin-1 file's few accented letters each turn at most
      one Latin letter into a CJK character, far short of that share;
    - most of its Chinese characters are among GB2312's 6,763 everyday ones, as nearly all of a real
      report's or guideline's are (a rare character in a name does not tip it), or are their traditional
      forms (GBK holds those: a Hong Kong or Taiwan report saved as GBK): Shift-JIS read as GB18030
      gives rare characters outside that set.
    Korean EUC-KR or Japanese EUC-JP text still passes (they share GB2312's byte layout): that is
    `_other_east_asian`'s to catch."""
    if any(unicodedata.category(ch) in _NOT_TEXT and ch not in _LAYOUT for ch in text):
        return False
    if detect_language(text) != "zh":
        return False
    from radqc.agents.report.lexicon import simplified

    han = simplified("".join(filter(is_chinese_character, text)))
    everyday = len(han.encode("gb2312", errors="ignore")) // 2  # two bytes for each one GB2312 holds
    return everyday * 2 > len(han)


def _other_east_asian(raw: bytes, reads_as_chinese: bool) -> tuple[str, str, str] | None:
    """(language, encoding, its iconv name) when RAW reads as Japanese or Korean in one of their legacy
    encodings, else None. READS_AS_CHINESE: whether its GB18030 reading passed `_plausibly_chinese`."""
    for codec, language, encoding, iconv_name, reads_as in _EAST_ASIAN:
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        letters = [ch for ch in text if ch.isalpha() and not ch.isascii()]
        if letters and reads_as(text, letters, reads_as_chinese):
            return language, encoding, iconv_name
    return None


def _reads_as_japanese(text: str, letters: list[str], reads_as_chinese: bool) -> bool:
    """Kana are at least a tenth of the letters: running Japanese has one in three or more (particles,
    verb endings), so even a terse report clears it, and Chinese read as Shift_JIS or EUC-JP has none
    (the kana rows are the same in GB2312 and in Japanese's own sets, and Chinese does not use them)."""
    return sum(map(_is_kana, letters)) * 10 >= len(letters)


def _reads_as_korean(text: str, letters: list[str], reads_as_chinese: bool) -> bool:
    """Hangul syllables are nine in ten of the letters (modern Korean writes almost no Chinese
    characters, while Chinese read as EUC-KR turns only the characters of GB2312's first rows into
    Hangul). A short Chinese line ("结论：") can fall in those rows entirely, so when the GB18030
    reading passes as Chinese too, the Hangul must also be spaced into words, as Korean is and Chinese
    is not."""
    if sum(map(_is_hangul, letters)) * 10 < 9 * len(letters):
        return False
    return not reads_as_chinese or bool(_SPACED_HANGUL.search(text))


def _is_kana(ch: str) -> bool:
    """Whether CH is full-width hiragana or katakana (not the middle dot, which Chinese names use).
    Half-width katakana do not count: Shift_JIS reads the bytes of EUC-JP and GB text as those."""
    return "\u3041" <= ch <= "\u30ff" and ch != "\u30fb"


def _is_hangul(ch: str) -> bool:
    return "\uac00" <= ch <= "\ud7a3"


_SPACED_HANGUL = re.compile(r"[\uac00-\ud7a3][ \t]+[\uac00-\ud7a3]")
# Tried in this order; Windows' code pages (CP932, CP949) are supersets of Shift_JIS and EUC-KR, and
# what Windows saves.
_EAST_ASIAN = (
    ("cp932", "Japanese", "Shift_JIS", "CP932", _reads_as_japanese),
    ("euc_jp", "Japanese", "EUC-JP", "EUC-JP", _reads_as_japanese),
    ("cp949", "Korean", "EUC-KR", "CP949", _reads_as_korean),
)
