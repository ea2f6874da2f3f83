"""A report under construction: structured lines that errors can still change, before a layout turns it
into text. Lines hold rendered sentences (possibly with evidence markers from `markup.py`)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from typing import Any

from .exams import Exam
from .findings import FindingSpec
from .lexicon import OPPOSITE_SIDE, WORDS, Size, lobe_abbreviation, render_size, word
from .markup import fill, has_mark
from .variants import Split


@dataclass
class Instance:
    """One finding in one report: the spec, its sampled values and the wordings chosen for it."""

    spec: FindingSpec
    values: dict[str, Any]
    find_template: str
    impression_template: str | None
    # The impression may give a size in the other unit ("12 mm" above, "1.2 cm" below): correct, a trap.
    impression_unit: str | None = None

    def strings(self, language: str) -> dict[str, str]:
        """The placeholder values as text in LANGUAGE."""
        out: dict[str, str] = {}
        for name, value in self.values.items():
            if name in WORDS:
                out[name] = word(name, value, language)
            elif name == "otherside":
                out[name] = word("side", value, language)
            elif isinstance(value, Size):
                out[name] = render_size(value, language)
            else:
                english, chinese = self.spec.choices[name][value]
                out[name] = chinese if language == "zh" else english
        if "lobe" in self.values:
            out["lobeabbr"] = lobe_abbreviation(self.values["side"], self.values["lobe"])
        return out

    def render(self, template: str, language: str, overrides: dict[str, str] | None = None,
               marked: dict[str, int] | None = None) -> str:
        return fill(template, {**self.strings(language), **(overrides or {})}, marked)

    def impression_text(self, language: str, overrides: dict[str, str] | None = None,
                        marked: dict[str, int] | None = None) -> str:
        assert self.impression_template is not None
        own: dict[str, str] = {}
        size = self.values.get("size")
        if self.impression_unit and isinstance(size, Size):
            own["size"] = render_size(replace(size, unit=self.impression_unit, dual=False), language)
        return self.render(self.impression_template, language, {**own, **(overrides or {})}, marked)

    @property
    def side(self) -> str | None:
        return self.values.get("side")

    @property
    def opposite_side(self) -> str:
        return OPPOSITE_SIDE[self.values["side"]]


@dataclass
class Line:
    text: str
    organ: str = ""
    instance: Instance | None = None
    # Which template rendered `text` (so that an error can render the same wording with other values).
    template: str = ""

    @property
    def touched(self) -> bool:
        return has_mark(self.text)


@dataclass
class PendingLabel:
    label_id: int
    error_type: str
    note: str


@dataclass
class Draft:
    rng: random.Random
    split: Split
    language: str
    exam: Exam
    exam_name: str  # as ordered (the manifest's `exam`)
    sex: str
    age: int
    header_exam: Line | None = None  # the exam name as the report prints it
    clinical: str | None = None
    technique: Line | None = None
    comparison: str | None = None
    has_prior: bool = False
    british: bool = False  # written with British spellings throughout (haemorrhage, oedema)
    findings: list[Line] = field(default_factory=list)
    impression: list[Line] = field(default_factory=list)
    labels: list[PendingLabel] = field(default_factory=list)
    traps: set[str] = field(default_factory=set)

    def add_label(self, error_type: str, note: str) -> int:
        label_id = len(self.labels)
        self.labels.append(PendingLabel(label_id, error_type, note))
        return label_id

    def instances(self) -> list[Instance]:
        return [line.instance for line in self.findings if line.instance is not None]

    def impression_line(self, instance: Instance) -> Line | None:
        return next((line for line in self.impression if line.instance is instance), None)

    def finding_line(self, instance: Instance) -> Line | None:
        return next((line for line in self.findings if line.instance is instance), None)
