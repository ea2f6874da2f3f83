"""Burned-in annotations over the lung fields: text, side letters, arrows, stamps (marker_annotation).

The fault is defined by WHERE ink lies (over the lung fields, hiding anatomy) and by WHAT it is (ink
rendered onto the finished image, not anatomy). Both are measured without assuming one renderer
(font, size, colour, box), so that a model fitted on some fault simulators transfers to another:

- Ink is any structure that departs sharply from its local background by a large step, BRIGHT OR
  DARK: annotation software writes white or black at a flat, saturated level, so over aerated lung (or
  over the mediastinum for black ink) it stands 0.25-0.8 above or below what it covers, while lung
  markings, rib edges and vessels depart from their neighbourhood by a few hundredths to ~0.15.
- Ink is glyph-shaped: letter-sized pieces (about 4-50 px at the 512-px working size) that are not
  thin and long. ECG leads, tubes and lines are long thin curves (traced at a lower step, so that a
  lead whose contrast dips does not break into letter-sized pieces) and are excluded: not annotations.
- Text is a row of glyphs: several ink pieces of similar height, of one polarity and one grey level
  (a renderer writes a label in one colour), whose centres share a horizontal line and follow each
  other closely. Anatomy, noise and foreign objects (buttons, clips, chains) do not line up like that.
  The length of the longest such row (`annotation_line`) is the measurement the decision uses.
- Only ink over the lung fields counts: the lungs' bounding box (mirrored about the image's centre
  line, since the mask misses a white, consolidated lung), grown a little, but never the image's
  outer 10% band, where real films carry their side markers and detector labels ("Bettaufnahme",
  "liegend", "L"): those are not faults. (Such labels may name the patient: for privacy, the LLM
  auditor has the whole film searched instead, `text_rows`.)

The local background is the image's 6x6 block means smoothed over 3x3 blocks (an ~18-px box),
repeated back to full size: far cheaper than a grey opening, wide enough that a bold stroke does not
lift it much, and narrow enough to follow the lung's grey level.

On dev + train-extra faulted by simulators A, B and C (leave-one-simulator-out, harness in the
lead's brief), `annotation_line` alone raises marker_annotation's mean F1 from 0.35 (`text_strokes`)
to 0.62 and flags 1.8% instead of 4.4% of untouched originals. About 3.5 ms per 512-px image.

Thin or curved strokes of small fonts lose contrast to anti-aliasing and resampling: the "C" and "U"
of a white "ICU 3" over a grey lung stay under INK_STEP above their background.
The ink is therefore read at a second, fainter step as well (FAINT_INK_STEP; the contrast and the
lead mask are shared, so it costs one more labelling), and the decision reads both text lines and
the number of faint glyphs (arrows, circles and callipers break into glyph-sized pieces too). On the
dev cross-simulator benchmark (`benchmarks/bench_cxr_cross_simulator.py`), marker_annotation's F1
went 0.617 -> 0.673 (mean of A, B and C held out) and 0.57 -> 0.61 (D), with fewer untouched
originals flagged. Either half alone (the fainter step, or the glyph count) had lowered the blind
holdout's marker F1; together they raised it (0.56 -> 0.59, one false alarm fewer).
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage as ndi

# How far ink departs from its local background (grey levels in [0, 1]), and the fainter second
# reading (see the module's docstring).
INK_STEP = 0.25
FAINT_INK_STEP = 0.20
# Glyph size as a fraction of the image's longer side: ~4-50 px at the 512-px working size.
GLYPH_MIN, GLYPH_MAX = 0.008, 0.1
# How far outside the lungs' box ink still counts as over the lung (fraction of the longer side).
LUNG_MARGIN = 0.03
# Block size of the local background (see local_background).
BLOCK = 6
# Real films carry their labels in this outer band of the image (fraction of each side).
EDGE = 0.1
# The letters of one label are written in one colour: their extreme grey levels agree this closely.
LEVEL_TOLERANCE = 0.12
# Annotation software writes at the film's own white or black: a glyph whose core lies within this of
# the film's extreme is counted apart (`at_film_extreme`). A few hundredths allow for the working size's
# averaging and a store step.
EXTREME_TOLERANCE = 0.05
# Leads and tubes are traced at this lower step (see lead_mask).
LEAD_STEP = 0.12
# Rows of text anywhere on the film (`text_rows`): the small print of a margin label ("Bettaufnahme",
# "Auf Station") has lower-case letters of about 3 px at the working size...
PRINT_GLYPH_MIN = 0.006
# ... and a row of text is this many times wider than tall or more (three letters already are about
# twice), while a ringed side marker, read as the ring's two side arcs and the letter between them, is
# about as wide as tall (1.1-1.5 on the MHH films).
ROW_ASPECT = 1.8
# The faint step that only extends rows found at INK_STEP or FAINT_INK_STEP (`text_rows`).
ROW_EXTEND_STEP = 0.1


def local_background(pixels: np.ndarray) -> np.ndarray:
    """An ~18-px box mean of PIXELS at full size (BLOCK-px block means, smoothed over 3x3 blocks,
    repeated back)."""
    height, width = pixels.shape
    h, w = height // BLOCK * BLOCK, width // BLOCK * BLOCK
    if h == 0 or w == 0:
        return np.full_like(pixels, float(pixels.mean()))
    blocks = pixels[:h, :w].reshape(h // BLOCK, BLOCK, w // BLOCK, BLOCK).mean(axis=(1, 3))
    blocks = ndi.uniform_filter(blocks, 3, mode="nearest")
    full = np.repeat(np.repeat(blocks, BLOCK, axis=0), BLOCK, axis=1)
    return np.pad(full, ((0, height - h), (0, width - w)), mode="edge")


def glyphs_at(
    pixels: np.ndarray, contrast: np.ndarray, leads: np.ndarray, step: float, side: int, smallest: float = GLYPH_MIN
) -> list[dict]:
    """Glyph-sized pieces of ink (bright or dark, at least STEP from the local background): each with
    its box (x0, y0, x1, y1), centre, height and area. CONTRAST: PIXELS minus `local_background`;
    LEADS: `lead_mask` of it, whose long thin curves are dropped (neither depends on STEP, so several
    steps share them). SIDE: the whole image's longer side, which sizes glyphs (PIXELS may be a crop);
    SMALLEST: the smallest glyph, as a share of SIDE."""
    found = []
    for bright, mask in ((True, (contrast > step) & ~leads), (False, contrast < -step)):
        labels, areas, boxes = components(mask, min_area=4)
        for index, where in enumerate(boxes, start=1):
            if where is None:
                continue
            height, width = where[0].stop - where[0].start, where[1].stop - where[1].start
            longest = max(height, width)
            if not smallest * side <= longest <= GLYPH_MAX * side:
                continue
            fill = areas[index] / (height * width)
            if longest > 0.04 * side and fill < 0.12:
                continue  # a thin curve crossing a large box: a lead or tube, not writing
            found.append({
                "box": (where[1].start, where[0].start, where[1].stop, where[0].stop),
                "row": (where[0].start + where[0].stop) / 2,
                "col": (where[1].start + where[1].stop) / 2,
                "height": height,
                "area": int(areas[index]),
                "bright": bright,
                "level": float(pixels[where].max() if bright else pixels[where].min()),
            })
    return found


def components(mask: np.ndarray, min_area: int, diagonal: bool = False) -> tuple[np.ndarray, np.ndarray, list]:
    """Connected components of MASK: the label image, their areas (index 0: none) and their boxes,
    with None for those under MIN_AREA pixels (specks: noise, not glyphs). DIAGONAL: pixels touching
    at a corner connect (a one-pixel oblique line stays one piece)."""
    labels, count = ndi.label(mask, structure=np.ones((3, 3)) if diagonal else None)
    boxes = ndi.find_objects(labels)
    if count > 64:  # many: one pass over the image
        areas = np.bincount(labels.ravel(), minlength=count + 1)
    else:  # few (the usual case for ink): count inside each box only
        areas = np.zeros(count + 1, dtype=np.int64)
        for index, where in enumerate(boxes, start=1):
            areas[index] = int(np.count_nonzero(labels[where] == index))
    return labels, areas, [b if areas[i] >= min_area else None for i, b in enumerate(boxes, start=1)]


def lead_mask(contrast: np.ndarray, side: int, low: float = LEAD_STEP) -> np.ndarray:
    """Pixels of long thin bright curves (ECG leads, tubes, wires): components of CONTRAST > LOW
    spanning more than GLYPH_MAX of the side while filling under 12% of their box. Traced at a lower
    step than ink, so that a lead whose contrast dips along its course stays one curve instead of
    breaking into letter-sized pieces; and at half resolution (the maximum of each 2x2 block keeps a
    one-pixel line), which is four times cheaper and joins a lead's pieces further."""
    height, width = contrast.shape
    h, w = height // 2 * 2, width // 2 * 2
    c = contrast[:h, :w]
    half = np.maximum(np.maximum(c[0::2, 0::2], c[0::2, 1::2]), np.maximum(c[1::2, 0::2], c[1::2, 1::2]))
    # A curve longer than GLYPH_MAX of the side has at least that many (half-size) pixels.
    labels, areas, boxes = components(half > low, min_area=max(1, int(GLYPH_MAX * side / 2)), diagonal=True)
    long_thin = np.zeros(len(boxes) + 1, dtype=bool)
    for index, where in enumerate(boxes, start=1):
        if where is None:
            continue
        rows, cols = where[0].stop - where[0].start, where[1].stop - where[1].start
        long_thin[index] = max(rows, cols) > GLYPH_MAX * side / 2 and areas[index] < 0.12 * rows * cols
    leads = np.zeros(contrast.shape, dtype=bool)
    if long_thin.any():
        leads[:h, :w] = np.repeat(np.repeat(long_thin[labels], 2, axis=0), 2, axis=1)
    return leads


