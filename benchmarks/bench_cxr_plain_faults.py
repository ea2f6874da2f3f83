"""Which plain faults does the radiograph auditor see? Recall of five criteria on faults made the
simplest way, without any of radqc's simulators.

The decisions are fitted on faults from simulators with their own habits; a fault drawn by someone
else may be milder or plainer. This draws plain kinds on the 56 MHH renditions in
`data/cxr/lungs` (real films nothing is fitted on), measures them and decides with the shipped model at
its decision point (confidence 0.5, no workflow, no past cases):

- marker_annotation: a label in Pillow's default font, 2.5-5 % of the width tall, centred on a random
  lung pixel, in white, black or a grey 0.35 above the lungs' median, by the label's length;
- collimation_centering: the film shrunk onto a black or mid-grey canvas (a field wider than the
  thorax), or shifted sideways or up/down with the vacated band filled (an off-centre thorax);
- lung_field_cutoff: a strip cut off one side (the image gets smaller), scored only where the strip
  holds at least 2 % of the lungs as outlined by hand (`masks/`): only those are cut-off faults;
- motion_blur: a Gaussian blur, a straight motion streak, a double exposure shifted sideways;
- foreign_object: a white disc, ring or bar (3 x 0.5 of the size: a hair clip) of 1-4 % of the width
  on a random lung pixel.

The untouched renditions give each criterion's false-alarm rate. Dev data only.

Run: .venv/bin/python benchmarks/bench_cxr_plain_faults.py   (about 4 minutes on 2 cores)
"""

from __future__ import annotations

import argparse
import time
from typing import Callable

import numpy as np
from bench_cxr_fault_kinds import RENDITIONS, films
from PIL import Image, ImageDraw, ImageFont
from scipy import ndimage as ndi

LABELS = {
    "1 letter": ("L", "R"),
    "2 letters": ("AP", "PA"),
    "3-4 characters": ("ICU", "INSP", "EXP"),
    "5 or more": ("PORTABLE", "SUPINE", "14:32"),
}
INKS = ("white", "black", "grey")
FILLS = ("black", "grey")
SIDES = ("top", "bottom", "left", "right")


def labelled(pixels: np.ndarray, lungs: np.ndarray, text: str, ink: str, rng: np.random.Generator) -> np.ndarray:
    """PIXELS with TEXT drawn in INK, centred on a random pixel of LUNGS."""
    image = Image.fromarray(np.round(np.clip(pixels, 0, 1) * 255).astype(np.uint8))
    font = ImageFont.load_default(size=max(8, int(image.width * rng.uniform(0.025, 0.05))))
    draw = ImageDraw.Draw(image)
    left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
    rows, cols = np.nonzero(lungs)
    at = rng.integers(len(rows))
    level = {"white": 255, "black": 0, "grey": int(255 * min(1.0, float(np.median(pixels[lungs])) + 0.35))}[ink]
    draw.text((cols[at] - (right - left) / 2 - left, rows[at] - (bottom - top) / 2 - top), text, fill=level, font=font)
    return np.asarray(image, np.float32) / 255


def _canvas(pixels: np.ndarray, fill: str) -> np.ndarray:
    return np.full(pixels.shape, 0.0 if fill == "black" else float(np.median(pixels)), np.float32)


def shrunk(pixels: np.ndarray, scale: float, fill: str) -> np.ndarray:
    """PIXELS shrunk by SCALE, centred on a canvas of the original size."""
    height, width = pixels.shape
    small = np.asarray(Image.fromarray(pixels).resize((round(width * scale), round(height * scale)), Image.Resampling.BILINEAR))
    out = _canvas(pixels, fill)
    top, left = (height - small.shape[0]) // 2, (width - small.shape[1]) // 2
    out[top : top + small.shape[0], left : left + small.shape[1]] = small
    return out


def shifted(pixels: np.ndarray, dy: float, dx: float, fill: str) -> np.ndarray:
    """PIXELS moved by DY, DX (fractions of the height and width), the vacated band filled."""
    height, width = pixels.shape
    sy, sx = round(dy * height), round(dx * width)
    out = _canvas(pixels, fill)
    source = pixels[max(0, -sy) : height - max(0, sy), max(0, -sx) : width - max(0, sx)]
    out[max(0, sy) : max(0, sy) + source.shape[0], max(0, sx) : max(0, sx) + source.shape[1]] = source
    return out


def cropped(pixels: np.ndarray, side: str, share: float) -> np.ndarray:
    """PIXELS without a strip of SHARE of the height or width on SIDE."""
    height, width = pixels.shape
    cut_y, cut_x = round(share * height), round(share * width)
    return {"top": pixels[cut_y:], "bottom": pixels[: height - cut_y], "left": pixels[:, cut_x:], "right": pixels[:, : width - cut_x]}[side]


