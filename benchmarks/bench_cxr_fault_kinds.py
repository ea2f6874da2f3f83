"""Which kinds of fault does the radiograph auditor see? Recall per kind of simulator D's faults.

Simulator D (`agents/cxr/augment_d.py`) is never fitted on, and draws each fault from a few kinds (a
wide field, one centred over the neck, the thorax pushed to one side...). A criterion's recall
averages its kinds; this prints them one by one, so that what the measurements cannot see shows:
each kind is drawn on the 56 MHH renditions in `data/cxr/lungs` (real films nothing is fitted on),
measured, and decided by the shipped model at its decision point (confidence 0.5, no workflow, no
past cases). Printed per kind: recall, and how many films other criteria flagged (a fault taken for
another). Dev data only: the renditions are films of dev and test patients, never scored by eval.

Run: .venv/bin/python benchmarks/bench_cxr_fault_kinds.py [criterion ...]   (about 2 minutes on 2 cores)
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

import numpy as np

RENDITIONS = Path(__file__).resolve().parents[1] / "data" / "cxr" / "lungs"


def films() -> list[np.ndarray]:
    from radqc.agents.cxr.features import WORKING_SIDE
    from radqc.agents.cxr.image_io import load_radiograph

    paths = sorted(RENDITIONS.glob("*/images/*.jpg"))
    return [np.asarray(load_radiograph(path, max_side=WORKING_SIDE).pixels, np.float32) for path in paths]


def score_kind(criterion: str, kind: str, originals: list[np.ndarray], seed: int = 0) -> tuple[float, Counter]:
    """Recall of CRITERION on ORIGINALS faulted by simulator D's KIND, and the other criteria flagged."""
    from radqc.agents.cxr import augment_d
    from radqc.agents.cxr.decide import confidences, load_model
    from radqc.agents.cxr.features import measure

    rng, model = np.random.default_rng(seed), load_model()
    found, others = 0, Counter()
    for pixels in originals:
        faulted = np.asarray(getattr(augment_d, criterion)(pixels.copy(), rng, kind=kind), np.float32)
        scores = confidences(measure(faulted).features, model)
        found += scores[criterion] >= 0.5
        others.update(name for name, score in scores.items() if name != criterion and score >= 0.5)
    return found / len(originals), others


def main() -> None:
    from radqc.agents.cxr.augment_d import KINDS

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("criteria", nargs="*", metavar="CRITERION", help=f"criteria to print (default: all of {', '.join(KINDS)})")
    criteria = parser.parse_args().criteria
    unknown = [name for name in criteria if name not in KINDS]
    if unknown:  # argparse's `choices` refuses an empty list here, the default
        parser.error(f"unknown criterion {', '.join(unknown)}; choose from {', '.join(KINDS)}")
    originals = films()
    start = time.perf_counter()
    print(f"{len(originals)} untouched renditions ({RENDITIONS}), simulator D's faults by kind, shipped model")
    print(f"{'criterion':24s} {'kind':16s} recall  also flagged")
    for criterion in criteria or KINDS:
        for kind in dict.fromkeys(KINDS[criterion]):
            recall, others = score_kind(criterion, kind, originals)
            also = ", ".join(f"{name} {count}" for name, count in others.most_common(3)) or "-"
            print(f"{criterion:24s} {kind:16s} {recall:6.2f}  {also}", flush=True)
    print(f"{time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
