"""Past verified cases as a k-NN vote: images whose features lie close to this one and whose faults a
reviewer confirmed shift the confidence towards those faults. Without past cases nothing changes."""

from __future__ import annotations

import math

from radqc.agents.base import RetrievedCase

K = 5
# How much the neighbours' vote weighs against the image's own measurement, at most.
VOTE_WEIGHT = 0.3


def _distance(a: dict, b: dict, scales: dict[str, float]) -> float:
    """Root-mean-square difference in units of each feature's spread (so no feature dominates by scale)."""
    total = sum(((float(a[n]) - float(b[n])) / s) ** 2 for n, s in scales.items())
    return math.sqrt(total / max(1, len(scales)))


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def blend_with_past_cases(
    scores: dict[str, float], features: dict, past_cases: list[RetrievedCase], scales: dict[str, float] | None = None
) -> tuple[dict[str, float], dict[str, float]]:
    """Scores moved towards the neighbours' confirmed-fault rate; also returns the votes themselves.
    SCALES: the features to compare and their typical spread (default: every shared feature, spread 1)."""
    usable = [c for c in past_cases if c.modality == "cxr" and c.features]
    if not usable:
        return scores, {}
    candidates = scales or {n: 1.0 for n in features}
    names = {
        n: max(float(s), 1e-6)
        for n, s in candidates.items()
        if _is_number(features.get(n)) and all(_is_number(c.features.get(n)) for c in usable)
    }
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