def streaked(pixels: np.ndarray, length: int, angle: float) -> np.ndarray:
    """PIXELS averaged along a straight line of LENGTH pixels at ANGLE degrees (linear motion)."""
    kernel = np.zeros((length, length))
    kernel[length // 2, :] = 1
    kernel = ndi.rotate(kernel, angle, reshape=False, order=1)
    return ndi.convolve(pixels, kernel / kernel.sum(), mode="nearest")


def with_object(pixels: np.ndarray, lungs: np.ndarray, shape: str, size: float, rng: np.random.Generator) -> np.ndarray:
    """PIXELS with a white SHAPE (disc, ring or bar) of SIZE x the width, centred on a pixel of LUNGS."""
    rows, cols = np.nonzero(lungs)
    at = rng.integers(len(rows))
    yy, xx = np.mgrid[: pixels.shape[0], : pixels.shape[1]]
    radius, dy, dx = size * pixels.shape[1], yy - rows[at], xx - cols[at]
    mask = {
        "disc": np.hypot(dy, dx) <= radius,
        "ring": (np.hypot(dy, dx) <= radius) & (np.hypot(dy, dx) >= 0.6 * radius),
        "bar": (np.abs(dy) <= 0.25 * radius) & (np.abs(dx) <= 1.5 * radius),
    }[shape]
    return np.where(mask, 1.0, pixels).astype(np.float32)


def outlines() -> list[np.ndarray]:
    """The hand-drawn lung masks of the renditions, in `films()`' order (both 512 x 512)."""
    return [np.asarray(Image.open(path.parent.parent / "masks" / f"{path.stem}.png")) > 0 for path in sorted(RENDITIONS.glob("*/images/*.jpg"))]


def main() -> None:
    from radqc.agents.cxr.decide import confidences, load_model
    from radqc.agents.cxr.features import measure

    model, rng = load_model(), np.random.default_rng(0)
    originals = films()
    start = time.perf_counter()
    measured = [measure(pixels) for pixels in originals]

    def recall(criterion: str, make: Callable[[np.ndarray, object], np.ndarray]) -> float:
        return float(np.mean([confidences(measure(make(p, m)).features, model)[criterion] >= 0.5 for p, m in zip(originals, measured)]))

    criteria = ("marker_annotation", "collimation_centering", "lung_field_cutoff", "motion_blur", "foreign_object")
    untouched = {c: np.mean([confidences(m.features, model)[c] >= 0.5 for m in measured]) for c in criteria}
    print(f"{len(originals)} untouched renditions; flagged: " + ", ".join(f"{c} {rate:.3f}" for c, rate in untouched.items()))

    def row(label: str, values: list) -> None:
        print(f"  {label:38s} " + " ".join(value if isinstance(value, str) else f"{value:6.2f}" for value in values))

    print(f"\n{'marker_annotation, a label over a lung':40s} " + " ".join(f"{ink:>6s}" for ink in INKS))
    for group, texts in LABELS.items():
        row(group, [recall("marker_annotation", lambda p, m, ink=ink: labelled(p, m.lungs, str(rng.choice(texts)), ink, rng) if m.lungs.any() else p) for ink in INKS])

    print(f"\n{'collimation_centering, canvas:':40s} " + " ".join(f"{fill:>6s}" for fill in FILLS))
    for scale in (0.85, 0.75):
        row(f"shrunk to {scale:.2f}, centred", [recall("collimation_centering", lambda p, m, f=f: shrunk(p, scale, f)) for f in FILLS])
    for share in (0.15, 0.25):
        for axis in ("sideways", "up/down"):
            def make(p, m, f, axis=axis, share=share):
                move = share * rng.choice([-1, 1])
                return shifted(p, 0.0, move, f) if axis == "sideways" else shifted(p, move, 0.0, f)
            row(f"shifted {share:.0%} {axis}", [recall("collimation_centering", lambda p, m, f=f: make(p, m, f)) for f in FILLS])

    print(f"\n{'lung_field_cutoff, a strip cut off the':40s} " + " ".join(f"{side:>9s}" for side in SIDES) + "  (recall, films it cuts)")
    lungs = outlines()
    for share in (0.1, 0.2):
        cells = []
        for side in SIDES:
            cut = [k for k, mask in enumerate(lungs) if cropped(mask, side, share).sum() <= 0.98 * mask.sum()]
            found = [confidences(measure(cropped(originals[k], side, share)).features, model)["lung_field_cutoff"] >= 0.5 for k in cut]
            cells.append(f"{np.mean(found):5.2f} {len(cut):3d}" if cut else "    -   0")
        row(f"{share:.0%} of the side", [f"{cell:>9s}" for cell in cells])

    print("\nmotion_blur")
    for sigma in (1.0, 1.5, 2.0):
        row(f"Gaussian blur, sigma {sigma} px", [recall("motion_blur", lambda p, m: ndi.gaussian_filter(p, sigma))])
    for length in (5, 9):
        row(f"streak of {length} px, sideways / up-down", [recall("motion_blur", lambda p, m, a=a: streaked(p, length, a)) for a in (0, 90)])
    row("double exposure, 4 px apart", [recall("motion_blur", lambda p, m: 0.5 * p + 0.5 * ndi.shift(p, (0, 4), order=1, mode="nearest"))])

    sizes = (0.01, 0.02, 0.04)
    print(f"\n{'foreign_object, white, on a lung, size:':40s} " + " ".join(f"{size:>6.0%}" for size in sizes))
    for shape in ("disc", "ring", "bar"):
        row(shape, [recall("foreign_object", lambda p, m, z=z: with_object(p, m.lungs, shape, z, rng) if m.lungs.any() else p) for z in sizes])
    print(f"\n{time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter).parse_args()
    main()