def longest_text_line(glyphs: list[dict]) -> int:
    """The most glyphs on one text line (see `text_line`)."""
    return len(text_line(glyphs))


def text_line(glyphs: list[dict]) -> list[dict]:
    """The glyphs of the longest text line: glyphs of similar height (0.5-2x) whose vertical centres lie
    within 0.35 of a glyph height of a seed glyph's, each within 2 heights horizontally of the line's
    previous glyph (the letters of one label, not pieces scattered over the chest)."""
    if not glyphs:
        return []
    rows = np.array([g["row"] for g in glyphs])
    cols = np.array([g["col"] for g in glyphs])
    heights = np.array([g["height"] for g in glyphs], float)
    bright = np.array([g["bright"] for g in glyphs])
    levels = np.array([g["level"] for g in glyphs])
    best, best_line = 1, [glyphs[0]]
    for seed in range(len(glyphs)):
        h = heights[seed]
        same = (np.abs(rows - rows[seed]) <= 0.35 * h) & (heights >= 0.5 * h) & (heights <= 2 * h) & (bright == bright[seed])
        same &= np.abs(levels - levels[seed]) <= LEVEL_TOLERANCE
        members = np.nonzero(same)[0]
        members = members[np.argsort(cols[members])]
        if members.size <= best:
            continue
        # Break the row where two neighbouring glyphs are more than 2 heights apart; keep the longest run.
        breaks = np.nonzero(np.diff(cols[members]) > 2 * h)[0]
        starts = np.concatenate([[0], breaks + 1])
        ends = np.concatenate([breaks + 1, [members.size]])
        longest = int(np.argmax(ends - starts))
        if ends[longest] - starts[longest] > best:
            best = int(ends[longest] - starts[longest])
            best_line = [glyphs[i] for i in members[starts[longest] : ends[longest]]]
    return best_line


