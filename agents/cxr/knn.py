"""Past verified cases as a k-NN vote: images whose features lie close to this one and whose faults a
reviewer confirmed shift the confidence towards those faults. Without past cases nothing changes."""

from __future__ import annotations

import math

from radqc.agents.base import RetrievedCase

K = 5
# How much the neighbours' vote weighs against the image's own measurement, at most.
VOTE_WEIGHT = 0.3


def _distance(a: dict, b: dict, names: list[str]) -> float:
    return math.sqrt(sum((float(a[n]) - float(b[n])) ** 2 for n in names) / max(1, len(names)))


def blend_with_past_cases(
    scores: dict[str, float], features: dict, past_cases: list[RetrievedCase]
) -> tuple[dict[str, float], dict[str, float]]:
    """Scores moved towards the neighbours' confirmed-fault rate; also returns the votes themselves."""
    usable = [c for c in past_cases if c.modality == "cxr" and c.features]
    if not usable:
        return scores, {}
    names = [n for n, v in features.items() if isinstance(v, (int, float)) and all(n in c.features for c in usable)]
    if not names:
        return scores, {}
    neighbours = sorted(usable, key=lambda c: _distance(features, c.features, names))[:K]
    weight = VOTE_WEIGHT * len(neighbours) / K
    votes, blended = {}, dict(scores)
    for criterion in scores:
        rate = sum(any(f.error_type == criterion for f in c.findings) for c in neighbours) / len(neighbours)
        votes[criterion] = round(rate, 3)
        blended[criterion] = round((1 - weight) * scores[criterion] + weight * rate, 4)
    return blended, votes
