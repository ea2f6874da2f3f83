"""The chest X-ray measurements on small synthetic arrays and a repository radiograph."""

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont
from scipy import ndimage as ndi

from radqc.agents.cxr.cutoff import exposed_field
from radqc.agents.cxr.exposure import noise_sigma
from radqc.agents.cxr.features import _letter_of, measure
from radqc.agents.cxr.image_io import load_radiograph
from radqc.agents.cxr.field import background_margins, background_mask, border_contact, padding
from radqc.agents.cxr.framing import framing_scores, template_framings
from radqc.agents.cxr.lungs import lung_mask, otsu_threshold
from radqc.agents.cxr.markers import marker_chirality, marker_glyphs, misplaced_side_marker, side_letter_chirality
from radqc.agents.cxr.objects import compact_objects, edge_steepness
from radqc.agents.cxr.orientation import TEMPLATE_SIDE, field_orientation_margin, normalised_thumbnail, orientation_scores
from radqc.agents.cxr.sharpness import (
    FIELD_EDGE_MARGIN,
    edge_anisotropy,
    fine_derivatives,
    ghost_peak,
    gradient_magnitudes,
    half_peak_ratios,
    lower_ghost_peak,
    sharpness_ratios,
    sharpness_stats,
)


def _texture(shape=(128, 128), seed=0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return ndi.gaussian_filter(rng.random(shape), 1.5).astype(np.float32)


def test_otsu_splits_two_populations():
    values = np.concatenate([np.full(500, 0.2), np.full(500, 0.8)])
    assert 0.2 < otsu_threshold(values) < 0.8


def test_orientation_margin_positive_only_for_correct_display(chest):
    def margin(image):
        return orientation_scores(normalised_thumbnail(image, TEMPLATE_SIDE))["orientation_margin"]

    assert margin(chest) > 0.1
    for wrong in (1.0 - chest, chest[::-1], np.rot90(chest), np.rot90(chest, 3), chest[::-1, ::-1]):
        assert margin(np.ascontiguousarray(wrong)) < 0


def test_a_thorax_pushed_to_one_side_of_a_wide_field_is_still_the_right_way_up(chest):
    height, width = chest.shape
    field = np.full((height, int(width * 1.4)), float(np.percentile(chest, 1)), np.float32)
    field[:, -width:] = chest  # the thorax at the right of a field 40 % too wide

    def margins(image, framings):
        scores = orientation_scores(normalised_thumbnail(np.ascontiguousarray(image), TEMPLATE_SIDE), framings=framings)
        return scores["orientation_margin"], scores["mirror_margin"]

    plain, framed = margins(field, None), margins(field, template_framings())
    assert plain[1] < 0 < framed[1]  # the plain template took it for a mirrored film
    assert framed[0] > plain[0] > 0
    assert margins(np.rot90(field), template_framings())[0] < 0 and margins(field[::-1], template_framings())[0] < 0


def test_the_exposed_field_alone_tells_a_turned_film_from_a_badly_collimated_one(chest):
    height, width = chest.shape
    rng = np.random.default_rng(0)
    # The thorax at the left of a field 60 % too wide, under a bright shutter strip: open detector
    # (dark, faintly noisy) and shutter shadow (flat white) are no anatomy.
    field = (np.percentile(chest, 1) + rng.normal(0, 0.004, (height + 60, int(width * 1.6)))).astype(np.float32)
    field[:60] = 0.95
    field[60:, :width] = chest
    assert abs(exposed_field(field).shape[1] - width) < 0.05 * width
    assert abs(exposed_field(field).shape[0] - height) < 0.05 * height

    def margin(image):
        return field_orientation_margin(normalised_thumbnail(exposed_field(np.ascontiguousarray(image)), TEMPLATE_SIDE))

    assert orientation_scores(normalised_thumbnail(field, TEMPLATE_SIDE))["orientation_margin"] < 0  # looks turned whole
    assert margin(field) > 0.1
    for wrong in (1.0 - field, field[::-1], np.rot90(field), np.rot90(field, 3)):
        assert margin(wrong) < 0


def test_thumbnail_of_an_image_smaller_than_the_thumbnail_is_finite():
    small = _texture((21, 40))
    thumb = normalised_thumbnail(small, TEMPLATE_SIDE)
    assert thumb.shape == (TEMPLATE_SIDE, TEMPLATE_SIDE) and np.isfinite(thumb).all()


def test_cut_gain_reads_the_exposed_field_not_its_empty_margins(chest):
    height, width = chest.shape
    rng = np.random.default_rng(0)

    def in_wide_field(image):  # the film inside an open-detector field 40 % larger each way
        field = (np.percentile(chest, 1) + rng.normal(0, 0.004, (int(height * 1.4), int(width * 1.4)))).astype(np.float32)
        field[40 : 40 + image.shape[0], 60 : 60 + image.shape[1]] = image
        return field

    wide = in_wide_field(chest)
    assert framing_scores(normalised_thumbnail(wide, TEMPLATE_SIDE))["features"]["cut_gain"] > 0.1  # whole image: looks cut
    assert measure(wide).features["cut_gain"] < 0.05
    cut = measure(in_wide_field(chest[: int(height * 0.65)]))
    assert cut.features["cut_gain"] > 0.15 and cut.notes["cut_side"] == "bottom"


def test_framing_prefers_a_cut_template_for_a_cropped_image(chest):
    height = chest.shape[0]
    as_is = framing_scores(normalised_thumbnail(chest, TEMPLATE_SIDE))
    cropped = framing_scores(normalised_thumbnail(chest[: int(height * 0.7)], TEMPLATE_SIDE))
    assert cropped["features"]["cut_gain"] > as_is["features"]["cut_gain"]
    assert cropped["cut_side"] == "bottom"


def test_lung_mask_finds_two_dark_fields(chest):
    lungs = lung_mask(chest)
    height, width = chest.shape
    assert 0.1 < lungs.mean() < 0.6
    assert lungs[:, : width // 2].sum() > 0 and lungs[:, width // 2 :].sum() > 0


def test_lung_mask_of_a_thorax_in_a_wide_empty_field_matches_the_film_itself(chest):
    """A collimation fault (the chest shrunk into a field of exposed detector, off-centre) must not
    change what is lung: both lungs are found, inside the thorax, covering as much of it as on the
    film itself. A threshold taken over the whole image's centre found about half of it."""
    height, width = chest.shape
    small = np.asarray(Image.fromarray(chest).resize((width // 2, height // 2), Image.Resampling.BILINEAR))
    field = np.full(chest.shape, 0.02, dtype=np.float32)
    top, left = (height - small.shape[0]) // 2, (width - small.shape[1]) // 3
    field[top : top + small.shape[0], left : left + small.shape[1]] = small
    lungs = lung_mask(field, background_mask(field))
    in_thorax = lungs[top : top + small.shape[0], left : left + small.shape[1]]
    reference = lung_mask(chest, background_mask(chest)).mean()
    assert 0.75 * reference < in_thorax.mean() < 1.35 * reference
    assert in_thorax.sum() > 0.95 * lungs.sum()
    half = small.shape[1] // 2
    assert in_thorax[:, :half].sum() > 0 and in_thorax[:, half:].sum() > 0


def test_background_and_margins_of_a_padded_field(chest):
    padded = np.full((800, 800), 0.02, dtype=np.float32)
    padded[150:662, 150:662] = np.clip(chest + 0.1, 0, 1)
    margins = background_margins(background_mask(padded))
    assert margins["background_fraction"] > 0.4
    assert margins["empty_margin_sum"] > 0.6
    assert margins["empty_margin_imbalance"] < 0.05
    assert background_margins(background_mask(chest))["empty_margin_sum"] < 0.3


def test_padding_is_letterbox_bars_or_a_thin_frame_of_uniform_bars(chest):
    def padded(top=0, bottom=0, left=0, right=0, level=0.0):
        return np.pad(chest, ((top, bottom), (left, right)), constant_values=level)

    assert padding(padded(top=60, bottom=60)) == {"top": 60, "bottom": 60}
    assert padding(padded(left=40, right=41, level=1.0)) == {"left": 40, "right": 41}
    assert padding(padded(top=20, bottom=20, left=21, right=20)) == {"top": 20, "bottom": 20, "left": 21, "right": 20}
    assert padding(chest) == {}
    assert padding(padded(top=60, bottom=60, left=60, right=60)) == {}  # a wide field on a flat canvas
    assert padding(padded(top=60, bottom=60, left=20, right=20)) == {}
    assert padding(padded(top=20, bottom=20, left=20)) == {}  # an off-centre film
    assert padding(padded(left=80)) == {}
    assert padding(padded(left=80, right=30)) == {}
    # Exposed detector has grain: a wide field is not padding.
    grain = np.random.default_rng(0).normal(0.05, 0.008, (chest.shape[0], 60)).astype(np.float32)
    assert padding(np.hstack([grain, chest, grain])) == {}


@pytest.mark.parametrize("pad, level", [(((70, 70), (0, 0)), 0.0), (((20, 20), (20, 20)), 1.0)], ids=["letterbox", "frame"])
def test_a_padded_film_is_measured_as_the_film_and_placed_back(chest, pad, level):
    with_coin = chest.copy()
    yy, xx = np.mgrid[: chest.shape[0], : chest.shape[1]]
    with_coin[np.hypot(yy - 200, xx - 150) < 9] = 1.0
    film = measure(with_coin)
    assert film.boxes["objects"]
    boxed = measure(np.pad(with_coin, pad, constant_values=level))
    (top, bottom), (left, right) = pad
    assert boxed.features == film.features
    assert boxed.lung_box == (film.lung_box[0] + left, film.lung_box[1] + top, film.lung_box[2] + left, film.lung_box[3] + top)
    assert boxed.lungs.shape == (chest.shape[0] + top + bottom, chest.shape[1] + left + right)
    inside = boxed.lungs[top : top + chest.shape[0], left : left + chest.shape[1]]
    assert np.array_equal(inside, film.lungs) and boxed.lungs.sum() == film.lungs.sum()
    assert [(x0 - left, y0 - top, x1 - left, y1 - top) for x0, y0, x1, y1 in boxed.boxes["objects"]] == film.boxes["objects"]


def test_border_contact_reports_the_touched_side():
    lungs = np.zeros((100, 100), bool)
    lungs[60:100, 20:40] = True
    contact = border_contact(lungs)
    assert contact["lung_at_bottom"] == pytest.approx(0.2)
    assert contact["lung_at_top"] == 0.0


def test_noise_estimate_grows_with_noise():
    image = _texture()
    noisy = image + np.random.default_rng(1).normal(0, 0.05, image.shape).astype(np.float32)
    assert noise_sigma(noisy) > 3 * noise_sigma(image)


def _magnitudes(region: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return gradient_magnitudes(region, *fine_derivatives(region))


def _ratios(region: np.ndarray) -> tuple[float, float]:
    return sharpness_ratios(*_magnitudes(region))


def test_fine_gradient_is_scipys_gradient_magnitude():
    """The fine gradient is assembled from the derivatives it shares with the structure tensor."""
    image = _texture((120, 140))
    gy, gx = fine_derivatives(image)
    fine = ndi.gaussian_gradient_magnitude(image, 0.8)
    coarse = ndi.gaussian_gradient_magnitude(image, 2.5)
    mean_ratio, peak_ratio = sharpness_ratios(*gradient_magnitudes(image, gy, gx))
    assert mean_ratio == pytest.approx(float(fine.mean() / (coarse.mean() + 1e-6)), rel=1e-6)
    assert peak_ratio == pytest.approx(float(np.percentile(fine[::2, ::2], 99) / (np.percentile(coarse[::2, ::2], 99) + 1e-6)), rel=1e-6)


def test_blur_of_the_lower_chest_shows_in_the_lower_half_alone():
    """Breathing smears the diaphragm while the apices stay sharp: the lower half's peak ratio falls,
    the upper half's does not, and the whole region's falls less than the lower half's."""
    image = _texture((160, 160))
    moved = image.copy()
    moved[80:] = ndi.uniform_filter1d(image, 9, axis=0)[80:]
    upper, lower = half_peak_ratios(*_magnitudes(image))
    moved_upper, moved_lower = half_peak_ratios(*_magnitudes(moved))
    assert moved_lower < lower - 0.3
    assert moved_upper == pytest.approx(upper, abs=0.1)
    assert _ratios(image)[1] - _ratios(moved)[1] < lower - moved_lower


def test_motion_along_one_direction_raises_the_edge_anisotropy():
    image = _texture((160, 160))
    smeared = ndi.uniform_filter1d(image, 9, axis=1)
    assert edge_anisotropy(*fine_derivatives(smeared)) > edge_anisotropy(*fine_derivatives(image)) + 0.2


def test_blur_lowers_sharpness_and_a_double_contour_raises_the_ghost_peak():
    image = _texture((160, 160))
    blurred = ndi.uniform_filter1d(image, 9, axis=1)
    assert _ratios(blurred)[0] < _ratios(image)[0]
    assert _ratios(blurred)[1] < _ratios(image)[1]
    doubled = 0.5 * image + 0.5 * np.roll(image, 8, axis=1)
    assert ghost_peak(doubled) > ghost_peak(image) + 0.1


def test_a_row_of_burned_in_letters_is_no_double_contour(chest):
    """Letters repeat at their spacing like a contour doubled by motion (unmasked, this label raised the
    peak from 0.015 to 0.17); ink is left out of the search, so text over a lung leaves the peak where
    it was and a doubled film still stands out."""
    region = np.ascontiguousarray(chest[chest.shape[0] // 4 : chest.shape[0] * 3 // 4, chest.shape[1] // 4 : chest.shape[1] * 3 // 4])
    canvas = Image.fromarray((region * 255).astype(np.uint8))
    ImageDraw.Draw(canvas).text((5, region.shape[0] // 2), "ICU 14:32", fill=255, font=ImageFont.load_default(size=14))  # over the right lung
    labelled = np.asarray(canvas, np.float32) / 255
    doubled = 0.5 * region + 0.5 * np.roll(region, 6, axis=1)
    assert ghost_peak(labelled) < ghost_peak(region) + 0.02
    assert ghost_peak(doubled) > ghost_peak(labelled) + 0.1


def test_a_contour_doubled_in_the_lower_chest_alone_stands_out_in_the_lower_half(chest):
    """Breathing doubles the diaphragm while the apices stay still: in the whole region's search the
    double contour is outweighed by the single ones above it (0.02 -> 0.06 on this film), in the lower
    half's it stands out (0.02 -> 0.27)."""
    height, width = chest.shape
    region = np.ascontiguousarray(chest[height // 8 : height * 7 // 8, width // 8 : width * 7 // 8])
    middle = region.shape[0] // 2
    moved = region.copy()
    moved[middle:] = 0.5 * region[middle:] + 0.5 * np.roll(region, 6, axis=0)[middle:]
    assert lower_ghost_peak(moved) > lower_ghost_peak(region) + 0.15
    assert ghost_peak(moved) < ghost_peak(region) + 0.1


def test_grain_on_a_blurred_film_restores_the_mean_sharpness_but_not_the_strongest_edges():
    rng = np.random.default_rng(0)
    blocks = np.kron(rng.random((10, 10)), np.ones((16, 16))).astype(np.float32)  # sharp edges
    image = blocks + 0.3 * _texture((160, 160))
    blurred = ndi.gaussian_filter(image, 3.0)
    grain = float(np.std(image - ndi.gaussian_filter(image, 1.0)))
    grainy = blurred + np.random.default_rng(2).normal(0, grain, image.shape).astype(np.float32)
    sharp_mean, sharp_peak = _ratios(image)
    grainy_mean, grainy_peak = _ratios(grainy)
    blurred_mean, blurred_peak = _ratios(blurred)
    assert grainy_mean > blurred_mean + 0.5 * (sharp_mean - blurred_mean)  # the mean is fooled
    assert grainy_peak < blurred_peak + 0.3 * (sharp_peak - blurred_peak)  # the strongest edges are not


@pytest.mark.parametrize("level, cut", [(0.0, 0), (1.0, 60)], ids=["black", "white"])
def test_a_frame_around_the_film_is_not_read_as_blur(chest, level, cut):
    # Digital padding ends in a long straight step: inside the lungs' box it dominated the strongest
    # edges and an untouched film read as blurred (by 7 % and 64 % here). For the white frame the film
    # is cut so that the lungs reach its sides.
    film = chest[:, cut : chest.shape[1] - cut]
    height, width = film.shape
    framed = np.pad(film, ((height // 25,) * 2, (width // 25,) * 2), constant_values=level)
    plain, padded = measure(film).features, measure(framed).features
    for name in ("edge_peak_ratio", "sharpness_ratio"):
        assert abs(padded[name] - plain[name]) < 0.05 * plain[name]


def test_sharpness_is_read_inside_the_exposed_field_but_up_to_the_image_border():
    image = _texture((200, 200))
    inside = sharpness_stats(image, (0, 0, 200, 200), field=(40, 0, 200, 200))
    assert inside == sharpness_stats(image[:, 40 + FIELD_EDGE_MARGIN :], (0, 0, 200 - 40 - FIELD_EDGE_MARGIN, 200))
    # A field that leaves too little of the box: the box is read as it was.
    assert sharpness_stats(image, (0, 0, 60, 200), field=(40, 0, 200, 200)) == sharpness_stats(image, (0, 0, 60, 200))


def test_a_compact_object_is_found_and_a_thin_line_is_not():
    image = np.full((256, 256), 0.3, dtype=np.float32)
    canvas = Image.fromarray((image * 255).astype(np.uint8))
    draw = ImageDraw.Draw(canvas)
    draw.ellipse([60, 60, 80, 80], fill=250)  # a button
    draw.line([(120, 20), (140, 240)], fill=250, width=2)  # an ECG lead
    pixels = np.asarray(canvas, dtype=np.float32) / 255
    objects = compact_objects(pixels, np.ones_like(pixels, bool))
    assert len(objects) == 1
    x0, y0, x1, y1 = objects[0]["box"]
    assert x0 <= 62 and x1 >= 78 and y0 <= 62 and y1 >= 78


def test_a_letter_is_narrower_than_its_text_line_and_a_ring_read_as_a_line_is_not():
    line = (90, 100, 160, 114)
    assert _letter_of((100, 100, 110, 114), line)  # one letter of a seven-letter label
    assert not _letter_of((92, 92, 158, 122), line)  # a ring whose rim was read as the row of glyphs
    assert not _letter_of((200, 100, 210, 114), line)  # beside the line, not in it


def test_a_ring_whose_rim_reads_as_a_text_line_is_still_an_object(repo_root):
    """A white ring of 8 % of the width over the upper right lung of a dev film: its rim breaks into
    glyph-sized pieces in a row, and the whole ring lies in that "text line"."""
    film = np.array(load_radiograph(repo_root / "data" / "cxr" / "dev" / "images" / "mhh-00870a9c-a.jpg", max_side=512).pixels)
    yy, xx = np.mgrid[0 : film.shape[0], 0 : film.shape[1]]
    distance = np.hypot(yy - 52, xx - 350)
    radius = 0.04 * film.shape[1]
    film[(distance <= radius) & (distance >= 0.6 * radius)] = 1.0
    measured = measure(film)
    assert measured.boxes["text"], "the ring's rim no longer reads as a text line: this test needs another film"
    assert any(x0 <= 350 <= x1 and y0 <= 52 <= y1 for x0, y0, x1, y1 in measured.boxes["objects"])


def test_a_lone_letter_over_a_lung_is_letter_like_and_a_disc_is_not(repo_root):
    """A bold "L" (a lead side marker) and a white disc of the same size over the right lung of a dev
    film: both are compact objects, only the letter's stroke is thin for its size, and the marker
    decision reads it (`letter_contrast`)."""
    film = np.array(load_radiograph(repo_root / "data" / "cxr" / "dev" / "images" / "mhh-00870a9c-a.jpg", max_side=512).pixels)
    canvas = Image.fromarray((film * 255).astype(np.uint8))
    ImageDraw.Draw(canvas).text((140, 150), "L", fill=255, font=ImageFont.load_default(size=28), stroke_width=2, stroke_fill=255)
    lettered = measure(np.asarray(canvas, dtype=np.float32) / 255)
    yy, xx = np.mgrid[0 : film.shape[0], 0 : film.shape[1]]
    with_disc = film.copy()
    with_disc[np.hypot(yy - 160, xx - 150) <= 10] = 1.0
    disc = measure(with_disc)
    assert measure(film).features["letter_contrast"] == 0.0
    assert lettered.features["letter_contrast"] > 0.3 and lettered.boxes["letters"]
    assert disc.features["object_contrast"] > 0.3 and disc.features["letter_contrast"] == 0.0


def test_a_sharp_edged_disc_has_a_steeper_edge_than_a_soft_one():
    yy, xx = np.mgrid[0:64, 0:64]
    disc = (np.hypot(xx - 32, yy - 32) <= 8).astype(np.float32)
    where = (slice(22, 42), slice(22, 42))
    assert edge_steepness(disc, where) > 2 * edge_steepness(ndi.gaussian_filter(disc, 3), where)


def _with_letter(image: np.ndarray, letter: str, x: int, y: int, size: int = 22, tilt: float = 0.0) -> np.ndarray:
    """IMAGE with LETTER drawn at X, Y, turned TILT degrees (anticlockwise) about its middle."""
    ink = Image.new("L", image.shape[::-1])
    ImageDraw.Draw(ink).text((x, y), letter, fill=255, font=ImageFont.load_default(size=size))
    ink = ink.rotate(tilt, resample=Image.Resampling.BILINEAR, center=(x + size / 3, y + size / 2))
    alpha = np.asarray(ink, dtype=np.float32) / 255
    return (image * (1 - alpha) + 250 / 255 * alpha).astype(np.float32)


@pytest.mark.parametrize("letter", ["L", "F"])  # an "R" in this font is too symmetric to count
def test_a_side_marker_reads_right_way_round_and_mirrored(letter):
    background = (0.3 + 0.2 * _texture((256, 320))).astype(np.float32)
    marked = _with_letter(background, letter, x=285, y=40)  # near the right edge, like a lead marker
    assert marker_chirality(marked) > 0.5
    assert marker_chirality(np.ascontiguousarray(marked[:, ::-1])) < -0.5
    assert marker_chirality(background) == 0.0


def _letter_reading(pixels: np.ndarray) -> float:
    glyphs = marker_glyphs(pixels)
    return side_letter_chirality(glyphs, marker_chirality(pixels, glyphs))


@pytest.mark.parametrize("letter, tilt", [("L", 0), ("R", 0), ("L", -20), ("L", 20), ("R", -10), ("R", 10)])
def test_a_side_letter_read_by_its_shape_tells_a_mirrored_film_even_an_r_or_askew(letter, tilt):
    """The stem test reads an "R" as symmetric (its bowl and leg fill its right third) and finds no
    full-height column in a letter lying askew; the letter's whole shape names its side both ways round."""
    background = (0.3 + 0.2 * _texture((256, 320))).astype(np.float32)
    marked = _with_letter(background, letter, x=285, y=40, tilt=tilt)  # near the right edge, like a lead marker
    assert _letter_reading(marked) == 1.0
    assert _letter_reading(np.ascontiguousarray(marked[:, ::-1])) == -1.0


@pytest.mark.parametrize("label", ["O", "X", "T", "A", "H", "RIGHT"])
def test_a_symmetric_letter_a_word_or_no_letter_at_the_edge_gives_no_letter_reading(label):
    """Letters that look the same mirrored, and a word (a label, not a lone side marker), are no evidence
    either way round; nor is a plain film or an "L" in the middle of the chest."""
    background = (0.3 + 0.2 * _texture((256, 320))).astype(np.float32)
    marked = _with_letter(background, label, x=285 if len(label) == 1 else 240, y=40)
    assert _letter_reading(marked) == 0.0
    assert _letter_reading(np.ascontiguousarray(marked[:, ::-1])) == 0.0
    assert _letter_reading(background) == 0.0
    assert _letter_reading(_with_letter(background, "L", x=150, y=110)) == 0.0


def _with_mirrored_letter(image: np.ndarray, letter: str, x: int, y: int, ink: float) -> np.ndarray:
    """IMAGE with LETTER drawn mirrored at X, Y (its box's left), INK of the way from the film to white."""
    width = image.shape[1]
    drawn = _with_letter(np.ascontiguousarray(image[:, ::-1]), letter, x=width - x - 16, y=y)[:, ::-1]
    return (image + ink * (drawn - image)).astype(np.float32)


def _with_faint_letter(image: np.ndarray, letter: str, x: int, y: int, ink: float) -> np.ndarray:
    """IMAGE with LETTER drawn upright at X, Y, INK of the way from the film to white."""
    return (image + ink * (_with_letter(image, letter, x=x, y=y) - image)).astype(np.float32)


def test_a_mirrored_letter_on_a_film_whose_stem_test_reads_the_right_way_round_is_no_evidence():
    """A mirrored display turns every letter on the film, so a glyph read only mirrored beside a marker the
    stem test reads the right way round is not a letter (a blob a site's blur shaped): it reads 0, not -1.
    The mirrored glyph here is the film's brightest, an "L" lying askew (no full-height stem, so the stem
    test reads the dimmer "F"). Clean guard: a film displayed mirrored as a whole turns both, and its
    mirrored letter keeps its -1."""
    background = (0.3 + 0.2 * _texture((256, 320))).astype(np.float32)
    askew_l = _with_letter(background, "L", x=14, y=40, tilt=20)  # mirrored below, it lies near the right edge
    contradicting = _with_faint_letter(np.ascontiguousarray(askew_l[:, ::-1]), "F", x=8, y=30, ink=0.6)
    glyphs = marker_glyphs(contradicting)
    assert marker_chirality(contradicting, glyphs) > 0.5  # the dimmer "F": its stem on the left
    assert side_letter_chirality(glyphs, 0.0) == -1.0  # the brighter askew "L", read mirrored
    assert _letter_reading(contradicting) == 0.0
    upright = _with_faint_letter(_with_letter(background, "L", x=290, y=40, tilt=20), "F", x=8, y=30, ink=0.6)
    mirrored = np.ascontiguousarray(upright[:, ::-1])
    assert marker_chirality(mirrored) < -0.5
    assert _letter_reading(upright) == 1.0 and _letter_reading(mirrored) == -1.0


def test_a_mirrored_letter_fainter_than_another_glyph_at_the_edge_is_no_evidence():
    """A lead marker outshines what else lies at the film's edges; a faint glyph read mirrored below a
    brighter one that reads as no letter is a chance shape (a site's blur and grey curve make many), so it
    reads 0, while the right-way reading still walks past the brighter glyph. Clean guard: the same
    mirrored letter as the brightest glyph keeps its -1."""
    background = (0.3 + 0.2 * _texture((256, 320))).astype(np.float32)
    bright_o = _with_letter(background, "O", x=8, y=30)
    faint_mirrored = _with_mirrored_letter(bright_o, "L", x=290, y=40, ink=0.6)
    assert side_letter_chirality(marker_glyphs(faint_mirrored), 0.0) == 0.0
    assert side_letter_chirality(marker_glyphs(_with_faint_letter(bright_o, "L", x=290, y=40, ink=0.6)), 0.0) == 1.0
    bright_mirrored = _with_faint_letter(_with_mirrored_letter(background, "L", x=290, y=40, ink=1.0), "O", x=8, y=30, ink=0.6)
    assert side_letter_chirality(marker_glyphs(bright_mirrored), 0.0) == -1.0


def test_the_letter_reading_is_measured_beside_the_stem_test_not_in_its_place():
    """The stem test and the letter matcher err differently (only the matcher was set against wrong-way
    readings), so a film's measurements keep both, each on its own scale: an "R" gives no stem reading
    and no shift of the mirror margin, but a full letter reading."""
    background = (0.3 + 0.2 * _texture((256, 320))).astype(np.float32)
    plain, marked = measure(background).features, measure(_with_letter(background, "R", x=285, y=40)).features
    assert marked["marker_chirality"] == 0.0 and marked["side_letter_chirality"] == 1.0
    assert plain["side_letter_chirality"] == 0.0
    assert abs(marked["mirror_margin"] - plain["mirror_margin"]) < 0.05  # the margin moves only with the stem test


def test_a_letter_in_the_middle_of_the_chest_or_in_a_word_is_not_a_marker():
    background = (0.3 + 0.2 * _texture((256, 320))).astype(np.float32)
    assert marker_chirality(_with_letter(background, "L", x=150, y=110)) == 0.0
    # A word (or a label placed turned, with its other letters beside it) is not a lone side marker.
    assert marker_chirality(_with_letter(background, "LEFT", x=255, y=40)) == 0.0


def test_a_side_marker_in_the_columns_it_does_not_belong_to_reads_as_misplaced():
    """Displayed as radiographs are, a frontal film has the patient's right on the image's left: an "R"
    belongs in the left-hand columns, an "L" in the right-hand ones."""
    background = (0.3 + 0.2 * _texture((256, 320))).astype(np.float32)
    assert misplaced_side_marker(_with_letter(background, "L", x=12, y=40))[0] == "L"
    assert misplaced_side_marker(_with_letter(background, "R", x=290, y=40))[0] == "R"
    assert misplaced_side_marker(_with_letter(background, "L", x=290, y=40)) is None
    assert misplaced_side_marker(_with_letter(background, "R", x=12, y=40)) is None
    assert misplaced_side_marker(background) is None


@pytest.mark.parametrize("tilt", [-10, 10])
def test_a_side_marker_put_down_askew_still_reads(tilt):
    """Lead markers are placed by hand and often lie askew; turned by 10 degrees a letter still names its
    side, and mirrored it still is no side letter."""
    background = (0.3 + 0.2 * _texture((256, 320))).astype(np.float32)
    assert misplaced_side_marker(_with_letter(background, "L", x=14, y=40, tilt=tilt))[0] == "L"
    assert misplaced_side_marker(_with_letter(background, "R", x=280, y=40, tilt=tilt))[0] == "R"
    assert misplaced_side_marker(np.ascontiguousarray(_with_letter(background, "L", x=285, y=40, tilt=tilt)[:, ::-1])) is None


def test_a_mirrored_letter_a_word_or_a_letter_mid_chest_is_no_misplaced_marker():
    """A mirrored "L" on the left is the display's fault (`marker_chirality`), not a misplaced marker;
    a label such as "LEFT" is not a lone side marker; a letter over the chest is not in the outer columns."""
    background = (0.3 + 0.2 * _texture((256, 320))).astype(np.float32)
    assert misplaced_side_marker(np.ascontiguousarray(_with_letter(background, "L", x=290, y=40)[:, ::-1])) is None
    assert misplaced_side_marker(_with_letter(background, "LEFT", x=12, y=40)) is None
    assert misplaced_side_marker(_with_letter(background, "L", x=120, y=40)) is None


@pytest.mark.parametrize("step, alone", [(0.15, True), (0.3, True), (0.6, False)])
def test_only_a_neighbour_that_stands_out_like_the_marker_is_writing_beside_it(step, alone):
    """A faint letter-sized patch beside a side marker (the rim a marker's darker box leaves) does not make
    it part of a word; a patch as bright as the letter (about 0.45 above the background) does."""
    background = (0.3 + 0.2 * _texture((256, 320))).astype(np.float32)
    marked = _with_letter(background, "L", x=30, y=40)
    marked[44:58, 14:22] += step
    assert (misplaced_side_marker(marked) is not None) == alone


def test_a_letter_smaller_than_a_side_marker_is_not_read_as_one():
    """A side marker's letter is about 0.8 cm tall or more; a 5-px "L" on this 320-px image (about 7 mm of
    a 43 cm detector) is a speck of texture or a label, not a side marker; at 6 px (8 mm) it reads."""
    background = (0.3 + 0.2 * _texture((256, 320))).astype(np.float32)
    assert misplaced_side_marker(_with_letter(background, "L", x=12, y=40, size=8)) is None
    assert misplaced_side_marker(_with_letter(background, "L", x=12, y=40, size=9))[0] == "L"


def test_a_mirrored_marker_turns_the_mirror_margin_negative(chest):
    thumb = normalised_thumbnail(chest, TEMPLATE_SIDE)
    unmarked = orientation_scores(thumb)["mirror_margin"]
    assert orientation_scores(thumb, marker_chirality=0.8)["mirror_margin"] > unmarked
    assert orientation_scores(thumb, marker_chirality=-0.8)["mirror_margin"] < min(0.0, unmarked)
