"""Past verified cases as a k-NN vote: near copies of this film (a re-sent or re-exported image) that a
reviewer has seen shift the confidence towards the faults confirmed on them, and away from the others.
Without past cases, or with none near, nothing changes."""

from __future__ import annotations

import numpy as np

from radqc.agents.base import RetrievedCase
from radqc.knowledge.feature_distance import comparable, feature_matrix, scaled_distances

K = 5
# Only near copies of a reviewed film vote: a copy re-encoded (JPEG quality 85) or brightened lies a
# median 0.05-0.14 from its original, while the nearest film of another patient lies 0.31 or more
# from 99 % of the dev films (`knowledge.feature_distance`). Ungated, the three nearest of the 90 dev
# cases lowered cxr/test Macro-F1 from 0.697 to 0.660: other patients' films seldom share a rare fault.
NEAR = 0.25
# How much a neighbour at distance 0 weighs against the image's own measurement.
VOTE_WEIGHT = 0.5


def blend_with_past_cases(
    scores: dict[str, float], features: dict, past_cases: list[RetrievedCase], scales: dict[str, float] | None = None
) -> tuple[dict[str, float], dict[str, float]]:
    """Scores moved towards what reviewers confirmed on near copies of this film; also returns the
    votes (each criterion's share among them, weighted by closeness). SCALES: the features to compare
    and their typical spread (default: every feature, spread 1). Past cases lacking one of them
    (measured by another version) do not vote."""
    usable = [c for c in past_cases if c.modality == "cxr" and c.features]
    scales = scales or {n: 1.0 for n in features}
    names = comparable(features, scales)
    distance = scaled_distances(features, feature_matrix([c.features for c in usable], names), names, scales)
    near = [i for i in np.argsort(distance, kind="stable")[:K] if distance[i] < NEAR]
    if not near:
        return scores, {}
    closeness = {i: 1.0 - float(distance[i]) / NEAR for i in near}
    total = sum(closeness.values())
    weight = VOTE_WEIGHT * max(closeness.values())
    votes, blended = {}, dict(scores)
    for criterion in scores:
        rate = sum(c for i, c in closeness.items() if any(f.error_type == criterion for f in usable[i].findings)) / total
        votes[criterion] = round(rate, 3)
        blended[criterion] = round((1 - weight) * scores[criterion] + weight * rate, 4)
    return blended, votes
