"""Refit the decision model and the orientation template on a labelled DEV dataset (never on test):

    python -m radqc.agents.cxr.fit data/cxr/dev

Positives of a criterion are the cases labelled with it; negatives are the other labelled cases and
the untouched originals (unlabelled real images, `meta.synthetic` false), because an evaluation counts
untouched originals as clean. A label that a person judged on a real image (not in the case's
`meta.simulated`) is left out of that criterion's fit altogether: these whole-image measurements
cannot see most judged faults (a slightly wide field, a mild rotation), and learning them would only
raise false alarms on ordinary films. Each criterion is a regularised logistic regression on a few robust
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
    "orientation_photometric": ["display_margin", "orientation_match"],
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
        labelled = {label.error_type for label in case.labels or []}
        simulated = case.meta.get("simulated")
        made = set(simulated) & labelled if isinstance(simulated, dict) else labelled
        yield pixels, made, labelled - made


def best_f1_threshold(probabilities: np.ndarray, positive: np.ndarray) -> tuple[float, float]:
    """(threshold, F1) with the best F1 when flagging probabilities >= threshold; ties go to the
    higher threshold (fewer false alarms)."""
    best = (0.5, -1.0)
    for threshold in np.unique(probabilities):
        flagged = probabilities >= threshold
        tp = int((flagged & positive).sum())
        f1 = 2 * tp / max(1, int(flagged.sum()) + int(positive.sum()))
        if f1 >= best[1]:
            best = (float(threshold), f1)
    return best


def fit_criterion(rows: list[dict], positive: list[bool], names: list[str]) -> tuple[CriterionModel, float]:
    """A logistic model whose 0.5 point sits at the F1-best threshold found by 5-fold
    cross-validation (small dev sets make in-sample thresholds optimistic); also returns that
    cross-validated F1."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    x = np.array([[float(r[n]) for n in names] for r in rows])
    y = np.array(positive)
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-6
    z = (x - mean) / scale
    folds = StratifiedKFold(n_splits=min(5, int(y.sum())), shuffle=True, random_state=0)
    held_out = cross_val_predict(LogisticRegression(C=REGULARISATION_C), z, y, cv=folds, method="predict_proba")[:, 1]
    threshold, cv_f1 = best_f1_threshold(held_out, y)
    threshold = float(np.clip(threshold, 0.05, 0.95))
    model = LogisticRegression(C=REGULARISATION_C).fit(z, y)
    shift = float(np.log(threshold / (1 - threshold)))
    return CriterionModel(
        features=names,
        mean=[round(float(v), 6) for v in mean],
        scale=[round(float(v), 6) for v in scale],
        coef=[round(float(v), 4) for v in model.coef_[0]],
        intercept=round(float(model.intercept_[0]) - shift, 4),
    ), cv_f1


def fit(dataset_dir: str) -> DecisionModel:
    cases = list(_training_cases(dataset_dir))
    upright = [pixels for pixels, made, judged in cases if not (made | judged) & LAYOUT_FAULTS]
    template = build_template(upright)
    TEMPLATE_FILE.write_text(json.dumps({
        "source": f"Mean of {len(upright)} correctly displayed radiographs of {dataset_dir} "
        "(COVID-19 Image Repository, Hannover Medical School, DOI 10.6084/m9.figshare.12275009, CC BY 3.0). "
        "Rebuild: python -m radqc.agents.cxr.fit DEV_DATASET.",
        "template": np.round(template, 3).tolist(),
    }), encoding="utf-8")
    rows = [measure(pixels, template=template).features for pixels, _, _ in cases]
    criteria, cv_f1 = {}, {}
    for criterion, names in CRITERION_FEATURES.items():
        usable = [i for i, (_, _, judged) in enumerate(cases) if criterion not in judged]
        positive = [criterion in cases[i][1] for i in usable]
        criteria[criterion], cv_f1[criterion] = fit_criterion([rows[i] for i in usable], positive, names)
    criteria.update(ANATOMY_PRIORS)
    for criterion, f1 in cv_f1.items():
        print(f"{criterion:26s} cross-validated F1 on dev {f1:.2f}")
    return DecisionModel(fitted_on=f"{dataset_dir} ({len(cases)} cases)", criteria=criteria)


def main(argv: list[str]) -> None:
    if len(argv) != 1:
        raise SystemExit("usage: python -m radqc.agents.cxr.fit DEV_DATASET")
    model = fit(argv[0])
    MODEL_FILE.write_text(model.model_dump_json(indent=1), encoding="utf-8")
    print(f"wrote {MODEL_FILE.name} and {TEMPLATE_FILE.name}: {model.fitted_on}")


if __name__ == "__main__":
    main(sys.argv[1:])
