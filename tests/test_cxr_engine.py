"""The offline chest X-ray auditor end to end on repository radiographs and simple transformations."""

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from radqc.agents.base import AuditContext, RetrievedCase
from radqc.agents.cxr.decide import WRONG_SIDE_CONFIDENCE, CriterionModel, DecisionModel, confidences, load_model, with_rules
from radqc.agents.cxr.engine import CxrRulesAuditor, merge_header_findings
from radqc.agents.cxr.image_io import load_radiograph
from radqc.agents.cxr.knn import NEAR, VOTE_WEIGHT, blend_with_past_cases
from radqc.agents.cxr.overlay import draw_overlay
from radqc.schemas import Case, Finding
from radqc.taxonomy import error_types

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "data" / "samples" / "images" / "00000013_003.png"
DICOM = REPO / "tests" / "fixtures" / "dicom" / "nih_siim_chest_pa_mono2.dcm"


def _case(path: Path, view: str | None = None) -> Case:
    return Case(case_id="c1", modality="cxr", image_path=path.name, image_file=str(path), view=view)


def _audit(path: Path) -> dict[str, Finding]:
    output = CxrRulesAuditor().audit(_case(path), AuditContext())
    return {f.error_type: f for f in output.findings}


@pytest.fixture(scope="module")
def sample_pixels() -> np.ndarray:
    return np.asarray(Image.open(SAMPLE).convert("L"))


def _save(tmp_path: Path, name: str, pixels: np.ndarray) -> Path:
    path = tmp_path / name
    Image.fromarray(np.ascontiguousarray(pixels)).save(path)
    return path


def test_model_covers_the_simulable_criteria_and_only_known_types():
    criteria = load_model().criteria
    assert set(criteria) <= set(error_types("cxr"))
    for criterion in ("underexposure", "overexposure", "lung_field_cutoff", "collimation_centering",
                      "motion_blur", "foreign_object", "marker_annotation", "orientation_photometric"):
        assert criterion in criteria


def test_clean_real_image_has_no_orientation_finding():
    findings = _audit(SAMPLE)
    assert "orientation_photometric" not in findings or findings["orientation_photometric"].confidence < 0.5


WRONG_DISPLAYS = {"inverted": lambda a: 255 - a, "upside_down": lambda a: a[::-1], "turned": lambda a: np.rot90(a)}


@pytest.mark.parametrize("image", ["00000001_000.png", "00000013_003.png"])
@pytest.mark.parametrize("display", list(WRONG_DISPLAYS))
def test_inverted_or_turned_image_is_flagged(tmp_path, image, display):
    pixels = np.asarray(Image.open(SAMPLE.with_name(image)).convert("L"))
    findings = _audit(_save(tmp_path, "wrong.png", WRONG_DISPLAYS[display](pixels)))
    finding = findings["orientation_photometric"]
    assert finding.confidence >= 0.5
    assert finding.source == "cxr-rules" and finding.evidence and finding.measurements
    assert finding.region is not None and len(finding.region) == 4


