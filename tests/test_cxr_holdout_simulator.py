"""The blind holdout simulator (evaluation only) does what each fault means, and the committed holdout
set loads cleanly with the expected counts. Fast: small synthetic phantoms, no model, no auditor."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from scipy import ndimage

from radqc.data.synth.cxr_holdout import simulate as sim
from radqc.dataset import load_dataset

HOLDOUT = Path(__file__).resolve().parents[1] / "data" / "cxr" / "holdout"
SEEDS = range(24)


def phantom(h: int = 200, w: int = 240, noise: float = 0.01, seed: int = 0) -> np.ndarray:
    """A crude frontal chest: bright body, two dark lungs, a dense mediastinum, a little grain."""
    yy, xx = np.mgrid[0:h, 0:w] / np.array([h, w])[:, None, None]
    img = np.full((h, w), 0.05)
    img[(np.abs(xx - 0.5) < 0.45) & (yy > 0.02)] = 0.6
    for cx in (0.3, 0.7):
        img[((xx - cx) / 0.15) ** 2 + ((yy - 0.45) / 0.32) ** 2 < 1] = 0.28
    img[(np.abs(xx - 0.5) < 0.06) & (yy > 0.1)] = 0.85
    img = ndimage.gaussian_filter(img, 1.0)
    return np.clip(img + np.random.default_rng(seed).normal(0, noise, img.shape), 0, 1)


def run(fn, img, seed):
    out, params = fn(img.copy(), np.random.default_rng(seed))
    assert np.isfinite(out).all() and out.min() >= 0 and out.max() <= 1
    json.dumps(params)  # parameters are JSON-serialisable for the manifest
    return out, params


def test_orientation_modes_are_exact_transforms():
    img = phantom()
    expected = {
        "mirror": np.fliplr(img), "flip_vertical": np.flipud(img), "rotate_180": np.rot90(img, 2),
        "rotate_90_cw": np.rot90(img, -1), "rotate_90_ccw": np.rot90(img, 1), "invert": 1.0 - img,
    }
    seen = set()
    for seed in range(60):
        out, params = run(sim.orientation_photometric, img, seed)
        np.testing.assert_array_equal(out, expected[params["mode"]])
        seen.add(params["mode"])
    assert seen == set(expected)


def test_underexposure_lightens_or_adds_noise():
    img = phantom(noise=0.004)
    for seed in SEEDS:
        out, params = run(sim.underexposure, img, seed)
        noisier = sim.noise_sigma(out) > 1.5 * sim.noise_sigma(img)
        lighter = out.mean() > img.mean() + 0.02
        assert noisier and (lighter or params["mode"] == "quantum_noise"), params


def test_overexposure_darkens_and_burns_out():
    img = phantom()
    for seed in SEEDS:
        out, params = run(sim.overexposure, img, seed)
        assert out.mean() < img.mean() - 0.03, params
        assert (out <= 0.01).mean() > (img <= 0.01).mean() + 0.04, params


def test_cutoff_removes_an_edge_of_the_field():
    img = phantom()
    h, w = img.shape
    for seed in SEEDS:
        out, params = run(sim.lung_field_cutoff, img, seed)
        assert out.shape == img.shape
        removed = params["removed_fraction"]
        assert max(removed.values()) >= 0.12
        if params["mode"] == "crop_zoom":
            assert params["zoom"] > 1.05  # the same frame shows less of the patient
        else:  # a uniform shutter band covers the removed edge
            x0, y0, x1, y1 = params["field_box"]
            band = np.concatenate([out[: max(y0 - 3, 0)].ravel(), out[min(y1 + 3, h):].ravel(),
                                   out[:, : max(x0 - 3, 0)].ravel(), out[:, min(x1 + 3, w):].ravel()])
            assert band.size > 0 and band.std() < 0.03
            assert abs(band.mean() - params["shutter_level"]) < 0.05


def test_collimation_shows_the_thorax_smaller_or_off_centre():
    img = phantom()
    h, w = img.shape
    for seed in SEEDS:
        out, params = run(sim.collimation_centering, img, seed)
        assert out.shape == img.shape
        assert params["scale"] <= 0.8 and params["exposed_area_increase"] >= 0.5
        ox, oy = params["thorax_offset_px"]
        sw, sh = round(w * params["scale"]), round(h * params["scale"])
        inner = out[oy + 2:oy + sh - 2, ox + 2:ox + sw - 2]
        placed = sim._resize(img, (sw, sh))[2:-2, 2:-2]
        assert np.abs(inner - placed).mean() < 0.01  # the thorax itself is untouched, only smaller
        if params["mode"] == "off_centre":
            assert max(abs(c) for c in params["centre_shift_fraction"]) >= 0.07


def _gradient_energy(a: np.ndarray) -> float:
    """Sum of squared finite differences: falls when sharp edges are smeared."""
    return float((np.diff(a, axis=0) ** 2).sum() + (np.diff(a, axis=1) ** 2).sum())


def test_motion_blur_smears_edges():
    img = phantom(noise=0.0)
    modes = set()
    for seed in SEEDS:
        out, params = run(sim.motion_blur, img, seed)
        if params["mode"] == "breathing":  # vertical smear of the lower chest (diaphragm) only
            low = int(img.shape[0] * (params["blur_starts_at_height"] + 0.2))
            assert np.abs(out[: low - 30] - img[: low - 30]).max() < 0.2  # upper chest barely touched
            assert (np.diff(out[low:], axis=0) ** 2).sum() < 0.8 * (np.diff(img[low:], axis=0) ** 2).sum()
        else:
            assert _gradient_energy(out) < 0.8 * _gradient_energy(img), params
        modes.add(params["mode"])
    assert len(modes) >= 4


def test_foreign_objects_add_dense_blobs_not_thin_lines():
    img = np.full((420, 520), 0.45)
    kinds = set()
    for seed in range(40):
        out, params = run(sim.foreign_object, img, seed)
        assert (out >= img - 1e-9).all()  # an absorber only adds density
        dense = (out - img) > 0.15
        assert dense.sum() >= 30, params
        labels, n = ndimage.label(dense)
        thickness = ndimage.maximum(ndimage.distance_transform_edt(dense), labels, range(1, n + 1))
        assert max(thickness) >= 2.0, params  # at least one solid part, not an ECG-lead-like wire
        kinds.update(o["kind"] for o in params["objects"])
    assert len(kinds) >= 6


def test_marker_annotation_burns_in_a_local_mark():
    img = phantom()
    modes = set()
    for seed in range(40):
        out, params = run(sim.marker_annotation, img, seed)
        changed = np.abs(out - img) > 0.1
        assert 10 <= changed.sum() < 0.1 * img.size, params
        modes.add(params["mode"])
    assert {"text_over_lung", "marker_over_lung", "wrong_side_marker"} <= modes


def test_simulators_are_deterministic_and_cover_the_simulable_criteria():
    img = phantom()
    assert set(sim.SIMULATORS) == set(sim.SIMULABLE) and len(sim.SIMULABLE) == 8
    for name, fn in sim.SIMULATORS.items():
        a, pa = fn(img.copy(), np.random.default_rng(7))
        b, pb = fn(img.copy(), np.random.default_rng(7))
        np.testing.assert_array_equal(a, b)
        assert pa == pb, name


@pytest.mark.skipif(not (HOLDOUT / "manifest.jsonl").is_file(), reason="holdout set not built")
def test_committed_holdout_manifest_loads_with_expected_counts():
    dataset = load_dataset(HOLDOUT)
    assert dataset.errors == []
    assert len(dataset.cases) == 123
    clean = [c for c in dataset.cases if c.labels == []]
    assert len(clean) == 41 and all(c.case_id.endswith("-o") for c in clean)
    counts = Counter(label.error_type for c in dataset.cases for label in c.labels)
    assert set(counts) == set(sim.SIMULABLE)
    assert all(9 <= n <= 18 for n in counts.values()), counts
    for case in dataset.cases:
        assert case.modality == "cxr" and case.view in ("AP", "PA") and case.sex in ("M", "F")
        assert case.meta["judged_criteria"] == sorted(sim.SIMULABLE)
        assert case.meta["synthetic"] == bool(case.labels)
        assert set(case.meta["simulated"]) == {label.error_type for label in case.labels}
        assert Path(case.image_file).suffix == ".jpg"
        suffix = Path(case.image_path).stem.rsplit("-", 1)[1]
        assert suffix in ("a", "b", "c")  # file names are neutral, not -o/-f1/-f2
