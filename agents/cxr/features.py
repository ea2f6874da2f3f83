"""All measurements of one radiograph, computed once: the flat feature dict the decisions, the k-NN vote
over past cases and the knowledge base share, plus the masks and boxes that findings point at."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace

import numpy as np

from radqc.agents.cxr.annotations import read_annotations
from radqc.agents.cxr.cutoff import exposed_box, exposed_field, field_edges, frame_cut
from radqc.agents.cxr.exposure import exposure_stats, noise_residual, noise_sigma
from radqc.agents.cxr.field import background_margins, background_mask, border_contact, field_geometry, flat_frame, lung_box, padding
from radqc.agents.cxr.lungs import lung_mask
from radqc.agents.cxr.masks import block_mean, repeat_to
from radqc.agents.cxr.markers import marker_chirality, marker_glyphs, misplaced_side_marker, side_letter_chirality
from radqc.agents.cxr.objects import compact_objects, contrast_floor
from radqc.agents.cxr.framing import framing_scores, template_framings
from radqc.agents.cxr.orientation import FIELD, TEMPLATE_SIDE, field_orientation_margin, heart_side, normalised_thumbnail, orientation_scores
from radqc.agents.cxr.sharpness import sharpness_stats

WORKING_SIDE = 512


@dataclass
class Measurements:
    features: dict[str, float]
    lungs: np.ndarray
    lung_box: tuple[int, int, int, int] | None
    # Named working-pixel boxes that individual findings point at (objects, text clusters).
    boxes: dict[str, list[tuple[int, int, int, int]]] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)


def measure(pixels: np.ndarray, template: np.ndarray | None = None, field_template: np.ndarray | None = None) -> Measurements:
    """TEMPLATE, FIELD_TEMPLATE: the orientation templates to compare with (default: the shipped ones).
    Padding an export added (`field.padding`) is left out: the film inside it is measured, and its masks
    and boxes are placed back in PIXELS' coordinates."""
    bars = padding(pixels)
    if not bars:
        return _measure_film(pixels, template, field_template)
    top, left = bars.get("top", 0), bars.get("left", 0)
    bottom, right = pixels.shape[0] - bars.get("bottom", 0), pixels.shape[1] - bars.get("right", 0)
    return _placed(_measure_film(pixels[top:bottom, left:right], template, field_template), top, left, pixels.shape)


def _placed(measured: Measurements, top: int, left: int, shape: tuple[int, int]) -> Measurements:
    """MEASURED (of a film cut out at TOP, LEFT) in the coordinates of the whole image of SHAPE."""
    lungs = np.zeros(shape, dtype=bool)
    lungs[top : top + measured.lungs.shape[0], left : left + measured.lungs.shape[1]] = measured.lungs

    def moved(box):
        return (box[0] + left, box[1] + top, box[2] + left, box[3] + top)

    return replace(
        measured,
        lungs=lungs,
        lung_box=moved(measured.lung_box) if measured.lung_box else None,
        boxes={name: [moved(box) for box in boxes] for name, boxes in measured.boxes.items()},
    )