def text_rows(pixels: np.ndarray, min_glyphs: int) -> list[tuple[int, int, int, int]]:
    """Every row of MIN_GLYPHS glyphs or more anywhere on PIXELS, outer band included, as boxes (x0, y0,
    x1, y1). This is for privacy (the LLM auditor blacks these rows out of the image it sends), not for
    the marker fault: a missed letter is a leak, a box too many costs little, so the search differs
    from the one over the lungs:
    - no lead mask: a label touching a bright film edge joins it into one long curve, which the mask
      drops with the label ("Bettaufnahme" on the tilted dev film mhh-81089cb4 was missed);
    - glyphs from PRINT_GLYPH_MIN: at GLYPH_MIN small lower-case print loses letters (a row found on
      mhh-1663b242 covered 6 of its 12 letters);
    - each row is read again at ROW_EXTEND_STEP, in a band along it, where the letters of a grey
      label fade into the film ("AP SI" of a grey "AP SITTING" over a lung, the capital of a shadowed
      "Bettaufnahme"); a row found there counts where it overlaps the row (alone, that step reads
      rows into vessels and ribs);
    - a row must be ROW_ASPECT times wider than tall, so that a ringed side marker is no row: side
      markers stay visible, the marker criterion needs them.
    A row found at several steps comes once per box it was found with: they overlap."""
    pixels = np.asarray(pixels, dtype=np.float32)
    side = max(pixels.shape)
    contrast = pixels - local_background(pixels)
    rows = _rows_at(pixels, contrast, INK_STEP, side, min_glyphs) + _rows_at(pixels, contrast, FAINT_INK_STEP, side, min_glyphs)
    longer = [found for row in rows for found in _along(pixels, contrast, row, side, min_glyphs) if _overlap(found, row)]
    return list(dict.fromkeys(rows + longer))


