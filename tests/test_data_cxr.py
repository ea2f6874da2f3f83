"""The CXR datasets: simulated faults change what they claim to change, the generator is deterministic,
and the committed dev/test splits keep their promises (split by patient, labels only for judged criteria)."""

import csv
import hashlib
import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from radqc.data.synth.cxr_images import faults, synthesize
from radqc.data.synth.cxr_images.build import ANATOMY_CRITERIA, SIMULATED_CRITERIA
from radqc.data.synth.cxr_images.sources import DEFAULT_SOURCE_DIR, load_sources
from radqc.dataset import load_dataset

REPO_DATA = DEFAULT_SOURCE_DIR.parent
SOME_IMAGES = ("0957ce54", "1052b0fe", "08d780ae", "61bc50d1")  # two share a patient


@pytest.fixture(scope="module")
def radiograph():
    path = DEFAULT_SOURCE_DIR / "mhh-covid19" / "png" / "0957ce54.png"
    return np.asarray(Image.open(path).convert("L"), dtype=np.float32) / 255.0


def rng(seed=1):
    return np.random.default_rng(seed)


def high_pass_std(image):
    """Noise level: the spread of the difference between neighbouring pixels."""
    return float(np.std(np.diff(image, axis=1)))


# --- faults -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "error, expected",
    [
        ("mirrored", np.fliplr),
        ("upside_down", np.flipud),
        ("rotated_90_clockwise", lambda image: np.rot90(image, -1)),
        ("rotated_90_counterclockwise", lambda image: np.rot90(image, 1)),
        ("inverted_grey_scale", lambda image: 1.0 - image),
    ],
)
def test_orientation_faults_are_exact_transforms(radiograph, error, expected):
    for seed in range(40):  # the error is drawn: find a seed that draws this one
        result = faults.orientation_photometric(radiograph, rng(seed), 0.5)
        if result.params["error"] == error:
            np.testing.assert_array_equal(result.image, expected(radiograph))
            return
    pytest.fail(f"{error} never drawn")


@pytest.mark.parametrize("severity", [0.0, 1.0])
def test_underexposure_brightens_and_adds_noise(radiograph, severity):
    result = faults.underexposure(radiograph, rng(), severity)
    assert result.params["dose_factor"] < 1 and result.params["penetration_factor"] > 1
    assert result.image.mean() > radiograph.mean() + 0.03
    assert high_pass_std(result.image) > 1.3 * high_pass_std(radiograph)


def flat_dark_share(image):
    """Share of pixels at the image's lowest level: a saturated detector gives one flat level."""
    return float((image <= image.min() + 1e-6).mean())


@pytest.mark.parametrize("severity", [0.0, 1.0])
def test_overexposure_darkens_and_flattens(radiograph, severity):
    result = faults.overexposure(radiograph, rng(), severity)
    assert result.params["dose_factor"] > 1 and result.params["penetration_factor"] < 1
    assert result.image.mean() < radiograph.mean() - 0.05
    assert result.image.std() < radiograph.std()


def test_obvious_overexposure_burns_out_the_lungs(radiograph):
    result = faults.overexposure(radiograph, rng(), 1.0)
    assert flat_dark_share(result.image) > 10 * flat_dark_share(radiograph)


def test_subtle_exposure_faults_are_milder_than_obvious_ones(radiograph):
    subtle = faults.underexposure(radiograph, rng(), 0.0).image
    obvious = faults.underexposure(radiograph, rng(), 1.0).image
    assert subtle.mean() < obvious.mean() and high_pass_std(subtle) < high_pass_std(obvious)


def test_lung_field_cutoff_is_a_crop_of_the_stated_side(radiograph):
    height, width = radiograph.shape
    for seed in range(12):
        result = faults.lung_field_cutoff(radiograph, rng(seed), 0.5)
        side, cut = result.params["removed_side"], result.params["removed_pixels"]
        expected = {
            "top": radiograph[cut:, :],
            "bottom": radiograph[: height - cut, :],
            "left": radiograph[:, cut:],
            "right": radiograph[:, : width - cut],
        }[side]
        np.testing.assert_array_equal(result.image, expected)
        assert cut >= 0.19 * min(height, width)


