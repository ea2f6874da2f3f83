"""A film cropped through the lung: its shape is no detector format (`cutoff.frame_cut`, the rule in
`decide.confidences`). Real renditions from `data/cxr/lungs` (never fitted on), cropped here."""

import math
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from radqc.agents.cxr.cutoff import DETECTOR_ASPECT, frame_cut
from radqc.agents.cxr.decide import FRAME_CUT_CONFIDENCE, confidences, cropped_through_lung
from radqc.agents.cxr.explain import cut_side, describe_finding
from radqc.agents.cxr.features import WORKING_SIDE, measure
from radqc.agents.cxr.image_io import load_radiograph

RENDITIONS = sorted((Path(__file__).resolve().parents[1] / "data" / "cxr" / "lungs" / "dev" / "images").glob("*.jpg"))[:10]
NO_CONTACT = {"lung_at_top": 0.0, "lung_at_bottom": 0.0, "lung_at_left": 0.0, "lung_at_right": 0.0}


@pytest.fixture(scope="module")
def films() -> list[np.ndarray]:
    return [np.asarray(load_radiograph(path, max_side=WORKING_SIDE).pixels, np.float32) for path in RENDITIONS]


def test_frame_cut_is_the_shapes_excess_over_the_formats_times_the_short_axis_contact():
    bottom = {**NO_CONTACT, "lung_at_top": 0.2, "lung_at_bottom": 0.5}
    assert frame_cut((300, 600), bottom, {}) == (round(math.log(2.0 / DETECTOR_ASPECT[1]) * 0.5, 4), "bottom")
    assert frame_cut((600, 300), {**NO_CONTACT, "lung_at_left": 0.4}, {}) == (round(math.log(DETECTOR_ASPECT[0] / 0.5) * 0.4, 4), "left")
    assert frame_cut((430, 350), {side: 1.0 for side in NO_CONTACT}, {})[0] == 0.0  # a 35 x 43 cm detector
    assert frame_cut((300, 600), {**NO_CONTACT, "lung_at_left": 0.9}, {})[0] == 0.0  # wide, but lung at the long axis
    assert frame_cut((300, 600), bottom, {"bottom": 20}) == (round(math.log(2.0 / DETECTOR_ASPECT[1]) * 0.2, 4), "top")  # a canvas below


def test_a_film_cropped_through_its_lungs_is_called_cut_off_and_says_why(films):
    untouched = [measure(film).features for film in films]
    cropped = [measure(film[: int(0.6 * film.shape[0])]) for film in films]  # the bases cut off
    assert not any(cropped_through_lung(f) for f in untouched)
    flagged = [m for m in cropped if cropped_through_lung(m.features)]
    assert len(flagged) >= 8
    assert all(confidences(m.features)["lung_field_cutoff"] >= FRAME_CUT_CONFIDENCE for m in flagged)
    for measured in flagged:
        evidence, explanation, region = describe_finding("lung_field_cutoff", measured)
        assert "no detector format" in evidence and "bottom edge" in explanation
        assert region[1] >= measured.lungs.shape[0] - 8  # the strip along the cut edge


