"""One module per error type; each exposes `check(CheckInput) -> list[Candidate]`.

`CheckInput` carries the parsed report, the case facts (sex, ordered exam) and what retrieval taught
(`Knowledge`), and computes the sentence entities once for all checks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from radqc.agents.report.document import ParsedReport
from radqc.agents.report.knowledge import Knowledge
from radqc.agents.report.mentions import Entity, entities


@dataclass
class CheckInput:
    report: ParsedReport
    sex: str = "U"
    exam: str | None = None
    knowledge: Knowledge = field(default_factory=Knowledge)

    @property
    def language(self) -> str:
        return self.report.language

    @cached_property
    def entities(self) -> list[Entity]:
        return [e for s in self.report.body for e in entities(s, self.language)]


def all_checks():
    """The check functions in a fixed order (imported here so that one import gives them all)."""
    from radqc.agents.report.checks import laterality, measurement, sex

    return [laterality.check, measurement.check, sex.check]