def _measure_film(pixels: np.ndarray, template: np.ndarray | None, field_template: np.ndarray | None) -> Measurements:
    # The masks are coarse by nature: find them at half resolution (4x cheaper), use them at full.
    half = _half(pixels)
    half_background = background_mask(half)
    background = _double(half_background, pixels.shape)
    lungs = _double(lung_mask(half, half_background), pixels.shape)
    features: dict = {}
    thumb = normalised_thumbnail(pixels, TEMPLATE_SIDE)
    # The exposed field alone (`cutoff.exposed_field`): what is left of the thorax, whatever empty
    # margins a collimation fault put around it.
    exposed = exposed_box(pixels)
    field_thumb = normalised_thumbnail(exposed_field(pixels, exposed), TEMPLATE_SIDE)
    glyphs = marker_glyphs(pixels)
    chirality = marker_chirality(pixels, glyphs)
    orientation = orientation_scores(thumb, template, chirality, template_framings(template))
    framing = framing_scores(thumb, template)
    # Cut-off is judged on the exposed field's layout: the whole image's layout also changes with
    # wide or off-centre framing, and such films looked cut (on the dev cross-simulator benchmark,
    # cut-off F1 went 0.317 -> 0.416 on A/B/C and 0.370 -> 0.434 on D with the field's cut gain).
    field_framing = framing_scores(field_thumb, field_template, which=FIELD)
    notes = {
        "orientation_best_fault": orientation.pop("orientation_best_fault"),
        "cut_side": field_framing["cut_side"],
        "shift_side": framing["shift_side"],
    }
    features.update(orientation)
    features["field_orientation_margin"] = field_orientation_margin(field_thumb, field_template)
    features.update(framing["features"])
    features["cut_gain"] = field_framing["features"]["cut_gain"]
    residual = noise_residual(pixels)
    features.update(exposure_stats(pixels, lungs, residual))
    frame = flat_frame(pixels)
    contact = border_contact(lungs, frame=frame)
    features.update(contact)
    features["lung_at_max"] = max(contact.values())
    features["frame_aspect"] = round(pixels.shape[1] / pixels.shape[0], 4)
    # The film's own shape, inside any flat canvas an export put it on: what says which axis a crop took (`explain.cut_side`).
    notes["film_aspect"] = round((pixels.shape[1] - frame["left"] - frame["right"])
                                 / max(1, pixels.shape[0] - frame["top"] - frame["bottom"]), 4)
    features["frame_cut"], notes["frame_cut_side"] = frame_cut(pixels.shape, contact, frame)
    features.update(field_geometry(lungs))
    features.update(background_margins(background))
    features.update(field_edges(pixels))
    features["lung_centre_offset"] = round(float(np.hypot(features["lung_centre_dx"], features["lung_centre_dy"])), 4)
    features["lung_area_fraction"] = round(float(lungs.mean()), 4)
    box = lung_box(lungs)
    features.update(sharpness_stats(pixels, box, exposed))
    features.update(anatomy_proxies(lungs, box))
    features["heart_side"] = heart_side(pixels, lungs, box)
    features["marker_chirality"] = chirality
    features["side_letter_chirality"] = side_letter_chirality(glyphs, chirality)
    misplaced = misplaced_side_marker(pixels, glyphs)
    features["wrong_side_marker"] = 1.0 if misplaced else 0.0
    thorax = thorax_region(background)
    annotations, text_boxes = read_annotations(pixels, lungs)
    features.update(annotations)
    text = text_boxes.get("text")
    floor = contrast_floor(noise_sigma(pixels, thorax, residual))
    objects = [o for o in compact_objects(pixels, thorax, floor) if not (text and _letter_of(o["box"], text))]
    features["object_count"] = min(len(objects), 3)  # a chain of beads is not more foreign than three
    features["object_contrast"] = objects[0]["contrast"] if objects else 0.0
    features["object_brightness"] = objects[0]["brightness"] if objects else 0.0
    # A lone letter over a lung (a lead side marker, a one-letter label) is no text line, so it stays
    # among the objects; but its stroke is thin for its size, a coin's or button's is not. The marker
    # decision reads the strongest such letter-like object (`LETTER_STROKE`).
    letters = [o for o in objects if o["stroke"] < LETTER_STROKE]  # strongest first, like OBJECTS
    features["letter_contrast"] = letters[0]["contrast"] if letters else 0.0
    # Jewellery, coins and clips are thicker than the 4-px specks that bone edges and noise leave.
    thickest = max(objects, key=lambda o: o["thickness"], default=None)
    features["object_thickness"] = thickest["thickness"] if thickest else 0.0
    features["object_edge"] = thickest["edge"] if thickest else 0.0
    boxes = {"objects": [o["box"] for o in objects], "letters": [o["box"] for o in letters], **{name: [box] for name, box in text_boxes.items()}}
    if misplaced:
        notes["side_marker"], boxes["side_marker"] = misplaced[0], [misplaced[1]]
    return Measurements(features=features, lungs=lungs, lung_box=box, boxes=boxes, notes=notes)


