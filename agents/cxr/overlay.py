"""Draw findings on the radiograph so that a reviewer sees at once where each one points."""

from __future__ import annotations

from pathlib import Path

from radqc.agents.cxr.image_io import load_radiograph
from radqc.schemas import Finding

OVERLAY_SIDE = 1024
# What an overlay is written as, by the end of its name: viewers, upload forms and mail programs go by
# the name, so a file called .jpg must hold JPEG bytes.
OVERLAY_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}
COLOURS = [(255, 64, 64), (255, 200, 0), (64, 200, 255), (120, 255, 120), (255, 120, 255), (255, 160, 64)]


def draw_overlay(image_path: str | Path, findings: list[Finding], out_path: str | Path) -> Path:
    """Write OUT_PATH (PNG or JPEG, as its name ends: `OVERLAY_FORMATS`): the image with each finding's
    region outlined and labelled (with no findings, the image as audited: the file asked for always exists).

    Regions are in original pixels; the image is drawn at most OVERLAY_SIDE px, so they are scaled.
    """
    from PIL import Image, ImageDraw, ImageFont

    radiograph = load_radiograph(image_path, max_side=OVERLAY_SIDE)
    canvas = Image.fromarray((radiograph.pixels * 255).round().astype("uint8")).convert("RGB")
    draw = ImageDraw.Draw(canvas)
    font = ImageFont.load_default(size=max(12, canvas.width // 60))
    width, height = canvas.size
    for index, finding in enumerate(findings):
        colour = COLOURS[index % len(COLOURS)]
        region = finding.region or [0, 0, *radiograph.original_shape[::-1]]
        x0, y0, x1, y1 = (max(0, min(limit, round(v / radiograph.scale))) for v, limit in
                          zip(region, (width, height, width, height)))
        x0, x1 = sorted((x0, x1))
        y0, y1 = sorted((y0, y1))
        draw.rectangle([x0, y0, max(x0 + 1, x1 - 1), max(y0 + 1, y1 - 1)], outline=colour, width=3)
        label = f"{finding.error_type} {finding.confidence:.2f}"
        # Above the box when there is room (so the label hides nothing inside it), else stacked inside; from its left
        # edge, but never past the image's right one: a cut-off along that edge had its label drawn off the image.
        text_y = y0 - font.size - 6 if y0 >= font.size + 6 else y0 + 4 + index * (font.size + 4)
        text_x = max(0, min(x0 + 4, width - 4 - round(draw.textlength(label, font=font))))
        box = draw.textbbox((text_x, text_y), label, font=font)
        draw.rectangle(box, fill=(0, 0, 0))
        draw.text((text_x, text_y), label, fill=colour, font=font)
    out_path = Path(out_path)
    image_format = OVERLAY_FORMATS.get(out_path.suffix.lower())
    if image_format is None:
        raise ValueError(f"{out_path.name}: an overlay is written as {', '.join(OVERLAY_FORMATS)}")
    canvas.save(out_path, format=image_format)
    return out_path
