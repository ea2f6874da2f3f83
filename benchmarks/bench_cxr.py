"""Throughput of the offline chest X-ray auditor (images per second): one thread, and two threads
auditing at once as `radqc eval --workers 2` does (the targets are stated for 2 cores).

Uses the repository's sample radiographs, resized to 640 px and 2000 px wide (the two sizes the
targets are stated for: >= 10 images/s and >= 2 images/s on 2 CPU cores), saved as PNG and JPEG in a
temporary folder. Each repeat uses fresh copies of the files, because the auditor remembers the
measurements of files it has seen (keyed by path, size and modification time); the cached rate (the
same files audited again, as the workflow's second role does) is printed too.
Run: python benchmarks/bench_cxr.py [repeats]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
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


def images_per_second(paths: list[Path], threads: int = 1) -> float:
    auditor, context = CxrRulesAuditor(), AuditContext()

    def audit(path: Path) -> None:
        auditor.audit(Case(case_id=path.stem, modality="cxr", image_path=path.name, image_file=str(path)), context)

    start = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(audit, paths))
    return len(paths) / (time.perf_counter() - start)


def main(repeats: int = 5) -> None:
    with tempfile.TemporaryDirectory() as folder:
        images_per_second(make_inputs(Path(folder), 640, copy=-1)[:1])  # warm-up: template and model loading
        for width in (640, 2000):
            paths = [p for copy in range(repeats) for p in make_inputs(Path(folder), width, copy)]
            half = len(paths) // 2
            one = images_per_second(paths[:half])
            two = images_per_second(paths[half:], threads=2)
            cached = images_per_second(paths[-8:])
            print(f"{width:5d} px: {one:6.2f} images/s fresh on 1 thread, {two:6.2f} on 2 threads, "
                  f"{cached:7.1f} cached ({half} + {len(paths) - half} files)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("repeats", nargs="?", type=int, default=5, help="copies of the inputs at each size (default 5)")
    main(parser.parse_args().repeats)