def test_lung_meeting_a_flat_band_is_not_judged_by_the_frame(films):
    """A film on a canvas (a collimation fault's shape, or a crop padded back): the lung meets the
    bands, not the image's edges, so the image's shape says nothing of a crop."""
    narrowed = [film[:, int(0.4 * film.shape[1]) :] for film in films]  # the right lung cut away
    fired = [film for film in narrowed if cropped_through_lung(measure(film).features)]
    assert len(fired) >= 4
    for film in fired:
        height, width = film.shape
        banded = np.concatenate([np.zeros((height, width // 10), np.float32), film, np.ones((height, width // 20), np.float32)], axis=1)
        features = measure(banded).features
        assert features["frame_aspect"] < DETECTOR_ASPECT[0] and max(features["lung_at_left"], features["lung_at_right"]) > 0.0
        assert features["frame_cut"] == 0.0


def test_a_film_cropped_at_a_side_has_its_cut_drawn_on_that_side(films):
    """A film too tall for any detector format lost width: its cut is on the left or the right, whichever the
    framing comparison names, even where the lung mask touches the top (it leaks into the air above the shoulders)."""
    for film in films:
        width = film.shape[1]
        for side, kept in (("right", film[:, : int(0.7 * width)]), ("left", film[:, int(0.3 * width) :])):
            measured = measure(kept)
            _, explanation, region = describe_finding("lung_field_cutoff", measured)
            assert f"at the {side} edge" in explanation
            assert (region[0] >= kept.shape[1] - 8) if side == "right" else (region[2] <= 8)
            assert region[1] == 0 and region[3] == kept.shape[0]  # the whole side, not a strip along the top



def test_the_cut_side_stays_on_the_axis_the_images_shape_lost():
    """Out of every detector format the shape names the axis (framing's side when on it, else the axis's side
    the lung touches most); within the formats it names none, and the lung's edge stands (the clean guard)."""
    def side(aspect, framing, frame_side, edge, contact=NO_CONTACT):
        measured = SimpleNamespace(notes={"film_aspect": aspect, "cut_side": framing, "frame_cut_side": frame_side}, features=contact)
        return cut_side(measured, edge)

    assert side(0.6, "right", "left", "top") == "right"
    assert side(0.6, "bottom", "left", "top") == "left"
    assert side(1.6, "left", "bottom", "top") == "bottom"
    assert side(1.0, "right", "left", "top") == "top"  # a detector's shape: the top edge the lung runs into
    assert side(1.0, "right", "left", "left") == "right"  # left and right: the framing comparison's side, as before
    # Within the formats, the top edge the lung mask leaks into gives way to a side edge the framing comparison names
    # and the lung runs into more than the other; not to one without lung at it, nor to the framing comparison alone.
    at_right = {**NO_CONTACT, "lung_at_top": 0.3, "lung_at_right": 0.1}
    assert side(0.75, "right", "right", "top", at_right) == "right"
    assert side(0.75, "right", "right", "top", {**at_right, "lung_at_right": 0.0}) == "top"
    assert side(0.75, "right", "left", "top", at_right) == "top"
    assert side(1.2, "right", "top", "top", at_right) == "top"  # a film wider than high: the frame's side is the top or bottom
    assert side(1.2, "right", "right", "top", at_right) == "top"  # so too on a canvas that makes the image taller than wide
    assert side(0.75, "right", "right", "bottom", at_right) == "bottom"  # the bottom edge leaks into no air


def test_a_cut_off_finding_finds_the_lungs_edge_once(films, monkeypatch):
    """Its words and its side share one reading of the edge the lung runs into."""
    from radqc.agents.cxr import explain

    calls = []
    original = explain._lung_edge
    monkeypatch.setattr(explain, "_lung_edge", lambda measured: calls.append(1) or original(measured))
    describe_finding("lung_field_cutoff", measure(films[0][: int(0.6 * films[0].shape[0])]))
    assert len(calls) == 1


def test_a_canvas_does_not_move_the_cut_to_the_other_axis(films):
    """A film cut off at its bases and put on a flat canvas that makes the image too tall for any detector: the canvas
    says nothing of a crop, so the film's own shape (inside it) stands, and the cut is drawn on the axis it is drawn on
    without the canvas."""
    axis = {"top": "vertical", "bottom": "vertical", "left": "horizontal", "right": "horizontal"}
    for film in films:
        height, width = film.shape
        cut = film[: int(0.75 * height)]
        padded = np.vstack([np.zeros((int(width / 0.667) - cut.shape[0], width), np.float32), cut])
        measured = measure(padded)
        assert measured.notes["film_aspect"] == pytest.approx(width / cut.shape[0], abs=0.01)
        alone = describe_finding("lung_field_cutoff", measure(cut))[1]
        on_canvas = describe_finding("lung_field_cutoff", measured)[1]
        sides = [next(s for s in axis if f"at the {s} edge" in text) for text in (alone, on_canvas)]
        assert axis[sides[0]] == axis[sides[1]]


@pytest.mark.parametrize("cut", ["right", "left"])
def test_a_film_cropped_on_a_side_within_the_detector_formats_has_its_cut_drawn_on_that_side_not_the_top(repo_root, tmp_path, cut):
    """Square films losing a quarter of their width on one side (0.75 as wide as high, a detector's shape) had their
    cut-off region drawn along the top whenever their lung mask leaked into the air above the shoulders, though the
    framing comparison named the cut side. Of the films whose lung runs into the top edge, some are now drawn on the
    side they were cut on, and none is drawn on the side they kept."""
    from PIL import Image

    from radqc.agents.cxr.explain import _lung_edge

    drawn = []  # the edge the region is drawn along, for each film whose lung runs into the top edge
    for path in sorted((repo_root / "data" / "cxr" / "lungs" / "dev" / "images").glob("*.jpg")):
        film = Image.open(path)
        width = int(0.75 * film.width)
        cropped = tmp_path / path.with_suffix(".png").name
        film.crop((0, 0, width, film.height) if cut == "right" else (film.width - width, 0, film.width, film.height)).save(cropped)
        measured = measure(np.asarray(load_radiograph(cropped, max_side=WORKING_SIDE).pixels, np.float32))
        if _lung_edge(measured) == "top":  # the edge the region was drawn along before
            width = measured.lungs.shape[1]
            x0, y0, x1, y1 = describe_finding("lung_field_cutoff", measured)[2]
            drawn.append("top" if (y0, y1) == (0, 8) else "left" if (x0, x1) == (0, 8) else
                         "right" if (x0, x1) == (width - 8, width) else "bottom")
    kept_side = {"right": "left", "left": "right"}[cut]
    assert cut in drawn and kept_side not in drawn, drawn
