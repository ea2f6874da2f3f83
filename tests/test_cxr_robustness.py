"""The second fault simulator, the anatomy/physics features it motivated, and the per-file caches."""

import importlib
import os
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from radqc.agents.base import AuditContext, AuditorOutput
from radqc.agents.cxr import augment, augment_c, augment_d, augment_e
from radqc.agents.cxr.augment import DISPLAY_FAULTS, SIMULABLE
from radqc.agents.cxr.engine import CxrRulesAuditor
from radqc.agents.cxr.exposure import exposure_physics, noise_sigma
from radqc.agents.cxr.features import image_features, measure, measure_radiograph
from radqc.agents.cxr.fit import Sample, augmented_cases
from radqc.agents.cxr.image_io import load_for_audit, load_radiograph
from radqc.agents.cxr.objects import compact_objects, contrast_floor
from radqc.agents.cxr.orientation import heart_side
from radqc.schemas import Case

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples" / "images"
SAMPLE = SAMPLES / "00000001_000.png"


def _save(folder: Path, name: str, pixels: np.ndarray) -> Path:
    path = folder / name
    Image.fromarray((np.clip(pixels, 0, 1) * 255).round().astype(np.uint8)).save(path)
    return path


# --- the second simulator --------------------------------------------------------------------------


@pytest.mark.parametrize("simulator", [augment, augment_c, augment_d, augment_e], ids=lambda m: m.__name__.rsplit(".", 1)[-1])
@pytest.mark.parametrize("fault", SIMULABLE)
def test_every_simulator_makes_every_fault_reproducibly_in_range_and_visibly(chest, simulator, fault):
    assert simulator.SIMULABLE is SIMULABLE and set(simulator.FAULTS) == set(SIMULABLE)
    for seed in range(12):
        first = simulator.simulate(chest, fault, np.random.default_rng(seed))
        again = simulator.simulate(chest, fault, np.random.default_rng(seed))
        assert first.dtype == np.float32 and first.ndim == 2
        assert 0.0 <= first.min() and first.max() <= 1.0 and np.isfinite(first).all()
        assert np.array_equal(first, again)
        # Something visible changed: the size, a whole-film level, or a patch clearly (objects, text).
        if first.shape == chest.shape:
            change = np.abs(first - chest)
            assert change.mean() > 0.05 or (change > 0.1).sum() >= 50


@pytest.mark.parametrize("name", ["augment", *(f"augment_{letter}" for letter in "cdeghijklm")])
def test_every_simulator_copes_with_unusual_originals(chest, name):
    """The fit and the benchmarks fault whatever originals a user's dev set holds: a mostly white or
    black film, a featureless one, a small one, a wide strip. Each simulable fault must come out as a
    film in range (a patch wider than a small film, a flat film's zero range and a knee above the
    white each failed once)."""
    simulator = importlib.import_module(f"radqc.agents.cxr.{name}")
    small = chest[::2, ::2]
    originals = {"white": 0.9 + 0.1 * small, "black": 0.1 * small, "flat": np.full((256, 256), 0.5),
                 "small": chest[::4, ::4], "strip": small[60:160]}
    for label, original in originals.items():
        for fault in (f for f in SIMULABLE if f != "orientation_photometric"):  # made by wrong_display
            for seed in range(5):
                out = simulator.simulate(np.asarray(original, np.float32), fault, np.random.default_rng(seed))
                out = np.asarray(out, np.float32)
                assert out.ndim == 2 and np.isfinite(out).all() and 0 <= out.min() and out.max() <= 1, (label, fault, seed)


def test_display_faults_are_exact_transformations(chest):
    assert np.array_equal(DISPLAY_FAULTS["mirrored"](chest), chest[:, ::-1])
    assert np.allclose(DISPLAY_FAULTS["inverted"](chest), 1.0 - chest)


def test_augmented_copies_keep_the_patient_and_teach_only_their_fault(chest):
    originals = [Sample(chest, set(), {"rotation"}, "p1"), Sample(chest, {"motion_blur"}, set(), "p2")]
    copies = augmented_cases(originals, copies=1)
    assert len(copies) == len(SIMULABLE)  # only the unfaulted image is augmented
    assert {c.patient for c in copies} == {"p1"} and all(c.augmented for c in copies)
    assert sorted(next(iter(c.made)) for c in copies) == sorted(SIMULABLE)
    assert all(c.judged == {"rotation"} for c in copies)


# --- anatomy and physics features ------------------------------------------------------------------


def test_heart_side_flips_sign_when_the_film_is_mirrored(chest):
    measured = measure(chest)
    mirrored = np.ascontiguousarray(chest[:, ::-1])
    mirrored_measured = measure(mirrored)
    assert heart_side(chest, measured.lungs, measured.lung_box) > 0
    assert heart_side(mirrored, mirrored_measured.lungs, mirrored_measured.lung_box) < 0


def test_a_mirrored_film_with_a_readable_side_marker_is_flagged_and_the_original_is_not(chest, tmp_path):
    def orientation_confidence(pixels, name):
        path = _save(tmp_path, name, pixels)
        case = Case(case_id=name, modality="cxr", image_path=path.name, image_file=str(path))
        found = {f.error_type: f.confidence for f in CxrRulesAuditor().audit(case, AuditContext()).findings}
        return found.get("orientation_photometric", 0.0)

    # The sample's "L" marker reads the right way round; the coarse layout alone leaves its mirror in doubt.
    assert measure(chest).features["marker_chirality"] > 0.5
    assert orientation_confidence(chest, "as_displayed.png") < 0.5
    assert orientation_confidence(np.ascontiguousarray(chest[:, ::-1]), "mirrored.png") >= 0.5