# An object is one letter of a text line only when the line is clearly wider than it.
LETTER_OF_LINE = 0.6
# An object is letter-like when its stroke (thickness over its box's shorter side) is under this: the
# objects found on the dev simulators' marker faults have medians of 0.36-0.50, on their foreign-object
# faults 0.68-0.96 (chosen once between those, not searched).
LETTER_STROKE = 0.5


def _letter_of(box, line, margin: int = 4) -> bool:
    """Whether the object in BOX is a letter of the text LINE (boxes as x0, y0, x1, y1): a letter or a
    ruler's tick is compact and bright too, so what lies in a text line is annotation. But the rim of
    a large disc or ring is itself read as a row of glyphs, whose "line" is the object: such an object
    is as wide as its line and stays an object (on the dev cross-simulator harness, foreign-object F1
    0.529 -> 0.543 on A/B/C and 0.775 -> 0.798 on D)."""
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    centred = line[0] - margin <= cx <= line[2] + margin and line[1] - margin <= cy <= line[3] + margin
    return centred and box[2] - box[0] < LETTER_OF_LINE * (line[2] - line[0])


def _half(pixels: np.ndarray) -> np.ndarray:
    return block_mean(pixels, 2)


def _double(mask: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """A half-resolution mask back at SHAPE (the odd last row or column repeats its neighbour)."""
    return repeat_to(mask, 2, shape)


def thorax_region(background: np.ndarray, border: float = 0.05) -> np.ndarray:
    """Where objects and annotations matter: inside the body, away from the image's outer 5%, where
    side markers and detector labels belong. Wider than the lung mask, which misses consolidated lung."""
    height, width = background.shape
    dy, dx = int(border * height), int(border * width)
    region = np.zeros(background.shape, dtype=bool)
    region[dy : height - dy, dx : width - dx] = True
    return region & ~background


def anatomy_proxies(lungs: np.ndarray, box) -> dict:
    """Coarse proxies for the anatomy criteria (inspiration, rotation); weak by nature, see decide.py."""
    if box is None:
        return {"lung_aspect": 0.0, "lung_balance": 0.0, "lung_balance_abs": 0.0}
    x0, y0, x1, y1 = box
    middle = (x0 + x1) // 2
    left, right = float(lungs[:, :middle].sum()), float(lungs[:, middle:].sum())
    return {
        "lung_aspect": round((y1 - y0) / max(1, x1 - x0), 4),
        "lung_balance": round((right - left) / max(1.0, right + left), 4),
        "lung_balance_abs": round(abs(right - left) / max(1.0, right + left), 4),
    }


# Measurements of the last few files (the workflow measures one radiograph for retrieval and again
# in each auditor role): keyed by the file's identity and the working size, so repeats are free.
# Several cases are audited at once in threads (`radqc eval --workers`), hence the lock; the measuring
# itself runs outside it.
_MEASURED: dict[tuple, Measurements] = {}
_MEASURED_LOCK = threading.Lock()
MEASURED_IMAGES = 8


def measure_radiograph(radiograph) -> Measurements:
    """`measure` on a loaded radiograph, remembered per file (path, size, mtime) for this process."""
    if radiograph.identity is None:
        return measure(radiograph.pixels)
    key = (radiograph.identity, radiograph.pixels.shape)
    with _MEASURED_LOCK:
        known = _MEASURED.get(key)
    if known is not None:
        return known
    measured = measure(radiograph.pixels)
    with _MEASURED_LOCK:
        while len(_MEASURED) >= MEASURED_IMAGES:
            _MEASURED.pop(next(iter(_MEASURED)))
        _MEASURED[key] = measured
    return measured


def image_features(radiograph) -> dict[str, float]:
    """The numeric features of a loaded radiograph (what the workflow stores with a verified case)."""
    return dict(measure_radiograph(radiograph).features)
