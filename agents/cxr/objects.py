"""Bright structures on the chest that are not anatomy: compact radiopaque objects and text strokes.

Both are found as small, much brighter-than-surroundings components (a white top-hat). Shape then
tells them apart from what belongs there: ECG leads, tubes and lines are thin and long (their inscribed
width stays at 1-2 px) and are not foreign objects; jewellery, buttons and clips are compact and thick.
Burned-in text is a row of many small thin strokes close together.
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage as ndi

from radqc.agents.cxr.masks import fill_holes

Box = tuple[int, int, int, int]

# How much brighter than its surroundings an object must be: a fixed step, and on a grainy film
# GRAIN_SIGMAS times the grain as well. Clusters of quantum mottle on under-exposed films passed the
# fixed step and were read as objects; the grain of an untouched film leaves the fixed step in force.
# With the grain step, foreign-object F1 on the dev cross-simulator harness went 0.503 -> 0.529
# (A/B/C) and 0.708 -> 0.775 (D).
MIN_CONTRAST = 0.3
GRAIN_SIGMAS = 14


def bright_components(pixels: np.ndarray, size: int, min_contrast: float) -> tuple[np.ndarray, int, np.ndarray]:
    """Label image of structures narrower than SIZE and at least MIN_CONTRAST brighter than their surroundings."""
    tophat = pixels - ndi.grey_opening(pixels, size=(size, size))
    labels, count = ndi.label(tophat > min_contrast)
    return labels, count, tophat


def contrast_floor(grain: float) -> float:
    """The step an object must stand out by on a film whose grain (`exposure.noise_sigma`) is GRAIN."""
    return max(MIN_CONTRAST, GRAIN_SIGMAS * grain)


def compact_objects(pixels: np.ndarray, region: np.ndarray, min_contrast: float = MIN_CONTRAST) -> list[dict]:
    """Thick, compact bright objects inside REGION (bool mask), strongest first. Metal is denser than
    bone, so an object must also be at least as bright as the densest anatomy around it (its 99.99th percentile, i.e. bone)."""
    side = max(pixels.shape)
    labels, count, tophat = bright_components(pixels, size=max(15, side // 8), min_contrast=min_contrast)
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
            # A letter's stroke is a fraction of its size; a coin, button or filled ring is as thick as wide.
            "stroke": round(thickness / max(1, min(height, width)), 3),
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
