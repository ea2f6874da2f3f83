"""Which language a report is written in, for datasets and files that do not say.

The spec's default is English, but a Chinese report audited as English would be checked with the
wrong lexicons and find nothing; the script of the text is a far better guess than the default.
"""

from __future__ import annotations

Language = str  # "en" | "zh"

_ALIASES = {"zh": "zh", "cn": "zh", "chinese": "zh", "中文": "zh", "en": "en", "english": "en"}


def normalise_language(value: object) -> str | None:
    """"zh-CN", "Chinese", "EN-us"... as "zh"/"en"; None for anything else."""
    if not isinstance(value, str):
        return None
    key = value.strip().lower()
    return _ALIASES.get(key) or _ALIASES.get(key.split("-")[0].split("_")[0])


def detect_language(text: str) -> str:
    """"zh" when Chinese characters make up a fair share of the letters, else "en"."""
    han = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    return "zh" if han and han >= 0.2 * (han + latin) else "en"