def test_collimation_fault_embeds_the_unchanged_thorax_in_a_larger_field(radiograph):
    for seed in range(6):
        result = faults.collimation_centering(radiograph, rng(seed), 0.5)
        x0, y0, x1, y1 = result.thorax_box
        np.testing.assert_array_equal(result.image[y0:y1, x0:x1], radiograph)
        added = result.image.size - radiograph.size
        assert added > 0.18 * radiograph.size
        if result.params["mode"] == "off_centre":
            centre_x, centre_y = (x0 + x1) / 2, (y0 + y1) / 2
            height, width = result.image.shape
            assert abs(centre_x - width / 2) > 0.1 * width or abs(centre_y - height / 2) > 0.1 * height


def test_motion_blur_removes_fine_detail(radiograph):
    result = faults.motion_blur(radiograph, rng(), 0.5)
    vertical_detail = float(np.abs(np.diff(result.image, axis=0)).mean())
    assert vertical_detail < 0.8 * float(np.abs(np.diff(radiograph, axis=0)).mean())
    assert result.params["blur_length_px"] >= 3


def test_foreign_object_adds_dense_pixels_only_inside_its_region(radiograph):
    for seed in range(8):
        result = faults.foreign_object(radiograph, rng(seed), 0.8)
        (x0, y0, x1, y1), = result.params["regions"]
        changed = np.abs(result.image - radiograph) > 1e-6
        assert changed.sum() > 20
        outside = changed.copy()
        outside[max(0, y0 - 2) : y1 + 2, max(0, x0 - 2) : x1 + 2] = False
        assert not outside.any(), result.params["object"]
        assert np.all(result.image[changed] >= radiograph[changed])  # radiopaque: only brighter


def test_annotation_lies_over_the_stated_lung(radiograph):
    height, width = radiograph.shape
    for seed in range(6):
        result = faults.marker_annotation(radiograph, rng(seed), 0.5)
        x0, y0, x1, y1 = result.params["regions"][0]
        centre = (x0 + x1) / 2
        if result.params["over"] == "right_lung":  # patient's right = image left
            assert centre < width / 2
        else:
            assert centre > width / 2
        assert 0.2 * height < (y0 + y1) / 2 < 0.7 * height


def test_ecg_lead_trap_is_thin_and_faint(radiograph):
    result = faults.ecg_leads(radiograph, rng())
    changed = np.abs(result.image - radiograph) > 1e-6
    assert 0 < changed.mean() < 0.03
    assert result.params["trap"] == "ecg_leads"


# --- generator --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_source(tmp_path_factory):
    """A source folder with four of the real images (three patients) and their judgements."""
    root = tmp_path_factory.mktemp("source")
    (root / "mhh-covid19" / "png").mkdir(parents=True)
    with (DEFAULT_SOURCE_DIR / "mhh-covid19" / "data.csv").open() as handle:
        rows = [row for row in csv.DictReader(handle) if row["image_id"] in SOME_IMAGES]
    with (root / "mhh-covid19" / "data.csv").open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    for image_id in SOME_IMAGES:
        shutil.copy(DEFAULT_SOURCE_DIR / "mhh-covid19" / "png" / f"{image_id}.png", root / "mhh-covid19" / "png")
    with (DEFAULT_SOURCE_DIR / "judgements.csv").open() as handle:
        lines = [line for line in handle if line.startswith("file,") or any(i in line for i in SOME_IMAGES)]
    (root / "judgements.csv").write_text("".join(lines))
    return root


def tree_digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_synthesize_is_deterministic_byte_for_byte(small_source, tmp_path):
    first = synthesize(7, tmp_path / "one", small_source)
    second = synthesize(7, tmp_path / "two", small_source)
    assert first == second
    assert tree_digest(tmp_path / "one") == tree_digest(tmp_path / "two")
    synthesize(8, tmp_path / "three", small_source)
    assert tree_digest(tmp_path / "one") != tree_digest(tmp_path / "three")
    cases = sum(split["cases"] for split in first["splits"].values())
    assert cases == 2 * len(SOME_IMAGES)


