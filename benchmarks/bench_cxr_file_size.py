"""Does a fault made on a large file read as well as one made at the working size?

radqc measures every film at 512 px (`features.WORKING_SIDE`), area-averaged from the file. The faults
of the hidden evaluation set are made on real radiographs at their own size, which may be 1,000-3,000
px: area averaging by a factor s divides white noise by s, and shrinks a blur or a thin object with the
film. This script makes each fault both ways and compares the shipped model's recall:

- at the file's size: the fault made on the decoded file, the result stored as a 16-bit PNG and loaded
  as `radqc eval` loads any file (`image_io.load_radiograph`);
- at the working size: the fault made on the film as loaded, as the fit and the other benchmarks make it.

Films: the NIH ChestX-ray14 films radqc carries (three PNGs and the SIIM DICOM of 1,024 px; the fourth
PNG is 512 px, so both ways are the same film there) and 6 MHH films enlarged to 2,048 px (bicubic: a
large source whose own grain is smooth, as the NIH films' is). Faults by simulators B, C, D and G to L,
one copy per film, simulator and criterion; M is left out while it is the blind column. Printed per
criterion: recall both ways for each group, and the share of the untouched files flagged for anything.
Decisions at confidence 0.5 on the fitted scale (no site baseline, no workflow). Dev data only.

Run: .venv/bin/python benchmarks/bench_cxr_file_size.py   (about 6 minutes on 2 cores)
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections import defaultdict
from multiprocessing import Pool
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
SIMULATORS = ("B", "C", "D", "G", "H", "I", "J", "K", "L")
ENLARGED_SIDE, ENLARGED_FILMS = 2048, 6
NIH, ENLARGED = "NIH files (1,024 px)", "MHH enlarged to 2,048 px"


def _simulator(name: str):
    from importlib import import_module

    return import_module("radqc.agents.cxr.augment" + ("" if name == "B" else "_" + name.lower()))


def source_paths() -> dict[str, list[Path]]:
    """Each group's source files."""
    nih = [*sorted((REPO / "data" / "cxr" / "source" / "nih-sample").glob("*.png")), REPO / "data" / "samples" / "images" / "nih_siim_chest_pa_mono2.dcm"]
    return {NIH: nih, ENLARGED: sorted((REPO / "data" / "cxr" / "train-extra" / "images").glob("*.jpg"))[:ENLARGED_FILMS]}


def source_files() -> dict[str, list[np.ndarray]]:
    """Each group's films at their file size, as decoded (float32 in [0, 1]); the MHH films enlarged."""
    from PIL import Image

    from radqc.agents.cxr.image_io import load_radiograph

    whole = 10**6  # a working size no file reaches: the file as decoded
    paths = source_paths()
    enlarged = []
    for path in paths[ENLARGED]:
        film = load_radiograph(path, max_side=whole).pixels
        factor = ENLARGED_SIDE / max(film.shape)
        size = (round(film.shape[1] * factor), round(film.shape[0] * factor))
        enlarged.append(np.clip(np.asarray(Image.fromarray(film).resize(size, Image.Resampling.BICUBIC), np.float32), 0, 1))
    return {NIH: [load_radiograph(path, max_side=whole).pixels for path in paths[NIH]], ENLARGED: enlarged}


def _stored(pixels: np.ndarray, folder: Path, name: str):
    """PIXELS written as a 16-bit PNG and loaded back the way radqc loads a file."""
    from PIL import Image

    from radqc.agents.cxr.features import WORKING_SIDE
    from radqc.agents.cxr.image_io import load_radiograph

    path = folder / f"{name}.png"
    Image.fromarray((np.clip(pixels, 0, 1) * 65535).round().astype(np.uint16)).save(path)
    return load_radiograph(path, max_side=WORKING_SIDE)


def _fault(simulator: str, fault: str | None, pixels: np.ndarray, seed: list[int]) -> np.ndarray:
    if fault is None:
        return pixels
    module, rng = _simulator(simulator), np.random.default_rng(seed)
    if fault == "orientation_photometric":
        return module.wrong_display(pixels, rng)[0]
    return module.simulate(pixels, fault, rng)


# Each worker's films: (the file's pixels, the film as loaded from that file), per group, and the folder
# it stores its files in. Built once per process (`_load_films`), so that jobs do not carry 2,048-px
# arrays between processes.
_FILMS: dict[str, list[tuple[np.ndarray, np.ndarray]]] = {}
_FOLDER: list[Path] = []


def _load_films(folder: str) -> None:
    own = Path(folder) / str(os.getpid())  # workers write files of the same names
    own.mkdir()
    _FOLDER.append(own)
    for group, films in source_files().items():
        _FILMS[group] = [(film, _stored(film, own, f"{group[:3]}-{k}-original").pixels) for k, film in enumerate(films)]


def flagged(job: tuple) -> tuple[str, str, str | None, set[str]]:
    """JOB: (group, way, film index, simulator, fault or None): the criteria flagged."""
    from radqc.agents.cxr.augment import SIMULABLE
    from radqc.agents.cxr.decide import confidences
    from radqc.agents.cxr.features import measure, measure_radiograph

    group, way, index, simulator, fault = job
    on_file, loaded = _FILMS[group][index]
    seed = [index, SIMULATORS.index(simulator), SIMULABLE.index(fault) if fault else 99]
    if way == "file":
        radiograph = _stored(_fault(simulator, fault, on_file, seed), _FOLDER[0], f"{group[:3]}-{index}-{simulator}-{fault}")
        features = measure_radiograph(radiograph).features
    else:
        features = measure(np.asarray(_fault(simulator, fault, loaded, seed), np.float32)).features
    confidence = confidences(features)
    return group, way, fault, {criterion for criterion in SIMULABLE if confidence[criterion] >= 0.5}


def main() -> None:
    from radqc.agents.cxr.augment import SIMULABLE

    start = time.perf_counter()
    counts = {group: len(paths) for group, paths in source_paths().items()}
    with tempfile.TemporaryDirectory(prefix="radqc-file-size-") as folder:
        jobs = [(group, "file", k, "B", None) for group, count in counts.items() for k in range(count)]
        jobs += [
            (group, way, k, simulator, fault)
            for group, count in counts.items() for k in range(count)
            for simulator in SIMULATORS for fault in SIMULABLE for way in ("file", "working")
        ]
        with Pool(2, initializer=_load_films, initargs=(folder,)) as pool:
            results = pool.map(flagged, jobs, chunksize=4)
    found, alarms = defaultdict(list), defaultdict(list)
    for group, way, fault, flags in results:
        if fault is None:
            alarms[group].append(bool(flags))
        else:
            found[(group, way, fault)].append(fault in flags)
    for group, count in counts.items():
        print(f"{group}: {count} films, untouched files flagged {np.mean(alarms[group]):.2f}")
        print(f"  {'criterion':26s} {'made on the file':>17s} {'at working size':>16s}")
        for fault in SIMULABLE:
            on_file, working = found[(group, 'file', fault)], found[(group, 'working', fault)]
            print(f"  {fault:26s} {sum(on_file):7d} of {len(on_file):3d}    {sum(working):6d} of {len(working):3d}")
    print(f"\n{time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter).parse_args()
    main()
