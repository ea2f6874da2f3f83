"""Does a hospital's own look read as faults? Macro-F1 and false alarms on films given another site's
processing, judged on the fitted scale and against the batch's own baseline (`agents/cxr/site.py`).

The decisions were fitted on one source's films. 60 untouched dev and train-extra films are passed
through a processing chain another site might use, then each is kept untouched or faulted once per
simulable criterion by simulator D (never fitted on): 540 films per chain, judged as one batch. Chains:

- none: the films as they are;
- soft: a Gaussian blur of 1.2 px at the working size (a source that downsamples with smoothing: the
  NIH films measure about this soft, with a fifth of MHH's noise);
- dark: a gamma of 1.4 (darker lungs and mid-greys);
- soft+dark: both;
- sharp+noisy: unsharp masking and added noise (an edge-enhancing source).

A real other source closes the table: the five NIH ChestX-ray14 films radqc carries (four PNGs in
`data/cxr/source/nih-sample`, the SIIM DICOM in `data/samples`), each untouched and faulted twice per
criterion by D: 85 films, a small batch, but another hospital's own processing.

Printed per chain: Macro-F1 over the 8 simulable criteria and the share of untouched films with any
false alarm, raw (the fitted scale) and calibrated (the baseline of 60 films drawn from the batch, as
`radqc eval` draws them), at the decision point (confidence 0.5, no workflow). Nothing was chosen on
the NIH row; two of its films are the sources of test cases.

Run: .venv/bin/python benchmarks/bench_cxr_site_shift.py   (about 2.5 minutes on 2 cores)
"""

from __future__ import annotations

import argparse
import time
from multiprocessing import Pool
from pathlib import Path

import numpy as np
from scipy import ndimage as ndi

FILMS = 60
REPO = Path(__file__).resolve().parents[1]
NIH = "NIH films"
CHAINS = {
    "none": lambda p: p,
    "soft": lambda p: ndi.gaussian_filter(p, 1.2),
    "dark": lambda p: np.clip(p, 0, 1) ** 1.4,
    "soft+dark": lambda p: np.clip(ndi.gaussian_filter(p, 1.2), 0, 1) ** 1.4,
    "sharp+noisy": lambda p: np.clip(p + 0.8 * (p - ndi.gaussian_filter(p, 3)) + np.random.default_rng(1).normal(0, 0.015, p.shape), 0, 1),
}


def untouched_dev_films() -> list[np.ndarray]:
    from radqc.agents.cxr.features import WORKING_SIDE
    from radqc.agents.cxr.image_io import load_radiograph
    from radqc.dataset import load_dataset

    films = [
        load_radiograph(case.image_file, max_side=WORKING_SIDE).pixels
        for folder in (REPO / "data" / "cxr" / "dev", REPO / "data" / "cxr" / "train-extra")
        for case in load_dataset(folder).cases
        if not case.labels and not case.meta.get("synthetic", True)
    ]
    return films[:FILMS]


def nih_films() -> list[np.ndarray]:
    from radqc.agents.cxr.features import WORKING_SIDE
    from radqc.agents.cxr.image_io import load_radiograph

    paths = [*sorted((REPO / "data" / "cxr" / "source" / "nih-sample").glob("*.png")), REPO / "data" / "samples" / "images" / "nih_siim_chest_pa_mono2.dcm"]
    return [load_radiograph(path, max_side=WORKING_SIDE).pixels for path in paths]


def measured(job: tuple[int, str, str | None, np.ndarray]) -> tuple[str, str | None, dict]:
    """JOB: (film index, chain, fault or None, pixels): the chain's film, faulted by D, measured."""
    from radqc.agents.cxr import augment_d
    from radqc.agents.cxr.augment import SIMULABLE
    from radqc.agents.cxr.features import measure

    index, chain, fault, pixels = job
    rng = np.random.default_rng(1000 * index + (SIMULABLE.index(fault) if fault else 999))
    film = CHAINS.get(chain, np.asarray)(pixels).astype(np.float32)
    if fault == "orientation_photometric":
        film, _ = augment_d.wrong_display(film, rng)
    elif fault:
        film = augment_d.simulate(film, fault, rng)
    return chain, fault, measure(np.asarray(film, np.float32)).features


def scores(rows: list[tuple[str | None, dict]], site) -> tuple[float, float]:
    """(Macro-F1 over the simulable criteria, share of untouched films flagged) of ROWS judged with SITE."""
    from radqc.agents.cxr.augment import SIMULABLE
    from radqc.agents.cxr.decide import confidences

    counts = {criterion: [0, 0, 0] for criterion in SIMULABLE}  # tp, fp, fn
    alarms = []
    for fault, features in rows:
        confidence = confidences(features, site=site)
        flagged = {criterion for criterion in SIMULABLE if confidence[criterion] >= 0.5}
        for criterion in SIMULABLE:
            counts[criterion][0] += criterion == fault and criterion in flagged
            counts[criterion][1] += criterion != fault and criterion in flagged
            counts[criterion][2] += criterion == fault and criterion not in flagged
        if fault is None:
            alarms.append(bool(flagged))
    f1 = [2 * tp / max(1, 2 * tp + fp + fn) for tp, fp, fn in counts.values()]
    return float(np.mean(f1)), float(np.mean(alarms))


def main() -> None:
    from radqc.agents.cxr.augment import SIMULABLE
    from radqc.agents.cxr.site import sample_films, site_baseline

    start = time.perf_counter()
    films = untouched_dev_films()
    jobs = [(k, chain, fault, film) for chain in CHAINS for k, film in enumerate(films) for fault in [None, *SIMULABLE]]
    nih = nih_films()
    jobs += [(k, NIH, None, film) for k, film in enumerate(nih)]
    jobs += [(k + 100 * copy, NIH, fault, film) for copy in (1, 2) for k, film in enumerate(nih) for fault in SIMULABLE]
    with Pool() as pool:
        results = pool.map(measured, jobs, chunksize=8)
    print(f"{len(films)} untouched dev films x {len(SIMULABLE) + 1} (untouched, or one simulator-D fault) per chain")
    print(f"{'chain':12s} {'raw Macro-F1':>12s} {'false alarms':>12s}   {'calibrated':>10s} {'false alarms':>12s}")
    for chain in [*CHAINS, NIH]:
        rows = [(fault, features) for name, fault, features in results if name == chain]
        raw = scores(rows, None)
        calibrated = scores(rows, site_baseline(sample_films([features for _, features in rows])))
        print(f"{chain:12s} {raw[0]:12.3f} {raw[1]:12.3f}   {calibrated[0]:10.3f} {calibrated[1]:12.3f}", flush=True)
    print(f"\n{time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter).parse_args()
    main()
