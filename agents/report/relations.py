"""When two statements talk about the same abnormality: the relations the cross-section checks share."""

from __future__ import annotations

import re

from radqc.agents.report.document import Span
from radqc.agents.report.lexicon import findings
from radqc.agents.report.mentions import Entity, apart, family, states_normal


# Fluid or gas free in a body space: ascites (free fluid in either form, `mentions`), free air, a pneumothorax. Each is
# in its space wherever it lies and whatever a statement calls the place ("Peritoneum: No free fluid").
FREE_IN_A_SPACE = {"ascites", "free_air", "pneumothorax"}


def group(finding: str) -> str:
    return findings()["findings"][finding].get("group", finding)


def significance(finding: str) -> float:
    return findings()["findings"][finding]["significance"]


def site_bound(finding: str) -> bool:
    """A denial of FINDING speaks of one site the lexicon does not place (findings.json's "site_bound")."""
    return findings()["findings"][finding].get("site_bound", False)


def sides_compatible(a: Entity, b: Entity) -> bool:
    return a.side is None or b.side is None or a.side == b.side or "both" in (a.side, b.side)


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


def other_stations(a: Entity, b: Entity, text: str, language: str) -> bool:
    """A and B are lymph nodes at two stations, neither holding the other (`stations.holds`): "enlarged para-aortic
    nodes" are no "mediastinal lymphadenopathy", which the paratracheal ones are."""
    return a.organ == b.organ == "lymph_node" and apart(a, b, text, language)


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


# A denial narrowed to focal lesions ("No focal liver lesion", "no focal abnormality", "肝内未见局灶性异常", and a
# denied space-occupying lesion, mass, nodule or focus, "肝内未见占位", "肝内未见异常强化结节", "宫腔内未见异常强化团块",
# "肝脾未见异常强化灶": these are focal by definition)
# calls the organ free of lesions, not normal: a diffuse process of it (steatosis, cirrhosis: any findings.json group but "focal") is no contradiction of
# it, where "The liver is normal" does deny one.
_FOCAL_DENIAL = {"en": re.compile(r"\bno\s+(?:other\s+)?focal\b", re.I),
                 "zh": re.compile(r"未见(?:明显|明确)?(?:(?:局灶|局限)性?|[^，。；,;]{0,8}?(?:占位|肿块|团块|结节|灶))")}


# A cyst its own clause calls simple is benign by definition: a reader takes "no focal lesions" beside it for "no lesion
# that needs an answer", as its author meant (a solid or complex lesion is still one).
_SIMPLE = {"en": re.compile(r"\bsimple\b", re.I), "zh": re.compile(r"单纯")}


def spared_by_focal_denial(span: Span, entity: Entity, language: str) -> bool:
    """SPAN calls its organ normal only by denying focal lesions, and ENTITY is no focal lesion, or a simple cyst."""
    unfocused = Span(span.start, span.end, _FOCAL_DENIAL[language].sub(" ", span.text))
    return ((group(entity.finding) != "focal" or simple_cyst(entity, language))
            and bool(_FOCAL_DENIAL[language].search(span.text)) and not states_normal(unfocused, language))


def simple_cyst(entity: Entity, language: str) -> bool:
    clause = entity.clause
    return entity.finding == "cyst" and bool(_SIMPLE[language].search(clause.text))
