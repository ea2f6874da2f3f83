"""When two statements talk about the same abnormality: the relations the cross-section checks share."""

from __future__ import annotations

from radqc.agents.report.lexicon import anatomy, findings
from radqc.agents.report.mentions import Entity


def group(finding: str) -> str:
    return findings()["findings"][finding].get("group", finding)


def significance(finding: str) -> float:
    return findings()["findings"][finding]["significance"]


def sides_compatible(a: Entity, b: Entity) -> bool:
    return a.side is None or b.side is None or a.side == b.side or "both" in (a.side, b.side)


def family(organ: str) -> str:
    return anatomy()[organ].get("family", organ)


def organs_compatible(a: Entity, b: Entity) -> bool:
    """Unknown organs agree with anything; known ones when they belong to one family (lung and pleura)."""
    if a.organ is None or b.organ is None or "lymph_node" in (a.organ, b.organ):
        return True  # lymph nodes sit in every region: "level II nodes" are neck nodes
    return family(a.organ) == family(b.organ)


def kind(finding: str) -> str:
    """The finding FINDING is a kind of (findings.json's "kind_of": a ground-glass nodule is a nodule), else itself."""
    return findings()["findings"][finding].get("kind_of", finding)


def same_abnormality(a: Entity, b: Entity) -> bool:
    """Same kind of finding in the same organ, whatever the sides say: "No pulmonary nodule" speaks of the
    ground-glass nodule too."""
    return kind(a.finding) == kind(b.finding) and organs_compatible(a, b)


# Nodal disease is written either way: "level II lymphadenopathy" / "necrotic nodal metastasis".
_NODAL = {"lymphadenopathy", "metastasis", "mass", "lesion", "nodule"}


def related(a: Entity, b: Entity) -> bool:
    """One could be the other's summary: same group (a liver 'lesion' and liver 'metastases') and organ."""
    if not organs_compatible(a, b):
        return False
    if "lymphadenopathy" in (a.finding, b.finding) and {a.finding, b.finding} <= _NODAL:
        other = b if a.finding == "lymphadenopathy" else a
        return other.organ == "lymph_node"  # a nodal metastasis, not the lung mass beside the nodes
    if {a.organ, b.organ} - {None, "lymph_node"} and "lymph_node" in (a.organ, b.organ):
        return False  # nodal metastases are not the adrenal nodule of the same staging report
    return group(a.finding) == group(b.finding)
