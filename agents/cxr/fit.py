"""Refit the decision model and the orientation template on a labelled DEV dataset (never on test):

    python -m radqc.agents.cxr.fit data/cxr/dev

Positives of a criterion are the cases labelled with it; negatives are the other labelled cases and
the untouched originals (unlabelled real images, `meta.synthetic` false), because an evaluation counts
untouched originals as clean. Each criterion is a regularised logistic regression on a few robust
features chosen by hand (not by search), so that it does not learn the simulator's exact parameters.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

from radqc.agents.cxr.decide import MODEL_FILE, CriterionModel, DecisionModel
from radqc.agents.cxr.features import WORKING_SIDE, measure
from radqc.agents.cxr.image_io import ImageLoadError, load_radiograph
from radqc.agents.cxr.orientation import TEMPLATE_FILE, build_template
from radqc.dataset import load_dataset

# Which measurements each criterion may use (see the measuring modules for why each one is relevant).
CRITERION_FEATURES = {
    "orientation_photometric": ["orientation_margin", "orientation_match"],
    "underexposure": ["noise", "median", "p01", "lung_level"],
    "overexposure": ["clipped_dark", "lung_level", "median", "p01"],
    "lung_field_cutoff": ["cut_gain", "lung_at_max", "lung_margin_min"],
    "collimation_centering": ["wide_gain", "shift_gain", "background_fraction", "lung_box_fraction"],
    "motion_blur": ["sharpness_ratio", "ghost_peak", "edge_anisotropy", "noise"],
    "foreign_object": ["object_contrast", "object_brightness", "object_count"],
    "marker_annotation": ["text_strokes"],
}
# The anatomy criteria cannot be simulated, so there are no labels to fit them on: a weak hand-set
# proxy, capped below the recall role's operating point (a candidate for review, never a finding alone).
ANATOMY_PRIORS = {
    "inadequate_inspiration": CriterionModel(
        features=["lung_aspect"], mean=[0.75], scale=[0.1], coef=[-1.0], intercept=-1.5, max_confidence=0.25
    ),
    "rotation": CriterionModel(
        features=["lung_balance_abs"], mean=[0.35], scale=[0.1], coef=[1.0], intercept=-1.5, max_confidence=0.25
    ),
}
# Geometry and display faults change the layout the orientation template describes.
LAYOUT_FAULTS = {"orientation_photometric", "lung_field_cutoff", "collimation_centering"}
REGULARISATION_C = 0.5


def _training_cases(dataset_dir: str):
    dataset = load_dataset(dataset_dir)
    for case in dataset.cases:
        untouched = case.labels is None and not case.meta.get("synthetic", True)
        if case.labels is None and not untouched:
            continue
        try:
            pixels = load_radiograph(case.image_file, max_side=WORKING_SIDE).pixels
        except ImageLoadError:
            continue
        yield pixels, {label.error_type for label in case.labels or []}


def fit_criterion(rows: list[dict], positive: list[bool], names: list[str]) -> CriterionModel:
    from sklearn.linear_model import LogisticRegression

    x = np.array([[float(r[n]) for n in names] for r in rows])
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-6
    model = LogisticRegression(C=REGULARISATION_C).fit((x - mean) / scale, np.array(positive))
    return CriterionModel(
        features=names,
        mean=[round(float(v), 6) for v in mean],
        scale=[round(float(v), 6) for v in scale],
        coef=[round(float(v), 4) for v in model.coef_[0]],
        intercept=round(float(model.intercept_[0]), 4),
    )


def fit(dataset_dir: str) -> DecisionModel:
    cases = list(_training_cases(dataset_dir))
    upright = [pixels for pixels, faults in cases if not faults & LAYOUT_FAULTS]
    template = build_template(upright)
    TEMPLATE_FILE.write_text(json.dumps({
        "source": f"Mean of {len(upright)} correctly displayed radiographs of {dataset_dir} "
        "(COVID-19 Image Repository, Hannover Medical School, DOI 10.6084/m9.figshare.12275009, CC BY 3.0). "
        "Rebuild: python -m radqc.agents.cxr.fit DEV_DATASET.",
        "template": np.round(template, 3).tolist(),
    }), encoding="utf-8")
    rows = [measure(pixels, template=template).features for pixels, _ in cases]
    criteria = {
        criterion: fit_criterion(rows, [criterion in faults for _, faults in cases], names)
        for criterion, names in CRITERION_FEATURES.items()
    }
    criteria.update(ANATOMY_PRIORS)
    return DecisionModel(fitted_on=f"{dataset_dir} ({len(cases)} cases)", criteria=criteria)


def main(argv: list[str]) -> None:
    if len(argv) != 1:
        raise SystemExit("usage: python -m radqc.agents.cxr.fit DEV_DATASET")
    model = fit(argv[0])
    MODEL_FILE.write_text(model.model_dump_json(indent=1), encoding="utf-8")
    print(f"wrote {MODEL_FILE.name} and {TEMPLATE_FILE.name}: {model.fitted_on}")


if __name__ == "__main__":
    main(sys.argv[1:])