def _along(pixels: np.ndarray, contrast: np.ndarray, row: tuple[int, int, int, int], side: int, min_glyphs: int) -> list[tuple[int, int, int, int]]:
    """The rows at ROW_EXTEND_STEP in a band of the image's width around ROW, one row height above and
    below it: at that step the whole image holds hundreds of glyphs, too many to read rows among."""
    height = row[3] - row[1]
    top, bottom = max(0, row[1] - height), min(pixels.shape[0], row[3] + height)
    found = _rows_at(pixels[top:bottom], contrast[top:bottom], ROW_EXTEND_STEP, side, min_glyphs)
    return [(x0, y0 + top, x1, y1 + top) for x0, y0, x1, y1 in found]


def _rows_at(pixels: np.ndarray, contrast: np.ndarray, step: float, side: int, min_glyphs: int) -> list[tuple[int, int, int, int]]:
    """The boxes of `text_rows`' rows at one STEP: the longest `text_line`, then the longest of the
    glyphs left, until the longest has fewer than MIN_GLYPHS."""
    glyphs = glyphs_at(pixels, contrast, np.zeros(pixels.shape, dtype=bool), step, side, smallest=PRINT_GLYPH_MIN)
    rows = []
    while len(line := text_line(glyphs)) >= min_glyphs:
        box = _line_box(line, 0, 0)
        if box[2] - box[0] >= ROW_ASPECT * (box[3] - box[1]):
            rows.append(box)
        glyphs = [g for g in glyphs if not any(g is member for member in line)]
    return rows


def at_film_extreme(glyphs: list[dict], black: float, white: float) -> list[dict]:
    """The GLYPHS whose own level reaches the film's WHITE (bright ones) or BLACK (dark ones) within
    EXTREME_TOLERANCE. Burned-in ink is written at the display's extreme, while ribs, electrodes and
    wire crossings that pass the faint step against a burnt-out lung stay at a mid grey; but a
    burnt-out film's dark pieces lie at its black and an under-exposed film's clipped ones at its
    white, so this count reads exposure too. Beside the plain count the marker model weighs it
    negatively (docs/cxr-experiments.md, E58)."""
    return [g for g in glyphs if (g["level"] >= white - EXTREME_TOLERANCE if g["bright"] else g["level"] <= black + EXTREME_TOLERANCE)]