def test_rerunning_replaces_the_previous_output(small_source, tmp_path):
    synthesize(1, tmp_path, small_source)
    synthesize(2, tmp_path, small_source)
    for split in ("dev", "test"):
        listed = {json.loads(line)["image_path"] for line in (tmp_path / split / "manifest.jsonl").read_text().splitlines()}
        on_disk = {f"images/{p.name}" for p in (tmp_path / split / "images").iterdir()}
        assert listed == on_disk


def test_generated_cases_load_and_label_only_judged_criteria(small_source, tmp_path):
    synthesize(3, tmp_path, small_source)
    sources = {s.image_id: s for s in load_sources(small_source)}
    for split in ("dev", "test"):
        if not (tmp_path / split / "manifest.jsonl").read_text().strip():
            continue
        dataset = load_dataset(tmp_path / split)
        assert not dataset.errors
        for case in dataset.cases:
            judged = set(case.meta["judged_criteria"])
            simulated = set(case.meta["simulated"])
            assert {label.error_type for label in case.labels} <= judged
            assert simulated <= {label.error_type for label in case.labels}
            if simulated:
                assert not judged & set(ANATOMY_CRITERIA)
            else:
                source = sources[case.case_id.rsplit("-", 1)[0]]
                assert judged == set(source.judgements)


# --- the committed datasets -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def committed():
    return {split: load_dataset(REPO_DATA / split) for split in ("dev", "test")}


def test_committed_splits_load_cleanly_and_never_share_a_patient(committed):
    patients = {}
    for split, dataset in committed.items():
        assert not dataset.errors and len(dataset.cases) > 50
        patients[split] = {case.meta["patient_id"] for case in dataset.cases}
        assert all(case.view in ("AP", "PA") and case.patient is not None for case in dataset.cases)
    assert not patients["dev"] & patients["test"]


def test_committed_labels_speak_only_for_judged_criteria(committed):
    for dataset in committed.values():
        for case in dataset.cases:
            types = [label.error_type for label in case.labels]
            assert set(types) <= set(case.meta["judged_criteria"])
            assert set(case.meta["simulated"]) <= set(types)
            assert len(types) == len(set(types))


def test_every_simulable_criterion_has_positives_and_untouched_cases_exist(committed):
    for dataset in committed.values():
        simulated = {criterion for case in dataset.cases for criterion in case.meta["simulated"]}
        assert simulated == set(SIMULATED_CRITERIA)
        untouched = sum(1 for case in dataset.cases if not case.meta["simulated"])
        assert 0.25 < untouched / len(dataset.cases) < 0.5


def test_judgements_refer_to_existing_source_images():
    with (DEFAULT_SOURCE_DIR / "judgements.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    assert rows and all((DEFAULT_SOURCE_DIR / row["file"]).is_file() for row in rows)
    allowed = {"", "0", "1"}
    assert all(row[c] in allowed for row in rows for c in SIMULATED_CRITERIA + ANATOMY_CRITERIA)


def test_an_empty_source_folder_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="no source radiographs"):
        synthesize(0, tmp_path / "out", tmp_path)


def test_a_folder_that_is_not_a_dataset_is_never_replaced(small_source, tmp_path):
    (tmp_path / "dev").mkdir()
    (tmp_path / "dev" / "precious.txt").write_text("keep me")
    with pytest.raises(FileExistsError):
        synthesize(0, tmp_path, small_source)
    assert (tmp_path / "dev" / "precious.txt").read_text() == "keep me"


def test_fitting_extras_are_unlabelled_dev_patients_images_used_nowhere_else(committed):
    """train-extra widens the fit with more ordinary films; it must never carry a test patient, nor an
    image that a dev, test or holdout case is made from."""
    extra = load_dataset(REPO_DATA / "train-extra")
    holdout = load_dataset(REPO_DATA / "holdout")
    assert not extra.errors and len(extra.cases) >= 50
    assert all(case.labels is None and not case.meta["synthetic"] for case in extra.cases)
    dev_patients = {case.meta["patient_id"] for case in committed["dev"].cases}
    assert {case.meta["patient_id"] for case in extra.cases} <= dev_patients
    evaluated = {case.meta["source_image"] for dataset in (*committed.values(), holdout) for case in dataset.cases}
    assert not {case.meta["source_image"] for case in extra.cases} & evaluated