def test_heart_side_without_lungs_is_neutral():
    assert heart_side(np.zeros((64, 64), np.float32), np.zeros((64, 64), bool), None) == 0.0


def test_quantum_noise_raises_the_lung_noise_and_more_so_behind_dense_tissue(chest):
    lungs = measure(chest).lungs
    clean = exposure_physics(chest, lungs)
    # Fewer photons behind the mediastinum: after the log, noise grows where the signal is low.
    rng = np.random.default_rng(0)
    noisy = np.clip(chest + rng.normal(0, 1, chest.shape) * (0.01 + 0.08 * chest), 0, 1).astype(np.float32)
    measured = exposure_physics(noisy, lungs)
    assert measured["noise"] > 2 * clean["noise"]
    assert measured["dense_noise_ratio"] > clean["dense_noise_ratio"]


def test_a_coin_is_a_compact_object_a_lead_and_a_text_line_are_not(chest):
    region = np.ones(chest.shape, bool)
    yy, xx = np.mgrid[0 : chest.shape[0], 0 : chest.shape[1]]
    with_coin = chest.copy()
    with_coin[np.hypot(yy - 250, xx - 300) <= 9] = 1.0
    found = compact_objects(with_coin, region)
    assert any(o["box"][0] <= 300 <= o["box"][2] and o["box"][1] <= 250 <= o["box"][3] for o in found)
    with_lead = chest.copy()
    with_lead[100:400, 300:302] = 1.0  # a long, 2-px wide bright line
    assert not any(o["box"][0] <= 301 <= o["box"][2] and o["box"][1] <= 250 <= o["box"][3]
                   for o in compact_objects(with_lead, region))


def _grainy(chest: np.ndarray, grain: float) -> np.ndarray:
    rng = np.random.default_rng(0)
    return np.clip(chest + grain * rng.normal(0, 1, chest.shape) * (0.5 + chest), 0, 1).astype(np.float32)


def test_heavy_grain_is_not_read_as_objects(chest):
    """Clusters of heavy grain pass the fixed contrast step; the step GRAIN_SIGMAS times the grain
    drops them (and with them any object fainter than that: the price on such a film)."""
    region = np.ones(chest.shape, bool)
    grainy = _grainy(chest, 0.05)
    assert compact_objects(grainy, region)
    assert not compact_objects(grainy, region, contrast_floor(noise_sigma(grainy, region)))


def test_a_coin_on_a_moderately_grainy_film_still_stands_out(chest):
    region = np.ones(chest.shape, bool)
    yy, xx = np.mgrid[0 : chest.shape[0], 0 : chest.shape[1]]
    with_coin = _grainy(chest, 0.03)
    with_coin[np.hypot(yy - 250, xx - 300) <= 9] = 1.0
    floor = contrast_floor(noise_sigma(with_coin, region))
    assert floor > 0.3  # the grain step is in force
    found = compact_objects(with_coin, region, floor)
    assert any(o["box"][0] <= 300 <= o["box"][2] and o["box"][1] <= 250 <= o["box"][3] for o in found)


def test_burned_in_text_is_annotation_not_foreign_object(chest):
    from PIL import ImageDraw, ImageFont

    canvas = Image.fromarray((chest * 255).astype(np.uint8))
    ImageDraw.Draw(canvas).text((150, 220), "PORTABLE AP", fill=255, font=ImageFont.load_default(size=22))
    features = measure(np.asarray(canvas, np.float32) / 255.0).features
    plain = measure(chest).features
    assert features["annotation_line"] >= 4
    assert features["object_count"] <= plain["object_count"]


# --- the shared loader and the caches --------------------------------------------------------------


def test_load_for_audit_degrades_instead_of_raising(tmp_path):
    assert isinstance(load_for_audit(None, 512), AuditorOutput)
    missing = load_for_audit(str(tmp_path / "nope.png"), 512)
    assert isinstance(missing, AuditorOutput) and "nope.png" in missing.degraded
    (tmp_path / "text.png").write_text("not an image")
    assert "not a PNG" in load_for_audit(str(tmp_path / "text.png"), 512).degraded


def test_repeated_loads_and_measurements_come_from_the_cache(tmp_path, chest):
    path = _save(tmp_path, "a.png", chest)
    first = load_radiograph(path, max_side=512)
    assert load_radiograph(path, max_side=512) is first
    assert not first.pixels.flags.writeable  # shared: nobody may change it in place
    assert measure_radiograph(first) is measure_radiograph(load_radiograph(path, max_side=512))
    features = image_features(first)
    features["film_median"] = -1.0  # a caller's copy: the cached measurement is unchanged
    assert measure_radiograph(first).features["film_median"] != -1.0


def test_a_changed_file_is_read_and_measured_again(tmp_path, chest):
    path = _save(tmp_path, "b.png", chest)
    before = load_radiograph(path, max_side=512)
    _save(tmp_path, "b.png", 1.0 - chest)
    os.utime(path, ns=(before.identity[2] + 10**9, before.identity[2] + 10**9))
    after = load_radiograph(path, max_side=512)
    assert after is not before
    assert measure_radiograph(after).features["film_median"] != measure_radiograph(before).features["film_median"]


# --- the fitted auditor end to end -----------------------------------------------------------------


def _orientation_confidence(path: Path) -> float:
    case = Case(case_id="c", modality="cxr", image_path=path.name, image_file=str(path))
    found = {f.error_type: f.confidence for f in CxrRulesAuditor().audit(case, AuditContext()).findings}
    return found.get("orientation_photometric", 0.0)


def test_mirrored_film_is_flagged_and_the_original_is_not(tmp_path, chest):
    assert _orientation_confidence(_save(tmp_path, "upright.png", chest)) < 0.5
    assert _orientation_confidence(_save(tmp_path, "mirrored.png", chest[:, ::-1])) >= 0.5
