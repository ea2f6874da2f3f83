"""Bright structures on the chest that are not anatomy: compact radiopaque objects and text strokes.

Both are found as small, much brighter-than-surroundings components (a white top-hat). Shape then
tells them apart from what belongs there: ECG leads, tubes and lines are thin and long (their inscribed
width stays at 1-2 px) and are not foreign objects; jewellery, buttons and clips are compact and thick.
Burned-in text is a row of many small thin strokes close together.
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage as ndi

from radqc.agents.cxr.masks import dilate_rectangle, fill_holes

Box = tuple[int, int, int, int]


def bright_components(
    pixels: np.ndarray, size: int, min_contrast: float, tophat: np.ndarray | None = None
) -> tuple[np.ndarray, int, np.ndarray]:
    """Label image of structures narrower than SIZE and at least MIN_CONTRAST brighter than their
    surroundings (TOPHAT: the white top-hat at SIZE, when already computed)."""
    if tophat is None:
        tophat = white_tophat(pixels, size)
    labels, count = ndi.label(tophat > min_contrast)
    return labels, count, tophat


def white_tophat(pixels: np.ndarray, size: int) -> np.ndarray:
    """How much brighter each pixel is than the opening at SIZE (what remains of structures narrower than SIZE)."""
    return pixels - ndi.grey_opening(pixels, size=(size, size))


def object_tophat(pixels: np.ndarray) -> np.ndarray:
    """The top-hat objects are found in (structures up to 1/8 of the image, about 5 cm): computed once,
    shared by `compact_objects` and `object_evidence`."""
    return white_tophat(pixels, max(15, max(pixels.shape) // 8))


def compact_objects(
    pixels: np.ndarray, region: np.ndarray, min_contrast: float = 0.3, tophat: np.ndarray | None = None
) -> list[dict]:
    """Thick, compact bright objects inside REGION (bool mask), strongest first. Metal is denser than
    bone, so an object must also be at least as bright as the densest anatomy around it (its 99.99th percentile, i.e. bone).
    TOPHAT: `object_tophat(pixels)`, when already computed."""
    side = max(pixels.shape)
    labels, count, tophat = bright_components(pixels, size=max(15, side // 8), min_contrast=min_contrast, tophat=tophat)
    anatomy = region & (labels == 0)
    # Rings (a coin's rim, a bead) count with their inside: fill holes once for all components.
    labels, count = ndi.label(fill_holes(labels > 0))
    densest = float(np.percentile(pixels[anatomy], 99.99)) if anatomy.any() else 1.0
    objects = []
    for index, where in enumerate(ndi.find_objects(labels), start=1):
        if where is None:
            continue
        component = labels[where] == index
        area = int(component.sum())
        if area < 12 or area > 0.01 * pixels.size or not region[where][component].mean() > 0.5:
            continue
        thickness = 2 * float(ndi.distance_transform_edt(np.pad(component, 1)).max())
        height, width = component.shape
        elongation = max(height, width) / max(1, min(height, width))
        brightness = float(pixels[where][component].mean())
        if thickness < 4 or elongation > 4 or brightness < densest:
            continue  # a line, lead, tube or rib edge, or no denser than bone
        objects.append({
            "box": (where[1].start, where[0].start, where[1].stop, where[0].stop),
            "area": area,
            "thickness": round(thickness, 1),
            "edge": edge_steepness(pixels, where),
            "contrast": round(float(tophat[where][component].mean()), 3),
            "brightness": round(brightness, 3),
        })
    return sorted(objects, key=lambda o: -o["contrast"])


def edge_steepness(pixels: np.ndarray, where: tuple[slice, slice], pad: int = 4) -> float:
    """The steepest grey-level step around an object (95th percentile of the gradient in its box grown
    by PAD): metal ends abruptly, while the bright specks that exposure faults and noise leave in
    anatomy fade into it."""
    rows, cols = where
    patch = pixels[max(0, rows.start - pad) : rows.stop + pad, max(0, cols.start - pad) : cols.stop + pad]
    gradient = np.hypot(*np.gradient(ndi.gaussian_filter(patch.astype(np.float32), 0.7)))
    return round(float(np.percentile(gradient, 95)), 4)


# --- what a foreign object means, measured without any simulator's grey levels ----------------------
#
# An object left on the patient is extra attenuation with a hard outline: a step up in density that
# happens within a pixel or two all around a compact shape, and (for metal) denser than any bone.
# Anatomy that survives a top-hat (rib crossings, vertebrae, calcified nodes) rises gently; exposure
# faults and display curves stretch or squash every grey level, so absolute contrasts (a top-hat of
# 0.3) mean different things on different films. Each measure below is therefore a ratio: the step
# against the film's own grey-level spread, the edge gradient against the step itself (an inverse
# edge width in pixels), the object's density against the film's bone level.

EVIDENCE_NAMES = ("object_step", "object_sharpness", "object_density")
# A candidate rises at least this share of the film's grey-level spread above what the opening leaves.
RISE = 0.4
MEASURED_CANDIDATES = 6


def object_evidence(
    pixels: np.ndarray,
    region: np.ndarray,
    tophat: np.ndarray | None = None,
    exclude: list[Box] | tuple = (),
    chest: Box | None = None,
) -> dict[str, float]:
    """Contrast-free evidence of one foreign object inside REGION: the candidate with the strongest
    sharp step (its `step` x `sharpness`) reports
      object_step: its step over its immediate surroundings / the thorax's grey-level spread (2nd-98th
        percentile), so a coin is as strong on a dark film as on a bright one;
      object_sharpness: the edge gradient along its outline / its step (about 1 / edge width in px):
        an object's outline is abrupt, anatomy's is not;
      object_density: how far its bright core lies above the film's bone level (99.5th percentile of
        the thorax outside candidates), in spreads: metal is denser than bone, plastic about level.
    Candidates are compact (inscribed width >= 3 px, box no longer than 4x its width, holes filled so
    rings and buttons count whole); thin long leads, tubes and text strokes never qualify. Boxes in
    EXCLUDE (text lines) are skipped. CHEST (the lung box, x0, y0, x1, y1): only candidates centred over
    it (grown by a tenth sideways, a fifth upwards for the neck) count, since a foreign object is one
    over the chest, and side markers, detector labels and the body's edge lie outside it.
    TOPHAT: `object_tophat(pixels)` when already computed."""
    empty = {name: 0.0 for name in EVIDENCE_NAMES}
    if not region.any():
        return empty
    if tophat is None:
        tophat = object_tophat(pixels)
    inside_region = pixels[region]
    low, high = np.percentile(inside_region[:: max(1, inside_region.size // 20000)], (2, 98))
    spread = max(float(high - low), 0.05)
    # Leads and wires (1-2 px wide) would join objects into one long network: open them away first,
    # then fill only object-sized holes (a ring's, a button's), not the loops wires and ribs enclose.
    bright = ((tophat > RISE * spread) & region).view(np.uint8)
    bright = ndi.maximum_filter(ndi.minimum_filter(bright, size=3), size=3).astype(bool)  # a 3x3 opening
    holes, n_holes = ndi.label(fill_holes(bright) & ~bright)
    if n_holes:
        hole_area = np.bincount(holes.ravel(), minlength=n_holes + 1)
        small = hole_area <= (max(pixels.shape) / 16) ** 2
        small[0] = False
        bright = bright | small[holes]
    labels, count = ndi.label(bright)
    if count == 0:
        return empty
    if chest is not None:
        x0, y0, x1, y1 = chest
        grown = (x0 - 0.1 * (x1 - x0), y0 - 0.2 * (y1 - y0), x1 + 0.1 * (x1 - x0), y1)
    candidates = []
    for index, where in enumerate(ndi.find_objects(labels), start=1):
        if where is None:
            continue
        height, width = where[0].stop - where[0].start, where[1].stop - where[1].start
        if height * width < 12 or max(height, width) > 4 * max(1, min(height, width)) or height * width > 0.03 * pixels.size:
            continue
        if any(_centre_inside(where, box) for box in exclude):
            continue
        if chest is not None and not _centre_inside(where, grown):
            continue
        candidates.append((index, where))
    if not candidates:
        return empty
    # Only the few that rise highest are measured in full (an object, if there is one, is among them;
    # this bounds the cost on films full of rib crossings and wires).
    peaks = [float(tophat[where].max()) for _, where in candidates]
    candidates = [candidates[k] for k in np.argsort(peaks)[::-1][:MEASURED_CANDIDATES]]
    # The film's bone level: the densest anatomy, outside every candidate.
    anatomy = region & (labels == 0)
    dense = pixels[anatomy]
    bone = float(np.percentile(dense[:: max(1, dense.size // 20000)], 99.5)) if dense.size > 100 else float(high)
    best, best_score = empty, 0.0
    for index, where in candidates:
        pad = 4
        rows = slice(max(0, where[0].start - pad), where[0].stop + pad)
        cols = slice(max(0, where[1].start - pad), where[1].stop + pad)
        filled = labels[rows, cols] == index
        if filled.sum() < 12 or 2 * ndi.distance_transform_edt(np.pad(filled, 1)).max() < 3:
            continue
        patch = pixels[rows, cols]
        material = filled & (tophat[rows, cols] > RISE * spread)  # the object itself, not a ring's hole
        ring = ndi.binary_dilation(filled, iterations=3) & ~ndi.binary_dilation(filled, iterations=1)
        if material.sum() < 6 or ring.sum() < 6:
            continue
        core = float(np.percentile(patch[material], 75))
        step = core - float(np.median(patch[ring]))
        if step <= 0:
            continue
        gradient = np.hypot(*np.gradient(ndi.gaussian_filter(patch.astype(np.float32), 0.7)))
        outline = ndi.binary_dilation(material, iterations=1) & ~ndi.binary_erosion(material, iterations=1)
        edge = float(np.percentile(ndi.maximum_filter(gradient, size=3)[outline], 75))
        step_rel, sharpness = step / spread, min(edge / step, 1.0)
        score = step_rel * sharpness
        if score > best_score:
            best_score = score
            best = {
                "object_step": round(min(step_rel, 2.0), 4),
                "object_sharpness": round(sharpness, 4),
                "object_density": round(float(np.clip((core - bone) / spread, -1.0, 1.0)), 4),
            }
    return best


def _centre_inside(where: tuple[slice, slice], box, margin: int = 4) -> bool:
    cy, cx = (where[0].start + where[0].stop) / 2, (where[1].start + where[1].stop) / 2
    return box[0] - margin <= cx <= box[2] + margin and box[1] - margin <= cy <= box[3] + margin


def text_clusters(pixels: np.ndarray, region: np.ndarray, min_contrast: float = 0.2) -> list[dict]:
    """Clusters of small thin bright strokes inside REGION, largest first."""
    side = max(pixels.shape)
    labels, count, _ = bright_components(pixels, size=max(5, side // 80), min_contrast=min_contrast)
    if count == 0:
        return []
    areas = ndi.sum(np.ones_like(labels), labels, index=np.arange(1, count + 1))
    small = np.isin(labels, 1 + np.nonzero((areas >= 3) & (areas <= (side // 25) ** 2))[0]) & region
    # Letters of one word are separated by a few pixels horizontally: join them into clusters.
    joined = dilate_rectangle(small, 3, max(3, side // 60))
    clusters, n_clusters = ndi.label(joined)
    found = []
    for index, where in enumerate(ndi.find_objects(clusters), start=1):
        height, width = clusters[where].shape
        if width < height:
            continue
        letters = aligned_strokes(small[where] & (clusters[where] == index), max_height=max(6, side // 12))
        if letters >= 2:
            found.append({"box": (where[1].start, where[0].start, where[1].stop, where[0].stop), "strokes": letters})
    return sorted(found, key=lambda c: -c["strokes"])


def aligned_strokes(strokes: np.ndarray, max_height: int) -> int:
    """How many strokes share one text line: similar height and vertical centre, no taller than
    MAX_HEIGHT (wires and rib edges vary in both; letters of a word do not)."""
    labels, count = ndi.label(strokes)
    if count < 2:
        return 0
    boxes = [w for w in ndi.find_objects(labels) if w is not None]
    heights = np.array([w[0].stop - w[0].start for w in boxes], float)
    centres = np.array([(w[0].start + w[0].stop) / 2 for w in boxes])
    typical_height, typical_centre = np.median(heights), np.median(centres)
    if not 3 <= typical_height <= max_height:
        return 0
    on_line = (np.abs(heights - typical_height) <= 0.4 * typical_height) & (
        np.abs(centres - typical_centre) <= 0.35 * typical_height
    )
    return int(on_line.sum())
