"""Past verified cases as a k-NN vote: images whose features lie close to this one and whose faults a
reviewer confirmed shift the confidence towards those faults. Without past cases nothing changes."""

from __future__ import annotations

import numpy as np

from radqc.agents.base import RetrievedCase
from radqc.knowledge.feature_distance import comparable, feature_matrix, scaled_distances

K = 5
# How much the neighbours' vote weighs against the image's own measurement, at most.
VOTE_WEIGHT = 0.3


def blend_with_past_cases(
    scores: dict[str, float], features: dict, past_cases: list[RetrievedCase], scales: dict[str, float] | None = None
) -> tuple[dict[str, float], dict[str, float]]:
    """Scores moved towards the neighbours' confirmed-fault rate; also returns the votes themselves.
    SCALES: the features to compare and their typical spread (default: every feature, spread 1). Past
    cases lacking one of them (measured by another version) do not vote."""
    usable = [c for c in past_cases if c.modality == "cxr" and c.features]
    scales = scales or {n: 1.0 for n in features}
    names = comparable(features, scales)
    distance = scaled_distances(features, feature_matrix([c.features for c in usable], names), names, scales)
    neighbours = [usable[i] for i in np.argsort(distance, kind="stable")[:K] if np.isfinite(distance[i])]
    if not neighbours:
        return scores, {}
    weight = VOTE_WEIGHT * len(neighbours) / K
    votes, blended = {}, dict(scores)
    for criterion in scores:
        rate = sum(any(f.error_type == criterion for f in c.findings) for c in neighbours) / len(neighbours)
        votes[criterion] = round(rate, 3)
        blended[criterion] = round((1 - weight) * scores[criterion] + weight * rate, 4)
    return blended, votes
