"""Throughput of the offline chest X-ray auditor (images per second, one process).

Uses the repository's sample radiographs, resized to 640 px and 2000 px wide (the two sizes the
targets are stated for: >= 10 images/s and >= 2 images/s on 2 CPU cores), saved as PNG and JPEG in a
temporary folder. Each repeat uses fresh copies of the files, because the auditor remembers the
measurements of files it has seen (keyed by path, size and modification time); the cached rate (the
same files audited again, as the workflow's second role does) is printed too.
Run: python benchmarks/bench_cxr.py [repeats]
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


def make_inputs(folder: Path, width: int, copy: int) -> list[Path]:
    paths = []
    for source in sorted(SAMPLES.glob("*.png")):
        image = Image.open(source).convert("L")
        height = round(image.height * width / image.width)
        resized = image.resize((width, height), Image.Resampling.BICUBIC)
        for suffix in ("png", "jpg"):
            path = folder / f"{source.stem}-{width}-{copy}.{suffix}"
            resized.save(path)
            paths.append(path)
    return paths


def images_per_second(paths: list[Path]) -> float:
    auditor, context = CxrRulesAuditor(), AuditContext()
    start = time.perf_counter()
    for path in paths:
        auditor.audit(Case(case_id=path.stem, modality="cxr", image_path=path.name, image_file=str(path)), context)
    return len(paths) / (time.perf_counter() - start)


def main(repeats: int = 5) -> None:
    with tempfile.TemporaryDirectory() as folder:
        images_per_second(make_inputs(Path(folder), 640, copy=-1)[:1])  # warm-up: template and model loading
        for width in (640, 2000):
            paths = [p for copy in range(repeats) for p in make_inputs(Path(folder), width, copy)]
            fresh = images_per_second(paths)
            cached = images_per_second(paths[-8:])
            print(f"{width:5d} px: {fresh:6.2f} images/s fresh, {cached:7.1f} cached ({len(paths)} files)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
