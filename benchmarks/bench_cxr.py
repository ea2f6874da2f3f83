"""Throughput of the offline chest X-ray auditor (images per second, one process).

Uses the repository's sample radiographs, resized to 640 px and 2000 px wide (the two sizes the
targets are stated for: >= 10 images/s and >= 2 images/s on 2 CPU cores), saved as PNG and JPEG in a
temporary folder. Run: python benchmarks/bench_cxr.py [repeats]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from PIL import Image

from radqc.agents.base import AuditContext
from radqc.agents.cxr.engine import CxrRulesAuditor
from radqc.schemas import Case

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples" / "images"


def make_inputs(folder: Path, width: int) -> list[Path]:
    paths = []
    for source in sorted(SAMPLES.glob("*.png")):
        image = Image.open(source).convert("L")
        height = round(image.height * width / image.width)
        resized = image.resize((width, height), Image.Resampling.BICUBIC)
        for suffix in ("png", "jpg"):
            path = folder / f"{source.stem}-{width}.{suffix}"
            resized.save(path)
            paths.append(path)
    return paths


def images_per_second(paths: list[Path], repeats: int) -> float:
    auditor = CxrRulesAuditor()
    context = AuditContext()
    cases = [Case(case_id=p.stem, modality="cxr", image_path=p.name, image_file=str(p)) for p in paths]
    auditor.audit(cases[0], context)  # warm-up: template and model loading
    start = time.perf_counter()
    for _ in range(repeats):
        for case in cases:
            auditor.audit(case, context)
    return repeats * len(cases) / (time.perf_counter() - start)


def main(repeats: int = 5) -> None:
    with tempfile.TemporaryDirectory() as folder:
        for width in (640, 2000):
            paths = make_inputs(Path(folder), width)
            print(f"{width:5d} px: {images_per_second(paths, repeats):6.2f} images/s ({len(paths)} images x {repeats})")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