def _overlap(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    """Whether boxes A and B (x0, y0, x1, y1) share pixels."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def annotation_features(pixels: np.ndarray, lungs: np.ndarray | None = None) -> dict:
    """The features of `read_annotations`."""
    return read_annotations(pixels, lungs)[0]


def read_annotations(pixels: np.ndarray, lungs: np.ndarray | None = None) -> tuple[dict, dict[str, tuple[int, int, int, int]]]:
    """Ink over the lung fields (see the module's docstring). LUNGS: the lung mask at PIXELS' size
    (measure() has it; computed here when not given). Returns the features
    - annotation_glyphs: glyph-sized ink pieces over the lungs (capped at 12);
    - annotation_line: the most of them on one text line (0 when none);
    - annotation_ink: the share of the searched box covered by those pieces' ink, x1000;
    - faint_annotation_glyphs, faint_annotation_line: the same at FAINT_INK_STEP;
    - extreme_annotation_glyphs: those faint glyphs whose own level reaches the film's white (bright
      ones) or black (dark ones), within EXTREME_TOLERANCE (`at_film_extreme`);
    and the boxes (x0, y0, x1, y1, in PIXELS) of the text lines with two glyphs or more: "text" (what
    a finding points at, and what is not a foreign object) and "faint_text" (where a finding points
    when only the faint reading found a line)."""
    if lungs is None:
        lungs = _lungs(pixels)
    empty = (
        {"annotation_glyphs": 0, "annotation_line": 0, "annotation_ink": 0.0, "faint_annotation_glyphs": 0, "faint_annotation_line": 0,
         "extreme_annotation_glyphs": 0},
        {},
    )
    if not lungs.any():
        return empty
    side = max(pixels.shape)
    margin = max(1, int(LUNG_MARGIN * side))
    rows, cols = np.nonzero(lungs.any(axis=1))[0], np.nonzero(lungs.any(axis=0))[0]
    height, width = pixels.shape
    # The lungs' box, grown a little (ink on a lung's edge is cut out of the mask) but never into the
    # image's outer band, where real films carry their burned-in labels.
    edge_y, edge_x = int(EDGE * height), int(EDGE * width)
    y0, y1 = max(edge_y, rows.min() - margin), min(height - edge_y, rows.max() + 1 + margin)
    # The thorax is symmetric: take the lungs' columns mirrored too, so that a lung the mask misses
    # (consolidated, white) still counts as lung field.
    left, right = min(cols.min(), width - 1 - cols.max()), max(cols.max(), width - 1 - cols.min())
    x0, x1 = max(edge_x, left - margin), min(width - edge_x, right + 1 + margin)
    if y1 - y0 < 8 or x1 - x0 < 8:
        return empty
    crop = np.asarray(pixels[y0:y1, x0:x1], dtype=np.float32)
    contrast = crop - local_background(crop)
    leads = lead_mask(contrast, side)
    glyphs = glyphs_at(crop, contrast, leads, INK_STEP, side)
    faint = glyphs_at(crop, contrast, leads, FAINT_INK_STEP, side)
    line, faint_line = text_line(glyphs), text_line(faint)
    features = {
        "annotation_glyphs": min(len(glyphs), 12),
        "annotation_line": len(line),
        "annotation_ink": round(1000 * sum(g["area"] for g in glyphs) / crop.size, 3),
        "faint_annotation_glyphs": min(len(faint), 12),
        "faint_annotation_line": len(faint_line),
        "extreme_annotation_glyphs": min(len(at_film_extreme(faint, float(pixels.min()), float(pixels.max()))), 12),
    }
    boxes = {name: _line_box(found, x0, y0) for name, found in (("text", line), ("faint_text", faint_line)) if len(found) >= 2}
    return features, boxes


def _line_box(line: list[dict], x0: int, y0: int) -> tuple[int, int, int, int]:
    """The box around LINE's glyphs, found in a crop at X0, Y0, in the whole image's coordinates."""
    return (
        x0 + min(g["box"][0] for g in line), y0 + min(g["box"][1] for g in line),
        x0 + max(g["box"][2] for g in line), y0 + max(g["box"][3] for g in line),
    )


def _lungs(pixels: np.ndarray) -> np.ndarray:
    """The lung mask as features.measure() finds it (at half resolution, used at full)."""
    from radqc.agents.cxr.features import _double, _half
    from radqc.agents.cxr.field import background_mask
    from radqc.agents.cxr.lungs import lung_mask

    half = _half(pixels)
    return _double(lung_mask(half, background_mask(half)), pixels.shape)
