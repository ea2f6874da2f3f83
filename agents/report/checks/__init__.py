"""One module per error type; each exposes `check(CheckInput) -> list[Candidate]`.

`CheckInput` carries the parsed report, the case facts (sex, ordered exam, age) and what retrieval taught
(`Knowledge`), and computes the sentence entities once for all checks (each read under its sub-heading).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable

import numpy as np

from radqc.agents.report.document import ParsedReport
from radqc.agents.report.knowledge import Knowledge
from radqc.agents.report.mentions import Entity, entities


@dataclass
class CheckInput:
    report: ParsedReport
    sex: str = "U"
    exam: str | None = None
    age: float | None = None  # in years, as the case gives it: 0 for an infant under one year
    knowledge: Knowledge = field(default_factory=Knowledge)
    # Sentence embedder (texts -> unit rows); None when the engine runs without the embedding model.
    embed: Callable[[list[str]], np.ndarray] | None = None

    @property
    def language(self) -> str:
        return self.report.language

    @cached_property
    def spine_exam(self) -> bool:
        """The examination (as ordered, else as the technique names it) is of the spine and not the head:
        its dural spaces are the spinal canal's ("No epidural collection.")."""
        from radqc.agents.report.checks.exam import examination  # the exam check imports this module

        exam = examination(self)
        return exam is not None and "spine" in exam.regions and "head" not in exam.regions

    @cached_property
    def entities(self) -> list[Entity]:
        return [e for s in self.report.body
                for e in entities(s, self.language, self.report.heading_of(s), self.spine_exam,
                                  self.report.line_label(s))]


def all_checks():
    """The check functions in a fixed order (imported here so that one import gives them all)."""
    from radqc.agents.report.checks import (
        exam,
        insertion,
        laterality,
        measurement,
        mismatch,
        omission,
        sex,
        spelling,
    )

    return [laterality.check, mismatch.check, omission.check, insertion.check, measurement.check, sex.check,
            spelling.check, exam.check]
