"""The parts of the pancreas as reports name them: head, neck, body, tail and uncinate process ("pancreatic tail", "tail
of the pancreas", "胰头", "体部", "钩突").

A statement about one part says nothing of another, and two checks read them so. The insertion check lets a normal
statement about the head and body stand beside a cyst in the tail ("胰头、体部未见异常"); the mismatch check holds an
impression calling one part unseen ("Pancreatic tail not well visualised") only to the findings' statements about that
part. The insertion check compares a normal statement with any finding, so it reads an English part only beside the
organ's name (`PANCREAS`); the mismatch check compares two statements already about one organ, where the bare word
(`PANCREAS_WORDS`) is the part.
"""

from __future__ import annotations

import re

PANCREAS_WORDS = r"head|neck|body|tail|uncinate"
# Each part in a group of its own; a Chinese part is the pancreas's by its character after 胰 or before 部, so the
# pattern needs no organ word beside it. A junction names both its parts: "胰颈体交界区" is at the neck and the body.
PANCREAS = {
    "en": re.compile(rf"\b(?:(?<=pancreatic )({PANCREAS_WORDS})|({PANCREAS_WORDS})(?=(?:\s+(?:and|or)\s+\w+|,\s*\w+)*"
                     r"\s+(?:of\s+the\s+pancreas|process)))\b", re.I),
    "zh": re.compile(r"(?<=胰)([头颈体尾])|(?<=胰腺)([头颈体尾])|(?<=胰[头颈体尾])([头颈体尾])|(?<=胰腺[头颈体尾])([头颈体尾])|"
                     r"([头颈体尾])(?=部)|(钩突)"),
}
