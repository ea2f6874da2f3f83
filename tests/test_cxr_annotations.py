"""Burned-in annotations over the lung fields (agents/cxr/annotations.py) on small synthetic films."""

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont
from scipy import ndimage as ndi

from radqc.agents.cxr.annotations import (
    FAINT_INK_STEP,
    INK_STEP,
    annotation_features,
    glyphs_at,
    lead_mask,
    local_background,
    longest_text_line,
    text_rows,
)

HEIGHT, WIDTH = 420, 512


def _film(seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """A soft chest-like film (bright body, two darker lung ellipses with fine texture) and its lung mask."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:HEIGHT, 0:WIDTH]
    lungs = np.zeros((HEIGHT, WIDTH), dtype=bool)
    for cx in (0.3 * WIDTH, 0.7 * WIDTH):
        lungs |= ((xx - cx) / (0.15 * WIDTH)) ** 2 + ((yy - 0.45 * HEIGHT) / (0.3 * HEIGHT)) ** 2 <= 1
    film = np.full((HEIGHT, WIDTH), 0.7, np.float32)
    film[lungs] = 0.3
    film = ndi.gaussian_filter(film, 4) + 0.04 * ndi.gaussian_filter(rng.random((HEIGHT, WIDTH)), 1.5)
    return film.astype(np.float32), lungs


def _write(film: np.ndarray, text: str, xy: tuple[int, int], level: float, size: int = 18) -> np.ndarray:
    layer = Image.new("L", (WIDTH, HEIGHT), 0)
    ImageDraw.Draw(layer).text(xy, text, fill=255, font=ImageFont.load_default(size=size))
    ink = np.asarray(layer, np.float32) / 255.0
    return ((1 - ink) * film + ink * level).astype(np.float32)


def test_clean_film_has_no_annotation():
    film, lungs = _film()
    features = annotation_features(film, lungs)
    assert features["annotation_line"] == 0 and features["annotation_glyphs"] == 0


def test_white_text_over_a_lung_is_a_text_line():
    film, lungs = _film()
    features = annotation_features(_write(film, "SUPINE", (100, 180), 0.95), lungs)
    assert features["annotation_line"] >= 4
    assert features["annotation_ink"] > 0


def test_black_text_over_the_mediastinum_counts_too():
    film, lungs = _film()
    features = annotation_features(_write(film, "PORTABLE", (200, 250), 0.03), lungs)
    assert features["annotation_line"] >= 4


def test_label_in_the_films_outer_band_is_not_a_fault():
    """Real films carry burned-in labels at their edges: outside the lung fields, not annotations."""
    film, lungs = _film()
    labelled = _write(film, "Bettaufnahme", (300, 6), 0.95, size=14)
    assert annotation_features(labelled, lungs)["annotation_line"] == 0


def test_text_rows_find_the_outer_bands_label_but_no_lone_letter():
    """Where a label may name the patient, the whole film is searched (`text_rows`): the label the
    marker fault leaves alone is a row, a side marker's lone letter is none."""
    film, lungs = _film()
    assert text_rows(film, 3) == []
    label = _write(film, "Bettaufnahme", (300, 6), 0.05, size=14)  # dark print on the bright shoulder
    labelled = _write(label, "L", (470, 60), 0.05, size=24)
    covered = np.zeros(film.shape, dtype=bool)
    for x0, y0, x1, y1 in text_rows(labelled, 3):
        covered[y0:y1, x0:x1] = True
    letters = np.abs(label - film) > 0.2
    assert letters.any() and covered[letters].mean() > 0.9  # the blacking out pads the rows
    assert not covered[np.abs(labelled - label) > 0.2].any()


def test_faint_anatomy_step_is_not_ink():
    """A soft rib-like band 0.12 brighter than the lung is anatomy, not writing."""
    film, lungs = _film()
    film[200:206, 90:220] += 0.12
    assert annotation_features(film, lungs)["annotation_glyphs"] == 0


def test_lead_crossing_a_lung_is_not_text():
    """An ECG lead is one long thin curve even where its contrast dips: never a row of glyphs."""
    film, lungs = _film()
    yy = np.arange(60, 380)
    xx = (140 + 60 * np.sin(yy / 50.0)).astype(int)
    opacity = 0.35 + 0.15 * np.sin(yy / 7.0)  # its contrast dips below the ink step along its course
    film[yy, xx] = np.clip(film[yy, xx] + opacity, 0, 1)
    features = annotation_features(film, lungs)
    assert features["annotation_line"] <= 1
    contrast = film - local_background(film)
    assert lead_mask(contrast, WIDTH)[yy, xx].mean() > 0.8


def test_text_line_needs_one_row_one_polarity_one_colour():
    def glyph(row, col, bright=True, level=0.95, height=12):
        return {"row": row, "col": col, "height": height, "bright": bright, "level": level}

    row = [glyph(100, 50 + 10 * k) for k in range(5)]
    assert longest_text_line(row) == 5
    scattered = [glyph(60 + 40 * k, 50 + 10 * k) for k in range(5)]
    assert longest_text_line(scattered) == 1
    mixed = [glyph(100, 50 + 15 * k, bright=k % 2 == 0) for k in range(6)]
    assert longest_text_line(mixed) == 1  # bright and dark pieces alternate: no letter has a same-colour neighbour
    shades = [glyph(100, 50 + 10 * k, level=0.4 + 0.15 * k) for k in range(5)]
    assert longest_text_line(shades) == 1  # anatomy's grey levels vary; a renderer writes in one colour
    far = [glyph(100, 50 + 40 * k) for k in range(5)]
    assert longest_text_line(far) == 1  # more than two heights apart: not one word
    assert longest_text_line([]) == 0


def test_local_background_barely_moves_under_a_thin_stroke():
    flat = np.full((64, 64), 0.3, np.float32)
    stroked = flat.copy()
    stroked[20:40, 31:33] = 1.0
    background = local_background(stroked)
    assert background.shape == stroked.shape
    assert float(background[30, 32]) < 0.45
    contrast = stroked - background
    assert contrast[30, 31] > 0.5


def _glyphs(pixels: np.ndarray, step: float = INK_STEP, side: int = WIDTH) -> list[dict]:
    contrast = pixels - local_background(pixels)
    return glyphs_at(pixels, contrast, lead_mask(contrast, side), step, side)


def test_glyphs_are_sized_against_the_whole_image():
    film, _ = _film()
    written = _write(film, "L", (120, 180), 0.95, size=20)
    crop = written[150:260, 80:220]
    assert _glyphs(crop, side=WIDTH)  # a letter in a crop of a 512-px image is glyph-sized
    assert not _glyphs(crop, side=40)  # the same letter on a 40-px image would be too large


def test_faint_text_is_read_at_the_faint_step_only():
    """Grey text whose strokes stand at most ~0.26 above their background: barely any glyph at the
    ink step, a text line at the faint one."""
    film, lungs = _film()
    written = _write(film, "SUPINE", (100, 180), 0.6, size=18)
    contrast = written - local_background(written)
    assert FAINT_INK_STEP < float(contrast[175:205, 95:200].max()) < INK_STEP + 0.02
    features = annotation_features(written, lungs)
    assert features["annotation_line"] <= 1
    assert features["faint_annotation_line"] >= 4 and features["faint_annotation_glyphs"] >= 4


def test_faint_text_line_is_where_a_finding_points():
    from radqc.agents.cxr.annotations import read_annotations

    film, lungs = _film()
    _, boxes = read_annotations(_write(film, "SUPINE", (100, 180), 0.6, size=18), lungs)
    assert "text" not in boxes
    x0, y0, x1, y1 = boxes["faint_text"]
    assert 95 <= x0 < x1 <= 200 and 175 <= y0 < y1 <= 205


def test_ink_at_the_films_white_or_black_is_counted_as_extreme():
    """Annotation software writes at the film's own white or black: its glyphs reach that extreme."""
    film, lungs = _film()
    assert annotation_features(_write(film, "SUPINE", (100, 180), 1.0), lungs)["extreme_annotation_glyphs"] >= 4
    assert annotation_features(_write(film, "PORTABLE", (200, 250), 0.0), lungs)["extreme_annotation_glyphs"] >= 4


def test_anatomy_standing_out_on_a_burnt_out_film_is_not_extreme():
    """On a burnt-out film rib crossings and electrodes pass the faint step against the dark lung, so
    the plain glyph count reads them; they stay at a mid grey, far below the film's white."""
    film, lungs = _film()
    burnt = (film - 0.22 * ndi.gaussian_filter(lungs.astype(np.float32), 4)).astype(np.float32)
    for row, col in ((120, 120), (160, 150), (220, 110), (260, 140), (140, 360), (200, 380), (250, 340)):
        burnt[row : row + 6, col : col + 6] += 0.3
    features = annotation_features(burnt, lungs)
    assert features["faint_annotation_glyphs"] >= 5
    assert features["extreme_annotation_glyphs"] == 0


@pytest.mark.parametrize("seed", [1, 2])
def test_no_lungs_no_features(seed):
    film, _ = _film(seed)
    features = annotation_features(film, np.zeros_like(film, dtype=bool))
    assert features == {
        "annotation_glyphs": 0, "annotation_line": 0, "annotation_ink": 0.0, "faint_annotation_glyphs": 0, "faint_annotation_line": 0,
        "extreme_annotation_glyphs": 0,
    }
