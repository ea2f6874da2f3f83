"""Left/right errors: a side that contradicts the rest of the report, or a side the anatomy does not have.

For each abnormality stated with a side, the report's other statements of the same abnormality (same
finding in the same organ) vote; a side nobody else uses while the opposite side is stated is flagged.
When one statement stands against one, the impression is the one flagged: it is written last, from
the findings, so a slip there is the usual mistake.
"""

from __future__ import annotations

import re

from radqc.agents.report.checks import CheckInput
from radqc.agents.report.evidence import Candidate, candidate
from radqc.agents.report.lexicon import anatomy
from radqc.agents.report.mentions import Entity

OPPOSITE = {"left": "right", "right": "left"}
_SIDE_WORDS = {"en": {"left": r"left", "right": r"right"}, "zh": {"left": "左", "right": "右"}}


def check(data: CheckInput) -> list[Candidate]:
    return _contradicting_sides(data) + _impossible_sides(data)


def _key(entity: Entity) -> tuple[str, str | None]:
    return entity.finding, entity.organ


def _contradicting_sides(data: CheckInput) -> list[Candidate]:
    sided = [e for e in data.entities if e.side in OPPOSITE and not e.negated and e.side_span]
    both = {_key(e) for e in data.entities if e.side == "both" and not e.negated}
    found, flagged = [], set()
    for entity in sided:
        if _key(entity) in both:
            continue  # "bilateral effusions ... larger on the left" is consistent
        same = [e for e in sided if _key(e) == _key(entity) and e.sentence.index != entity.sentence.index]
        agree = [e for e in same if e.side == entity.side]
        disagree = [e for e in same if e.side == OPPOSITE[entity.side]]
        if not disagree or agree:
            continue
        if not _crosses_sections(entity, disagree):
            continue  # two lesions on two sides within the findings are ordinary
        tie = len({e.sentence.index for e in disagree}) == 1
        if tie and entity.sentence.section != "impression":
            continue  # the impression statement of the pair is flagged instead
        if entity.side_span in flagged:
            continue
        flagged.add(entity.side_span)
        other = disagree[0]
        confidence = 0.8 if tie else 0.9
        start, end = entity.side_span[0], max(entity.end, entity.side_span[1])
        found.append(
            candidate(
                data.report, "laterality", start, end,
                f"The report places this {entity.finding.replace('_', ' ')} on the {entity.side}, "
                f"but elsewhere on the {other.side}: \"{other.sentence.text[:80]}\".",
                confidence, "side-contradiction",
            )
        )
    return found


def _crosses_sections(entity: Entity, others: list[Entity]) -> bool:
    return any(o.sentence.section != entity.sentence.section for o in others)


def _impossible_sides(data: CheckInput) -> list[Candidate]:
    found = []
    for organ in anatomy().values():
        for side, structures in organ.get("impossible_sides", {}).items():
            side_word = _SIDE_WORDS[data.language][side]
            for structure in structures:
                if data.language == "en":
                    pattern = rf"\b{side_word}\s+(?:\w+\s+){{0,1}}{re.escape(structure)}\b"
                else:
                    pattern = rf"{side_word}[侧肺上下叶]{{0,4}}{re.escape(structure)}"
                for match in re.finditer(pattern, data.report.text, re.IGNORECASE):
                    found.append(
                        candidate(
                            data.report, "laterality", match.start(), match.end(),
                            f"There is no {side} {structure}: that structure exists only on the "
                            f"{OPPOSITE[side]}.", 0.9, "impossible-side",
                        )
                    )
    return found