def test_metal_buttons_are_flagged_but_an_ecg_lead_is_not(tmp_path, sample_pixels):
    """A row of coat buttons, not one: a single button is only a weak candidate, because real bedside
    films carry ECG electrodes of the same size and density (see the report on foreign_object)."""
    height, width = sample_pixels.shape
    with_lead = Image.fromarray(sample_pixels.copy())
    ImageDraw.Draw(with_lead).line([(width * 0.3, height * 0.2), (width * 0.45, height * 0.8)], fill=255, width=3)
    with_buttons = Image.fromarray(sample_pixels.copy())
    cx, r = int(width * 0.35), max(8, width // 40)
    for cy in (int(height * 0.4), int(height * 0.5), int(height * 0.6)):
        ImageDraw.Draw(with_buttons).ellipse([cx - r, cy - r, cx + r, cy + r], fill=255)
    lead = _audit(_save(tmp_path, "lead.png", np.asarray(with_lead))).get("foreign_object")
    buttons = _audit(_save(tmp_path, "buttons.png", np.asarray(with_buttons)))["foreign_object"]
    assert lead is None or lead.confidence < 0.5
    assert buttons.confidence >= 0.5
    x0, y0, x1, y1 = buttons.region  # original pixel coordinates around a button
    assert x0 <= cx <= x1 and y0 <= int(height * 0.6) + r and y1 >= int(height * 0.4) - r


def test_unreadable_file_degrades_instead_of_crashing(tmp_path):
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n not really")
    output = CxrRulesAuditor().audit(_case(bad), AuditContext())
    assert output.degraded and output.findings == []


def test_dicom_is_audited_and_reports_features_and_view():
    output = CxrRulesAuditor().audit(_case(DICOM, view="AP"), AuditContext())
    assert output.degraded is None
    assert output.usage["effective_view"] == "PA"  # the header's ViewPosition wins
    assert "orientation_margin" in output.usage["features"]
    assert "orientation_photometric" not in {f.error_type for f in output.findings if f.confidence >= 0.5}


def test_header_finding_strengthens_the_image_finding_of_the_same_type():
    image = Finding(error_type="underexposure", confidence=0.4, region=[0, 0, 10, 10], measurements={"noise": 0.1})
    header = Finding(error_type="underexposure", confidence=0.9, explanation="DI -4", measurements={"deviation_index": -4})
    other = Finding(error_type="overexposure", confidence=0.6)
    merged = {f.error_type: f for f in merge_header_findings([image], [header, other], [0, 0, 100, 100])}
    assert merged["underexposure"].confidence == 0.9
    assert merged["underexposure"].measurements == {"noise": 0.1, "deviation_index": -4}
    assert merged["overexposure"].region == [0, 0, 100, 100]


def test_past_cases_vote_moves_confidence_towards_confirmed_faults():
    features = {"a": 1.0, "b": 0.0}
    near = [RetrievedCase(case_id=f"p{i}", modality="cxr", features={"a": 1.0, "b": 0.1},
                          findings=[Finding(error_type="motion_blur")]) for i in range(5)]
    scores, votes = blend_with_past_cases({"motion_blur": 0.2, "rotation": 0.2}, features, near)
    assert votes == {"motion_blur": 1.0, "rotation": 0.0}
    assert scores["motion_blur"] > 0.2 > scores["rotation"]
    assert blend_with_past_cases({"motion_blur": 0.2}, features, []) == ({"motion_blur": 0.2}, {})


def test_overlay_draws_regions_on_a_png(tmp_path):
    finding = Finding(error_type="foreign_object", confidence=0.9, region=[100, 100, 300, 300])
    out = draw_overlay(SAMPLE, [finding], tmp_path / "overlay.png")
    drawn = np.asarray(Image.open(out).convert("RGB"))
    scale = load_radiograph(SAMPLE, max_side=1024).scale
    assert drawn.shape[:2] == load_radiograph(SAMPLE, max_side=1024).pixels.shape
    x0, y0 = int(100 / scale), int(200 / scale)
    assert tuple(drawn[y0, x0 + 1]) != tuple(drawn[y0, x0 + 1][[0, 0, 0]])  # a coloured outline pixel


@pytest.mark.parametrize("pixels", [np.zeros((4, 4), np.uint8), np.full((300, 200), 255, np.uint8),
                                    np.random.default_rng(0).integers(0, 256, (64, 900), dtype=np.uint8)])
def test_degenerate_images_do_not_crash(tmp_path, pixels):
    output = CxrRulesAuditor().audit(_case(_save(tmp_path, "odd.png", pixels)), AuditContext())
    assert all(0.0 <= f.confidence <= 1.0 and f.region is not None for f in output.findings)
    if min(pixels.shape) < 64 or max(pixels.shape) / min(pixels.shape) > 8:
        assert output.degraded and "too small" in output.degraded


def test_unknown_option_is_rejected():
    with pytest.raises(ValueError, match="unknown cxr-rules option"):
        CxrRulesAuditor(workingside=256)


def test_past_case_distance_uses_each_features_spread():
    blurred = Finding(error_type="motion_blur")
    # Close on the fine feature but far in raw units on the widely spread one, and the reverse.
    similar = [RetrievedCase(case_id=f"s{i}", modality="cxr", features={"fine": 0.005, "wide": 30.0}, findings=[blurred])
               for i in range(5)]
    different = [RetrievedCase(case_id=f"d{i}", modality="cxr", features={"fine": 0.9, "wide": 10.0}) for i in range(5)]
    _, votes = blend_with_past_cases({"motion_blur": 0.5}, {"fine": 0.0, "wide": 10.0}, similar + different,
                                     scales={"fine": 0.05, "wide": 100.0})
    assert votes["motion_blur"] == 1.0


def test_only_near_copies_vote_and_the_nearest_weighs_most():
    blurred, clean = [Finding(error_type="motion_blur")], []
    far = [RetrievedCase(case_id="far", modality="cxr", features={"a": 1.0 + NEAR * 1.5}, findings=blurred)]
    assert blend_with_past_cases({"motion_blur": 0.2}, {"a": 1.0}, far) == ({"motion_blur": 0.2}, {})
    copy = RetrievedCase(case_id="copy", modality="cxr", features={"a": 1.0}, findings=blurred)
    edge = RetrievedCase(case_id="edge", modality="cxr", features={"a": 1.0 + NEAR * 0.75}, findings=clean)
    scores, votes = blend_with_past_cases({"motion_blur": 0.2}, {"a": 1.0}, [edge, copy])
    assert votes == {"motion_blur": 0.8}  # closeness 1 for the copy, 0.25 for the one near the edge
    assert scores["motion_blur"] == round((1 - VOTE_WEIGHT) * 0.2 + VOTE_WEIGHT * 0.8, 4)


def test_a_fault_of_several_kinds_is_as_likely_as_its_likeliest_kind():
    turned = CriterionModel(features=["orientation_margin"], mean=[0.0], scale=[1.0], coef=[-2.0], intercept=0.0)
    mirrored = CriterionModel(features=["mirror_margin"], mean=[0.0], scale=[1.0], coef=[-2.0], intercept=0.0)
    either = CriterionModel(features=["orientation_margin", "mirror_margin"], kinds={"turned": turned, "mirrored": mirrored})
    upright_mirrored = {"orientation_margin": 2.0, "mirror_margin": -2.0}
    assert either.confidence(upright_mirrored) == mirrored.confidence(upright_mirrored) > 0.9
    assert either.confidence({"orientation_margin": 2.0, "mirror_margin": 2.0}) < 0.1


def test_cut_off_is_not_judged_on_a_film_that_looks_turned_but_is_on_a_mirrored_one():
    turned = CriterionModel(features=["orientation_margin"], mean=[0.0], scale=[1.0], coef=[-2.0], intercept=0.0)
    mirrored = CriterionModel(features=["mirror_margin"], mean=[0.0], scale=[1.0], coef=[-2.0], intercept=0.0)
    model = DecisionModel(criteria={
        "orientation_photometric": CriterionModel(features=[], kinds={"turned": turned, "mirrored": mirrored}),
        "lung_field_cutoff": CriterionModel(features=["cut_gain"], mean=[0.0], scale=[1.0], coef=[2.0]),
        "motion_blur": CriterionModel(features=["cut_gain"], mean=[0.0], scale=[1.0], coef=[2.0]),
    })
    cut = {"cut_gain": 2.0, "mirror_margin": 2.0}
    assert confidences({**cut, "orientation_margin": 2.0}, model)["lung_field_cutoff"] > 0.9
    on_turned = confidences({**cut, "orientation_margin": -2.0}, model)
    assert on_turned["lung_field_cutoff"] == 0.0 and on_turned["motion_blur"] > 0.9
    on_mirrored = confidences({**cut, "orientation_margin": 2.0, "mirror_margin": -2.0}, model)
    assert on_mirrored["orientation_photometric"] > 0.9 and on_mirrored["lung_field_cutoff"] > 0.9


def test_an_ap_film_is_judged_more_leniently_on_inspiration_only():
    model = load_model()
    short_lungs = {"lung_aspect": 0.72, "cut_gain": 0.3, "lung_at_max": 0.5}
    on_pa, on_ap, unknown = (confidences(short_lungs, model, view) for view in ("PA", "AP", None))
    assert on_ap["inadequate_inspiration"] < on_pa["inadequate_inspiration"]
    assert unknown == on_pa
    assert {k: v for k, v in on_ap.items() if k != "inadequate_inspiration"} == {
        k: v for k, v in on_pa.items() if k != "inadequate_inspiration"
    }


def test_a_film_declared_ap_is_judged_more_leniently_on_inspiration(tmp_path, sample_pixels):
    """The sample squashed until its lungs look short enough for an inspiration candidate on a PA
    film: the same film declared AP gets a lower confidence (or none)."""
    def inspiration(path: Path, view: str) -> float:
        output = CxrRulesAuditor().audit(_case(path, view=view), AuditContext())
        assert output.usage["effective_view"] == view
        found = [f for f in output.findings if f.error_type == "inadequate_inspiration"]
        assert all(("AP film" in f.evidence) == (view == "AP") for f in found)
        return max((f.confidence for f in found), default=0.0)

    image = Image.fromarray(sample_pixels)
    for squash in np.linspace(0.95, 0.6, 15):
        path = tmp_path / f"squashed-{squash:.3f}.png"
        image.resize((image.width, int(image.height * squash))).save(path)
        on_pa = inspiration(path, "PA")
        if on_pa > 0:
            assert inspiration(path, "AP") < on_pa
            return
    pytest.fail("no squash of the sample drew an inspiration candidate")


def test_an_inspiration_finding_on_an_ap_film_says_how_leniently_it_was_judged():
    from radqc.agents.cxr.explain import describe_finding
    from radqc.agents.cxr.features import Measurements

    lungs = np.zeros((64, 64), bool)
    lungs[10:40, 8:56] = True

    def evidence(view: str) -> str:
        measured = Measurements(features={"lung_aspect": 0.62}, lungs=lungs, lung_box=(8, 10, 56, 40), notes={"view": view})
        return describe_finding("inadequate_inspiration", measured)[0]

    assert "0.62" in evidence("AP") and "AP film" in evidence("AP")
    assert "AP film" not in evidence("PA") and "AP film" not in evidence("")


@pytest.mark.parametrize("count", [0, 1, 2])
def test_radiograph_evidence_counts_in_words_and_every_finding_says_what_to_do(count):
    """Evidence read "1 small sharp details" and "1 compact radiopaque object(s)"; only orientation said
    what to do. The numbers are the measurements' own, only their words changed."""
    from radqc.agents.cxr.explain import describe_finding
    from radqc.agents.cxr.features import Measurements
    from radqc.plural import counted

    lungs = np.zeros((64, 64), bool)
    lungs[10:40, 8:56] = True
    features = {"faint_annotation_glyphs": count, "object_count": count, "annotation_line": count, "display_margin": -0.3,
                "field_orientation_margin": -0.5, "noise": 0.1, "film_noise": 0.1, "dense_white": 0.1, "lung_at_floor": 0.1,
                "film_lung_level": 0.2, "cut_gain": 0.1, "frame_aspect": 1.2, "field_fraction": 0.9, "field_offset": 0.1, "lung_box_fraction": 0.5,
                **{f"lung_at_{side}": 0.5 for side in ("top", "bottom", "left", "right")}}
    measured = Measurements(features=features, lungs=lungs, lung_box=(8, 10, 56, 40), notes={"view": "PA", "film_aspect": 1.2})
    described = {criterion: describe_finding(criterion, measured)[:2] for criterion in load_model().criteria}
    assert counted(count, "small sharp detail") + " over the lungs" in described["motion_blur"][0]
    assert counted(count, "compact radiopaque object") + " over the chest" in described["foreign_object"][0]
    assert counted(count, "letter-sized ink mark") + " in one row" in described["marker_annotation"][0]
    assert not [text for pair in described.values() for text in pair if "(s)" in text or " 1 small sharp details" in text]
    assert [c for c, (_, explanation) in described.items() if "What to do: " not in explanation] == []


def test_the_shipped_orientation_model_has_a_turned_and_a_mirrored_kind():
    kinds = load_model().criteria["orientation_photometric"].kinds
    assert set(kinds) == {"turned", "mirrored"}
    assert "mirror_margin" in kinds["mirrored"].features and "orientation_margin" in kinds["turned"].features


def test_a_side_letter_read_the_right_way_round_weighs_against_a_mirrored_display():
    """The shipped mirrored model reads the letter's own reading beside the stem test: on the same
    measurements a letter reading the right way round makes a mirror less likely than one reading mirrored."""
    model = load_model()
    assert {"marker_chirality", "side_letter_chirality"} <= set(model.criteria["orientation_photometric"].kinds["mirrored"].features)
    film = {"orientation_margin": 2.0, "field_orientation_margin": 2.0, "mirror_margin": 0.0, "heart_side": 0.0, "marker_chirality": 0.0}
    right_way = confidences({**film, "side_letter_chirality": 1.0}, model)["orientation_photometric"]
    mirrored = confidences({**film, "side_letter_chirality": -1.0}, model)["orientation_photometric"]
    assert right_way < mirrored


def test_a_misplaced_marker_flags_markers_except_on_a_lateral_film():
    misplaced = {"wrong_side_marker": 1.0}
    assert with_rules("marker_annotation", 0.1, misplaced) == WRONG_SIDE_CONFIDENCE
    assert with_rules("marker_annotation", 0.1, misplaced, view="LAT") == 0.1  # a lateral's marker names the side at the detector
    assert with_rules("marker_annotation", 0.1, {"wrong_side_marker": 0.0}) == 0.1
    assert with_rules("foreign_object", 0.1, misplaced) == 0.1


def test_the_shipped_marker_model_counts_glyphs_at_the_films_extreme_beside_the_plain_count():
    """Beside the plain faint glyph count, which also reads exposure (a burnt-out film's anatomy passes
    the faint step), the marker model reads the glyphs at the film's own white or black apart."""
    features = load_model().criteria["marker_annotation"].features
    assert {"faint_annotation_glyphs", "extreme_annotation_glyphs"} <= set(features)
