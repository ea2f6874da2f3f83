"""Which way round does the side marker read, and is it on its side? The strongest single cue for a
mirrored display, and a marker fault of its own.

Most radiographs carry a lead side marker ("L" or "R") or other burned-in letters near the edge of
the field. In the Latin letters that markers and labels use (L, R, P, B, D, E, F, K...), the one
full-height vertical stroke (the stem) is on the letter's left; a mirrored display puts it on the
right. So: find the most contrasted letter-sized, upright, stem-bearing bright glyph in the outer
part of the image and compare how full its leftmost and rightmost thirds are. Anatomy does not enter,
which is why this holds on AP bedside films with white lungs, where the heart and lung cues fail.
Many films have no readable marker: the cue is then 0 (no evidence either way). A marker with other
writing right beside it is skipped: such labels are often placed turned (an "L" turned a quarter is
a mirrored "L" to this test), while a lone side marker is nearly always upright. An "R" whose bowl
and leg fill its right third reads as symmetric to the stem test; the letter's whole shape reads it
(`side_letter_chirality`).

On the dev split's 79 correctly displayed images: 48% read the right way round, 1 image (1%) reads
mirrored, the rest carry no readable marker.

A marker read the right way round can still be on the wrong side: an "L" where the patient's right is
(`misplaced_side_marker`). The taxonomy counts a wrong side marker as a marker fault; the letter is
read by matching the glyph's shape with rendered letters.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont
from scipy import ndimage as ndi

# Glyph size as a fraction of the image's longer side (9-40 px at the 512 px working size).
GLYPH_HEIGHT = (0.018, 0.08)
GLYPH_WIDTH = (0.01, 0.06)
# How much brighter than its surroundings a marker letter is (lead is far denser than the body).
MIN_CONTRAST = 0.08
# Below this stem difference the glyph is too symmetric (O, X, I, a blob) to tell a side.
MIN_CHIRALITY = 0.6
# Markers sit in the outer part of the field: a glyph-like piece of spine or rib in the middle is not one.
OUTER_COLUMNS = 0.22
OUTER_ROWS = 0.1
# Reading which letter a side marker shows (`misplaced_side_marker`): the faces and size of the letter
# templates (width, height), and how well a glyph must match one letter and how clearly better than
# the rest. Set once, not searched: with them none of the 114 untouched dev and train-extra films
# reads a marker on the wrong side.
LETTER_FACES = (
    "DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif.ttf", "DejaVuSansMono-Bold.ttf",
    "DejaVuSansMono.ttf", "STIXGeneral.ttf", "STIXGeneralBol.ttf", "cmss10.ttf", "cmr10.ttf", "cmb10.ttf", "cmtt10.ttf",
)
PILLOW_FACE = "Pillow's own"  # Pillow's built-in face (Aileron), another sans
OTHER_STEM_LETTERS = "EFPBKDH"
TEMPLATE_SIZE = (16, 24)
# A lead marker is put down by hand, often a little askew: the letters are also matched turned by these
# angles, in degrees (an "L" or "R" askew still names its side; mirrored, it still names none).
LETTER_TILTS = (-20, -10, 0, 10, 20)
LETTER_MATCH = 0.8
LETTER_MARGIN = 0.1
# A neighbour of a lone glyph counts as writing beside it from this share of the glyph's contrast (`_alone`).
NEIGHBOUR_CONTRAST = 0.5
# A side marker's letter is about 0.8 cm tall or more (lead ones 1 cm, a console's drawn ones smaller): at least this
# share of a 43 cm detector's side.
SIDE_LETTER_HEIGHT = 0.018


@dataclass(frozen=True)
class Glyphs:
    """The letter-sized bright components of an image, found once for both readings of a side marker."""

    shape: tuple[int, int]
    found: list[tuple[tuple[slice, slice], np.ndarray, float]]  # (where, its mask, contrast), each letter-sized
    boxes: list  # every component's box, letter-sized or not (`_alone` compares with them)
    contrasts: np.ndarray  # each component's mean contrast, in the order of BOXES


def marker_glyphs(pixels: np.ndarray) -> Glyphs:
    height, width = pixels.shape
    side = max(height, width)
    # Brighter than the local mean (a box filter: several times cheaper than a top-hat, enough for lead).
    contrast_map = pixels - ndi.uniform_filter(pixels, size=max(9, int(0.033 * side)) | 1)
    labels, count = ndi.label(contrast_map > 0.06)
    boxes = ndi.find_objects(labels)
    contrasts = np.asarray(ndi.mean(contrast_map, labels, np.arange(1, count + 1))) if count else np.zeros(0)
    found = []
    for index, where in enumerate(boxes, start=1):
        if where is None or not _letter_sized(where, side):
            continue
        found.append((where, labels[where] == index, float(contrasts[index - 1])))
    return Glyphs(shape=(height, width), found=found, boxes=boxes, contrasts=contrasts)


def marker_chirality(pixels: np.ndarray, glyphs: Glyphs | None = None) -> float:
    """Stem on the left minus stem on the right of the most contrasted marker-like glyph, in [-1, 1]:
    positive reads the right way round, negative mirrored, 0 when no glyph tells a side.
    GLYPHS: `marker_glyphs(pixels)` when already found."""
    glyphs = glyphs or marker_glyphs(pixels)
    height, width = glyphs.shape
    best_contrast, chirality, marker = MIN_CONTRAST, 0.0, None
    for where, glyph, contrast in glyphs.found:
        if not _outer(where, height, width) or not 0.25 <= glyph.mean() <= 0.7:
            continue
        filled_rows = glyph.mean(axis=0)  # per column: the fraction of the glyph's height it covers
        if filled_rows.max() < 0.8:
            continue  # no full-height stem
        if contrast > best_contrast:
            third = max(1, glyph.shape[1] // 3)
            best_contrast, marker = contrast, where
            chirality = float(filled_rows[:third].max() - filled_rows[-third:].max())
    if marker is None or not _alone(marker, best_contrast, glyphs):
        return 0.0
    return round(chirality, 4) if abs(chirality) >= MIN_CHIRALITY else 0.0


def side_letter_chirality(glyphs: Glyphs, stem: float) -> float:
    """1.0 when the most contrasted lone side letter in the outer part of the image reads as an "L" or
    "R" (`_read_side_letter`: upright or askew, in any of the template faces), -1.0 when it reads so only
    mirrored, 0.0 when no glyph reads as a side letter either way. The stem test (`marker_chirality`)
    misses most side markers: an "R"'s bowl and leg fill its right third as its stem fills the left, and
    a letter put down askew has no full-height column; the letter's whole shape names its side either
    way, and matched against the other stem letters too it reads no side on a glyph that is not an "L"
    or "R". It is a reading of its own beside the stem test's, not a replacement: the matcher was set so
    that no untouched film reads a wrong-side marker, the stem test was not, and the orientation model
    weighs the two apart (`fit.CRITERION_KINDS`).
    A mirrored reading counts only where the film's stem test (STEM, `marker_chirality`) does not read
    the right way round: a mirrored display turns every letter on the film, so a film cannot show one
    glyph the right way round and another mirrored; where it seems to, one of the two is no letter. The scan
    walks down the glyphs until one matches, so a blob that a site's blur and grey curve shaped at
    random can meet it; the mirrored reading is the one dropped because it alone can raise an alarm
    on an untouched film, which far outnumber mirrored ones.
    For the same reason a mirrored reading counts only from the scan's first candidate, the film's most
    contrasted outer letter-sized glyph: a lead marker stops nearly the whole beam and outshines the
    anatomy, tubes and wires at the film's edges, while a blur and a darkening grey curve make many
    faint letter-sized pieces down the list that can match a mirrored letter by chance. The scan stops at
    the first lone glyph that reads as a side letter either way, as E94 was measured: past glyphs that
    read as none the right-way reading walks the list, but a mirrored reading that does not count ends
    the scan as no evidence, and a right-way letter below it is not read."""
    height, width = glyphs.shape
    candidates = 0
    for where, glyph, contrast in sorted(glyphs.found, key=lambda found: -found[2]):
        if contrast <= MIN_CONTRAST or not _outer(where, height, width) or not 0.2 <= glyph.mean() <= 0.7:
            continue
        candidates += 1
        side = 1.0 if _read_side_letter(glyph) else -1.0 if _read_side_letter(glyph[:, ::-1]) else 0.0
        if side and _alone(where, contrast, glyphs):
            return 0.0 if side < 0 and (stem > 0 or candidates > 1) else side
    return 0.0


def misplaced_side_marker(pixels: np.ndarray, glyphs: Glyphs | None = None) -> tuple[str, tuple[int, int, int, int]] | None:
    """(letter, box as x0, y0, x1, y1) of a lone side marker (lead or drawn) at the side of the image it does not
    belong to, None when every marker read sits where it belongs (or none reads). On a frontal film
    displayed as radiographs are, the patient's right is on the image's left: an "R" belongs in the
    left columns (OUTER_COLUMNS), an "L" in the right ones. A glyph at least SIDE_LETTER_HEIGHT tall
    reads as a letter when its mask, scaled to the templates' size, correlates with the letter's shape
    in one of the faces matplotlib and Pillow ship (sans, serif and mono; regular and bold; upright or
    askew by LETTER_TILTS) by at least LETTER_MATCH, and clearly better (LETTER_MARGIN) than with the
    other side's letter and with other stem letters. A mirrored letter, or one turned further (a
    quarter turn), does not read: that is the display's fault (`marker_chirality`,
    `side_letter_chirality`), not the marker's.
    GLYPHS: `marker_glyphs(pixels)` when already found."""
    glyphs = glyphs or marker_glyphs(pixels)
    width = glyphs.shape[1]
    for where, glyph, contrast in sorted(glyphs.found, key=lambda found: -found[2]):
        on_left, on_right = where[1].stop < OUTER_COLUMNS * width, where[1].start > (1 - OUTER_COLUMNS) * width
        if not (on_left or on_right) or not 0.2 <= glyph.mean() <= 0.7 or glyph.shape[0] < SIDE_LETTER_HEIGHT * max(glyphs.shape):
            continue
        letter = _read_side_letter(glyph)
        if letter and (letter == "L") == on_left and _alone(where, contrast, glyphs):
            return letter, (where[1].start, where[0].start, where[1].stop, where[0].stop)
    return None


def _read_side_letter(glyph: np.ndarray) -> str | None:
    """"L" or "R" when GLYPH (a boolean mask cut to its box) reads as that letter, else None."""
    letters, templates = _letter_templates()
    correlations = templates @ _centred_unit(_scaled(glyph))
    best = {letter: float(correlations[letters == letter].max()) for letter in ("L", "R", "other")}
    letter = "L" if best["L"] >= best["R"] else "R"
    rival = max(best["R" if letter == "L" else "L"], best["other"])
    return letter if best[letter] >= LETTER_MATCH and best[letter] - rival >= LETTER_MARGIN else None


def _scaled(mask: np.ndarray) -> np.ndarray:
    """A boolean mask cut to its box, scaled to TEMPLATE_SIZE as grey levels in [0, 1]."""
    return np.asarray(Image.fromarray(mask.astype(np.uint8) * 255).resize(TEMPLATE_SIZE, Image.Resampling.BILINEAR)) / 255.0


def _centred_unit(shape: np.ndarray) -> np.ndarray:
    """SHAPE flattened, less its mean, at unit length: the dot product of two is their correlation."""
    centred = shape.ravel() - shape.mean()
    return centred / (np.linalg.norm(centred) + 1e-9)


@lru_cache(maxsize=1)
def _letter_templates() -> tuple[np.ndarray, np.ndarray]:
    """(each template's letter: "L", "R" or "other"; the templates as rows of `_centred_unit` shapes):
    the side letters and the other stem letters in LETTER_FACES (fonts matplotlib ships, so that no
    system font is needed) and Pillow's own face, upright and tilted by LETTER_TILTS, each cut to its
    box and scaled to TEMPLATE_SIZE."""
    folder = Path(importlib.util.find_spec("matplotlib").submodule_search_locations[0]) / "mpl-data" / "fonts" / "ttf"

    def shape(letter: str, face: str, tilt: float) -> np.ndarray:
        font = ImageFont.load_default(64) if face == PILLOW_FACE else ImageFont.truetype(str(folder / face), 64)
        canvas = Image.new("L", (100, 100))
        ImageDraw.Draw(canvas).text((50, 50), letter, font=font, fill=255, anchor="mm")
        ink = np.asarray(canvas.rotate(tilt, resample=Image.Resampling.BILINEAR)) > 127
        rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
        return _scaled(ink[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1])

    drawn = [
        (letter, face, tilt)
        for letter in ("L", "R", *OTHER_STEM_LETTERS)
        for face in (*LETTER_FACES, PILLOW_FACE)
        for tilt in LETTER_TILTS
    ]
    letters = np.array([letter if letter in "LR" else "other" for letter, _, _ in drawn])
    return letters, np.stack([_centred_unit(shape(*template)) for template in drawn])


def _alone(where, contrast: float, glyphs: Glyphs) -> bool:
    """No other letter-sized structure (0.6-1.5 times the glyph's height, 0.4-1.6 times its width)
    centred within 1.5 glyph heights of it: a side marker, not a word or a turned label. A neighbour is
    writing only when it stands out at least NEIGHBOUR_CONTRAST of the glyph's CONTRAST: a label's
    letters are written in one ink, while the rim a marker's darker box leaves beside it (the box lowers
    the local mean the contrast is read against) stands out far less than the letter."""
    height, width = where[0].stop - where[0].start, where[1].stop - where[1].start
    centre_row, centre_col = (where[0].start + where[0].stop) / 2, (where[1].start + where[1].stop) / 2
    for other, other_contrast in zip(glyphs.boxes, glyphs.contrasts):
        if other is None or other == where or other_contrast < NEIGHBOUR_CONTRAST * contrast:
            continue
        other_height, other_width = other[0].stop - other[0].start, other[1].stop - other[1].start
        if not (0.6 * height <= other_height <= 1.5 * height and 0.4 * width <= other_width <= 1.6 * width):
            continue
        if abs((other[0].start + other[0].stop) / 2 - centre_row) <= 1.5 * height and abs(
            (other[1].start + other[1].stop) / 2 - centre_col
        ) <= 1.5 * height:
            return False
    return True


def _letter_sized(where, side: int) -> bool:
    glyph_height, glyph_width = where[0].stop - where[0].start, where[1].stop - where[1].start
    return (
        GLYPH_HEIGHT[0] * side <= glyph_height <= GLYPH_HEIGHT[1] * side
        and GLYPH_WIDTH[0] * side <= glyph_width <= GLYPH_WIDTH[1] * side
        and 1.0 <= glyph_height / glyph_width <= 2.6  # upright letters are taller than wide
    )


def _outer(where, height: int, width: int) -> bool:
    return (
        where[1].stop < OUTER_COLUMNS * width
        or where[1].start > (1 - OUTER_COLUMNS) * width
        or where[0].stop < OUTER_ROWS * height
        or where[0].start > (1 - OUTER_ROWS) * height
    )
