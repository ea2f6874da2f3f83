"""How dev and test are kept apart: every list of interchangeable wordings is split by position.

Dev draws only the even-indexed variants of a list and test only the odd-indexed ones (a list with one
entry is shared). Headings, sentence templates, exam names, synonyms and typo pairs are all lists like
this, so the test split is written in phrasing that an auditor tuned on dev has never seen, while both
splits cover the same anatomy, exams and error types. Keep the most common wording first: it goes to dev.
"""

from __future__ import annotations

import random
from typing import Literal, Sequence, TypeVar

Split = Literal["dev", "test"]
SPLITS: tuple[Split, ...] = ("dev", "test")
T = TypeVar("T")


def for_split(options: Sequence[T], split: Split) -> list[T]:
    """The variants of OPTIONS that SPLIT may use."""
    if len(options) < 2:
        return list(options)
    start = 0 if split == "dev" else 1
    return list(options[start::2])


def pick(rng: random.Random, options: Sequence[T], split: Split) -> T:
    return rng.choice(for_split(options, split))
