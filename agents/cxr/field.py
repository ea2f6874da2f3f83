"""Where the thorax sits in the field: lung content at the image borders, field size and centring.

A lung field that reaches an image border was cut off by the collimator or the detector edge. A field
much larger than the thorax (small lungs in a large image, wide empty margins) or a thorax far from the
centre is a collimation/centring fault.
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage as ndi

SIDES = ("top", "bottom", "left", "right")
# Directly exposed detector is within this much of the image's darkest level (after smoothing).
BACKGROUND_BAND = 0.05


def background_mask(pixels: np.ndarray) -> np.ndarray:
    """Directly exposed area outside the body: near the darkest level and connected to an image border."""
    smooth = ndi.gaussian_filter(pixels, sigma=2)
    dark = smooth < np.percentile(smooth, 1) + BACKGROUND_BAND
    labels, _ = ndi.label(dark)
    touching = np.unique(np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]]))
    return np.isin(labels, touching[touching > 0])


def background_margins(background: np.ndarray, full: float = 0.9) -> dict:
    """How deep the empty field reaches in from each side (rows/columns at least FULL background),
    as fractions of the image size, with their sum and left/right or top/bottom imbalance."""
    height, width = background.shape

    def depth(lines: np.ndarray) -> int:
        empty = lines.mean(axis=1) >= full
        return int(np.argmin(empty)) if not empty.all() else len(empty)

    depths = {
        "top": depth(background) / height,
        "bottom": depth(background[::-1]) / height,
        "left": depth(background.T) / width,
        "right": depth(background.T[::-1]) / width,
    }
    return {
        "background_fraction": round(float(background.mean()), 4),
        "empty_margin_sum": round(sum(depths.values()), 4),
        "empty_margin_imbalance": round(max(abs(depths["left"] - depths["right"]), abs(depths["top"] - depths["bottom"])), 4),
    }


# A row or column this uniform is no image content: a constant pad or a flat shutter shadow.
FLAT_STD = 0.01
# Padding bars: at least this share of the image's side each, equal within this share of it, and
# digitally uniform (a pad has no grain, unlike exposed detector; JPEG leaves a little).
PADDING_MIN, PADDING_TOLERANCE, PADDING_STD = 0.02, 0.01, 0.002
# A frame of padding on all four sides is at most this share of each side: an export's border. A wider
# one is what a collimation fault can leave: simulator B shrinks a film into a flat canvas, 12-25 % of
# each side when centred (1 of its 114 dev faults has a frame this thin, no other simulator's any).
FRAME_MAX = 0.08


def flat_frame(pixels: np.ndarray, max_std: float = FLAT_STD) -> dict[str, int]:
    """How many uniform rows/columns border the image on each side. A cut-off image may have been
    padded back to its size (a black or white strip); the lung then reaches that strip, not the edge."""

    def depth(lines: np.ndarray) -> int:
        flat = lines.std(axis=1) < max_std
        return 0 if flat.all() else int(np.argmin(flat))

    return {"top": depth(pixels), "bottom": depth(pixels[::-1]), "left": depth(pixels.T), "right": depth(pixels.T[::-1])}


def padding(pixels: np.ndarray) -> dict[str, int]:
    """The digitally uniform bars (`flat_frame`) an export added around the film, to be left out before
    measuring: letterbox bars of the same depth on exactly two opposite sides (to fit another shape: a
    square PNG, a screen), or a thin frame on all four, each pair of the same depth. Empty when there
    are none. Such bars are no exposure: measured with them, 37 of the 56 never-fitted renditions in
    12 % bars above and below were called badly collimated, and 7 of them in a black 4 % frame drew a
    false alarm (`benchmarks/bench_cxr_archive_variants.py`). A collimation or cut-off fault pads the
    sides it moves the film away from, not opposite ones alike: of the four fault simulators' faulted
    dev films, 1 of 456 collimation faults (simulator C) has letterbox bars, 1 (B) a thin frame, and
    13 of D's wrong displays letterbox bars (with them left out, D's orientation F1 went 0.742 -> 0.765)."""
    frame = flat_frame(pixels, max_std=PADDING_STD)
    height, width = pixels.shape

    def paired(first: str, second: str, length: int) -> bool:
        depths = frame[first], frame[second]
        return abs(depths[0] - depths[1]) <= max(2, PADDING_TOLERANCE * length) and min(depths) >= PADDING_MIN * length

    rows, columns = paired("top", "bottom", height), paired("left", "right", width)
    if rows and columns:
        thin = max(frame["top"], frame["bottom"]) <= FRAME_MAX * height and max(frame["left"], frame["right"]) <= FRAME_MAX * width
        return dict(frame) if thin else {}
    if rows and not frame["left"] and not frame["right"]:
        return {"top": frame["top"], "bottom": frame["bottom"]}
    if columns and not frame["top"] and not frame["bottom"]:
        return {"left": frame["left"], "right": frame["right"]}
    return {}


def border_contact(lungs: np.ndarray, depth: int = 2, frame: dict[str, int] | None = None) -> dict:
    """Share of each image side's length that lung touches: within DEPTH pixels of the edge, or of the
    inner edge of a flat FRAME on that side (`flat_frame`; a few pixels more slack there, because the
    mask keeps a small gap from a strip as dark or bright as the frame)."""
    frame = frame or {}
    reach = {side: frame.get(side, 0) + depth + (3 if frame.get(side) else 0) for side in SIDES}
    strips = {
        "top": lungs[: reach["top"]].any(axis=0),
        "bottom": lungs[lungs.shape[0] - reach["bottom"] :].any(axis=0),
        "left": lungs[:, : reach["left"]].any(axis=1),
        "right": lungs[:, lungs.shape[1] - reach["right"] :].any(axis=1),
    }
    return {f"lung_at_{side}": round(float(strips[side].mean()), 4) for side in SIDES}


def lung_box(lungs: np.ndarray) -> tuple[int, int, int, int] | None:
    """[x0, y0, x1, y1] of the lung mask in working pixels, None without lungs."""
    rows, cols = np.nonzero(lungs)
    if rows.size == 0:
        return None
    return int(cols.min()), int(rows.min()), int(cols.max()) + 1, int(rows.max()) + 1


def field_geometry(lungs: np.ndarray) -> dict:
    """Size and position of the lungs' bounding box relative to the image."""
    height, width = lungs.shape
    box = lung_box(lungs)
    if box is None:
        return {"lung_box_fraction": 0.0, "lung_centre_dx": 0.0, "lung_centre_dy": 0.0, "lung_margin_min": 0.0}
    x0, y0, x1, y1 = box
    return {
        "lung_box_fraction": round((x1 - x0) * (y1 - y0) / (height * width), 4),
        # Offset of the lungs' centre from the image centre, in fractions of the image size.
        "lung_centre_dx": round(((x0 + x1) / 2 - width / 2) / width, 4),
        "lung_centre_dy": round(((y0 + y1) / 2 - height / 2) / height, 4),
        # The smallest margin between the lungs and an image side, in fractions of the image size.
        "lung_margin_min": round(min(x0 / width, (width - x1) / width, y0 / height, (height - y1) / height), 4),
    }
