"""How well does each CXR decision transfer to faults made by a simulator it was not fitted on?

The auditor will meet faults from nobody's simulator here, so the in-distribution cross-validation
that `radqc.agents.cxr.fit` prints flatters it. This script takes the dev and train-extra originals,
faults every one with each of twelve simulators (A: data/synth/cxr_images/faults.py, B:
agents/cxr/augment.py, C: agents/cxr/augment_c.py, D: agents/cxr/augment_d.py, E:
agents/cxr/augment_e.py, G: agents/cxr/augment_g.py, H: agents/cxr/augment_h.py, I: agents/cxr/augment_i.py,
J: agents/cxr/augment_j.py, K: agents/cxr/augment_k.py, L: agents/cxr/augment_l.py, M: agents/cxr/augment_m.py; one copy per fault each), and for every criterion fits the fit's own model
(same features, same false-alarm budget) on the faults of the simulators the fit uses (A, B, C, E) but
the held-out one, plus the untouched films, then scores the held-out simulator's faults and the
untouched films of held-out patients (5 folds by patient). A, B and C are held out in turn (E, added
last, is always fitted on, so that the figures stay comparable with earlier ones). D is never fitted
on (see augment_d.py): held out, it is scored by a model fitted on all of A, B, C and E, like the
hidden faults the auditor will meet. G, written blind to the other simulators and to the measuring code
(see augment_g.py), is never fitted on either and is scored like D, in a column of its own, and so are H to M,
written blind the same way later (see augment_h.py to augment_m.py): the mean and macro figures stay over A, B, C and D,
comparable with earlier runs. Each film is decided by `decide.confidences`, as the auditor
decides it: the rules beside the fitted models apply (`decide.with_rules`), and a criterion judged on
upright films only (`decide.JUDGED_UPRIGHT_ONLY`) is scored with the orientation model of the same fold
beside it. It prints F1, precision and recall per
held-out simulator, the share of untouched films flagged, and the mean over criteria. Dev data only:
never test or holdout.

Run: .venv/bin/python benchmarks/bench_cxr_cross_simulator.py   (11,114 films; about 15 minutes on 2 cores,
nearly all of it measuring). To screen decision changes, keep the measurements (`--cache FILE`: the next run with the same
code reads them back and scores every criterion in about 10 seconds; after a change to a simulator only the films
it changed are measured again), score a few criteria (`--criteria`), try
other measurement sets (`--features motion_blur=sharpness_ratio,ghost_peak`), ask whether another simulator in
the fit would help (`--fit-also D,G,H,I,J,K,L,M`: each is then scored by a fit on all the others), judge each column
against its own baseline as `radqc eval` judges a dataset (`--site-baseline`: the figures above are on the
fitted scale, as `radqc audit` judges a single film) and look at what a decision gets wrong (`--sheets DIR`:
contact sheets of missed faults and false alarms, under a minute more). A blind column nobody has read yet stays
unread with `--sealed M --sealed-to FILE`: it is scored, but its figures go to FILE alone, to be opened once a change's
conditions are written.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import warnings
from multiprocessing import Pool
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
# The code the faulted films and their measurements come from: a cache made by other code is measured
# again. The decision code is left out (a screen changes it, not the measurements), and so are the
# data: delete the cache after changing the dev films. The simulators make the films and measure
# nothing, so after a change to one only the films whose pixels changed are measured again.
SIMULATOR_A = REPO / "data" / "synth" / "cxr_images"
MEASURING_CODE = (REPO / "agents" / "cxr", SIMULATOR_A)
DECISION_CODE = {"fit.py", "decide.py", "site.py"}  # site.py rescales measurements, it does not make them

SIMULATORS = ("A", "B", "C", "D", "E", "G", "H", "I", "J", "K", "L", "M")  # a new one goes last: the others keep their random draws
FITTED_SIMULATORS = ("A", "B", "C", "E")  # the dataset's simulator and fit.AUGMENT_SIMULATORS
HELD_OUT = ("A", "B", "C", "D", "G", "H", "I", "J", "K", "L", "M")
MEAN_OVER = ("A", "B", "C", "D")  # the printed mean and macro F1 (G to M reported beside them)
BLIND = ("G", "H", "I", "J", "K", "L", "M")  # written blind to radqc's measuring code and the other simulators, never fitted on
# The datasets `--site-baseline` imitates: the holdout has two faulted films per untouched one, test 3.4.
# A column as the benchmark builds it has eight, and with that many faults (each a minority, but several
# darken the lungs) the batch's median lung level is 0.79-0.88 of the untouched films' (session (21)).
FAULTED_PER_UNTOUCHED = 2


def faulted_dev_images(seed: int = 11) -> tuple[list[dict], list[np.ndarray]]:
    """(what each image is, its pixels): the dev/train-extra films and their faulted copies."""
    from radqc.agents.cxr import augment, augment_c, augment_d, augment_e, augment_g, augment_h, augment_i, augment_j, augment_k, augment_l, augment_m
    from radqc.agents.cxr.fit import training_cases
    from radqc.data.synth.cxr_images import faults

    def simulator_a(pixels, fault, rng):
        result = getattr(faults, fault)(pixels, rng, float(rng.uniform(0, 1)))
        return np.clip(result.image, 0, 1).astype(np.float32), result.params.get("error", "")

    def simulator(module):
        def make(pixels, fault, rng):
            if fault == "orientation_photometric":
                return module.wrong_display(pixels, rng)
            return module.simulate(pixels, fault, rng), ""
        return make

    makers = {"A": simulator_a, "B": simulator(augment), "C": simulator(augment_c), "D": simulator(augment_d), "E": simulator(augment_e),
              "G": simulator(augment_g), "H": simulator(augment_h), "I": simulator(augment_i), "J": simulator(augment_j),
              "K": simulator(augment_k), "L": simulator(augment_l), "M": simulator(augment_m)}
    rngs = {name: np.random.default_rng([seed, number]) for number, name in enumerate(SIMULATORS)}
    info, images = [], []
    for sample in training_cases(["data/cxr/dev", "data/cxr/train-extra"]):
        info.append({"made": sample.made, "judged": sample.judged, "patient": sample.patient, "simulator": "A",
                     "display": sample.display_fault, "augmented": False})
        images.append(sample.pixels)
        if sample.made:
            continue
        for fault in augment.SIMULABLE:
            for name in SIMULATORS:
                pixels, display = makers[name](sample.pixels, fault, rngs[name])
                info.append({"made": {fault}, "judged": sample.judged - {fault}, "patient": sample.patient, "simulator": name,
                             "display": display, "augmented": True})
                images.append(pixels)
    return info, images


def _features(pixels: np.ndarray) -> dict:
    from radqc.agents.cxr.features import measure

    return measure(pixels).features


def _is_simulator(path: Path) -> bool:
    return path.parent == SIMULATOR_A or path.name.startswith("augment")


def code_digest(simulators: bool = True) -> str:
    """A digest of the code the films and their measurements come from; without SIMULATORS, of the
    measuring code alone (what a film's measurements depend on besides its pixels)."""
    from radqc.agents.cxr.orientation import TEMPLATE_FILE  # the layouts films are measured against; a refit rebuilds them

    digest = hashlib.sha256()
    for path in sorted(p for folder in MEASURING_CODE for p in folder.glob("*.py") if p.name not in DECISION_CODE):
        if simulators or not _is_simulator(path):
            digest.update(path.read_bytes())
    digest.update(TEMPLATE_FILE.read_bytes())
    return digest.hexdigest()


def film_key(pixels: np.ndarray) -> str:
    """What a film's measurements are kept under: its pixels' digest."""
    return hashlib.sha256(str(pixels.shape).encode() + np.ascontiguousarray(pixels, np.float32).tobytes()).hexdigest()


def measured(cache: Path | None) -> tuple[list[dict], list[dict]]:
    """(what each film is, its measurements), from CACHE when it was written by the same code. When
    only simulators changed, the films whose pixels are unchanged keep their measurements."""
    code, measurer, saved = code_digest(), code_digest(simulators=False), {}
    if cache and cache.exists():
        saved = json.loads(cache.read_text(encoding="utf-8"))
        if saved.get("code") == code:
            return [dict(i, made=set(i["made"]), judged=set(i["judged"])) for i in saved["info"]], saved["rows"]
    known = dict(zip(saved.get("keys", []), saved.get("rows", []))) if saved.get("measurer") == measurer else {}
    info, images = faulted_dev_images()
    keys = [film_key(image) for image in images]
    todo = [k for k, key in enumerate(keys) if key not in known]
    print(f"{len(images)} images (dev + train-extra, faulted by simulators {', '.join(SIMULATORS)}); "
          f"measuring the {len(todo)} not measured before by this measuring code...", flush=True)
    with Pool(2) as workers:
        fresh = dict(zip(todo, workers.map(_features, [images[k] for k in todo], chunksize=16)))
    rows = [fresh[k] if k in fresh else known[key] for k, key in enumerate(keys)]
    if cache:
        listed = [dict(i, made=sorted(i["made"]), judged=sorted(i["judged"])) for i in info]
        cache.write_text(json.dumps({"code": code, "measurer": measurer, "keys": keys, "info": listed, "rows": rows}), encoding="utf-8")
    return info, rows


def pool(criterion: str, info: list[dict], patients: set[str], keep) -> list[int]:
    """Indices of PATIENTS' films that can teach or score CRITERION: untouched ones, and faulted ones
    whose simulator KEEP accepts."""
    return [k for k, i in enumerate(info) if i["patient"] in patients and criterion not in i["judged"]
            and (not i["made"] or keep(i["simulator"]))]


def fitted_model(criterion: str, info: list[dict], rows: list[dict], patients: set[str], held: str, simulators=FITTED_SIMULATORS):
    """CRITERION's model fitted as `fit` fits it, on PATIENTS' films from the fitting SIMULATORS but HELD."""
    from radqc.agents.cxr import fit

    fitted = pool(criterion, info, patients, lambda s: s != held and s in simulators)
    positive = [criterion in info[k]["made"] for k in fitted]
    groups = [info[k]["patient"] for k in fitted]
    real = [not info[k]["augmented"] for k in fitted]  # the dataset's own cases, as in the fit
    untouched = [not info[k]["made"] for k in fitted]
    if criterion in fit.CRITERION_KINDS:
        kinds = ["mirrored" if info[k]["display"] == "mirrored" else "turned" for k in fitted]
        model, _ = fit.fit_kinds([rows[k] for k in fitted], positive, kinds, groups, real, criterion, untouched, fit.FALSE_ALARM_BUDGET)
    else:
        model, _ = fit.fit_criterion([rows[k] for k in fitted], positive, fit.CRITERION_FEATURES[criterion], groups, real, untouched, fit.FALSE_ALARM_BUDGET)
    return model


def decisions(criterion: str, info: list[dict], rows: list[dict], held: str, simulators=FITTED_SIMULATORS,
              with_site: bool = False) -> dict[int, bool]:
    """Film index -> flagged for CRITERION, for the HELD simulator's faulted films and the untouched
    ones, each decided by a model fitted on the other patients (5 folds) and the fitting SIMULATORS but HELD.
    WITH_SITE: judged against the baseline of HELD's column, as `radqc eval` judges a dataset (`held_site`)."""
    from sklearn.model_selection import GroupKFold

    from radqc.agents.cxr.decide import JUDGED_UPRIGHT_ONLY, WRONG_DISPLAY, DecisionModel, confidences
    from radqc.agents.cxr.site import SITE_FEATURES

    patients = sorted({i["patient"] for i in info})
    site = held_site(info, rows, held) if with_site else None
    flagged = {}
    for train, test in GroupKFold(5).split(patients, groups=patients):
        train_patients, test_patients = {patients[j] for j in train}, {patients[j] for j in test}
        needed = [criterion, *([WRONG_DISPLAY[0]] if criterion in JUDGED_UPRIGHT_ONLY else [])]  # the orientation model judges it
        # The fitted films' look, as `fit` stores it: the medians over the untouched films fitted on.
        untouched = [rows[k] for k, i in enumerate(info) if not i["made"] and i["patient"] in train_patients]
        reference = {name: float(np.median([row[name] for row in untouched])) for name in SITE_FEATURES}
        decision = DecisionModel(criteria={name: fitted_model(name, info, rows, train_patients, held, simulators) for name in needed},
                                 reference=reference)
        for k in pool(criterion, info, test_patients, lambda s: s == held):
            flagged[k] = confidences(rows[k], decision, site=site)[criterion] >= 0.5
    return flagged


def held_site(info: list[dict], rows: list[dict], held: str):
    """The baseline `radqc eval` would measure on a dataset made of HELD's faults and the untouched films,
    FAULTED_PER_UNTOUCHED of the former (drawn with a fixed seed) to one of the latter, sampled as
    `site.sample_films` samples them."""
    from radqc.agents.cxr.site import sample_films, site_baseline

    untouched = [k for k, i in enumerate(info) if not i["made"]]
    faulted = [k for k, i in enumerate(info) if i["augmented"] and i["simulator"] == held]
    faulted = random.Random(0).sample(faulted, min(len(faulted), FAULTED_PER_UNTOUCHED * len(untouched)))
    return site_baseline(sample_films([rows[k] for k in untouched + faulted]))


def transfer(criterion: str, info: list[dict], flagged: dict[int, bool]) -> tuple[float, float, float, float]:
    """(F1, precision, recall, share of untouched films flagged) of one held-out simulator's DECISIONS."""
    truth = {k: criterion in info[k]["made"] for k in flagged}
    tp = sum(flagged[k] and truth[k] for k in flagged)
    fp = sum(flagged[k] and not truth[k] for k in flagged)
    fn = sum(truth[k] and not flagged[k] for k in flagged)
    untouched = [flagged[k] for k in flagged if not info[k]["made"]]
    return 2 * tp / max(1, 2 * tp + fp + fn), tp / max(1, tp + fp), tp / max(1, tp + fn), float(np.mean(untouched))


def contact_sheets(decided: dict[str, dict[str, dict[int, bool]]], info: list[dict], folder: Path, per_sheet: int = 16) -> None:
    """For each criterion and held-out simulator in DECIDED (criterion -> held-out -> `decisions`), PNG
    sheets of the first PER_SHEET faults it missed and films it flagged wrongly (4 to a row, 200 px
    each): what a measurement does not see is found by looking."""
    from PIL import Image

    _, images = faulted_dev_images()
    folder.mkdir(parents=True, exist_ok=True)
    for criterion, by_held in decided.items():
        for held, flagged in by_held.items():
            for name, wrong in (("missed", lambda k: not flagged[k] and criterion in info[k]["made"]),
                                ("false_alarms", lambda k: flagged[k] and criterion not in info[k]["made"])):
                films = [k for k in flagged if wrong(k)][:per_sheet]
                if not films:
                    continue
                tiles = [np.asarray(Image.fromarray((np.clip(images[k], 0, 1) * 255).astype(np.uint8)).resize((200, 200))) for k in films]
                tiles += [np.zeros((200, 200), np.uint8)] * (-len(tiles) % 4)
                sheet = np.vstack([np.hstack(tiles[row : row + 4]) for row in range(0, len(tiles), 4)])
                Image.fromarray(sheet).save(folder / f"{criterion}_{held}_{name}.png")
    print(f"contact sheets in {folder}")


def main() -> None:
    from radqc.agents.cxr import fit

    criteria = [*fit.CRITERION_FEATURES, *fit.CRITERION_KINDS]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, help="JSON file that keeps the measurements between runs")
    parser.add_argument("--criteria", default=",".join(criteria), help="comma-separated criteria to score")
    parser.add_argument("--features", action="append", default=[], metavar="CRITERION=NAME,NAME",
                        help="score CRITERION's model fitted on these measurements instead (repeatable)")
    parser.add_argument("--fit-also", default="", metavar="D,G,H,I,J,K,L",
                        help="also fit on these never-fitted simulators (each scored by a fit on the others, so does another simulator help?)")
    parser.add_argument("--site-baseline", action="store_true",
                        help="judge each held-out column against its own baseline (`agents/cxr/site.py`), as `radqc eval` judges a dataset, instead of on the fitted scale")
    parser.add_argument("--sheets", type=Path, metavar="DIR",
                        help="also write PNG contact sheets of each scored criterion's missed faults and false alarms per held-out simulator")
    parser.add_argument("--sealed", default="", metavar="M",
                        help="blind columns still unread: scored, but their figures go to --sealed-to only (never printed, no sheets)")
    parser.add_argument("--sealed-to", type=Path, metavar="FILE", help="where the full lines, sealed columns included, are written")
    args = parser.parse_args()
    sealed = tuple(name for name in args.sealed.split(",") if name)
    if set(sealed) - set(BLIND):
        parser.error(f"--sealed: choose from {', '.join(BLIND)}")
    if sealed and not args.sealed_to:
        parser.error("--sealed needs --sealed-to FILE")
    for option in args.features:
        criterion, _, names = option.partition("=")
        if criterion not in fit.CRITERION_FEATURES:
            parser.error(f"--features: {criterion!r} is not one of {', '.join(fit.CRITERION_FEATURES)}")
        fit.CRITERION_FEATURES[criterion] = names.split(",")
    also = tuple(name for name in args.fit_also.split(",") if name)
    if set(also) - {"D", *BLIND}:
        parser.error(f"--fit-also: choose from D, {', '.join(BLIND)} (A, B, C and E are always fitted on)")
    simulators = FITTED_SIMULATORS + also
    unknown = set(args.criteria.split(",")) - set(criteria)
    if unknown:
        parser.error(f"--criteria: unknown {', '.join(sorted(unknown))}; choose from {', '.join(criteria)}")

    warnings.filterwarnings("ignore")
    info, rows = measured(args.cache)
    means, blind, decided, lines = [], {name: [] for name in BLIND}, {}, []

    def report(head: str, cells: dict[str, str], separator: str) -> None:
        """Print HEAD and the CELLS (by column) of the unsealed columns; keep every cell for the sealed file."""
        lines.append(head + separator.join(cells.values()))
        print(head + separator.join(cell for column, cell in cells.items() if column not in sealed), flush=True)

    for criterion in args.criteria.split(","):
        decided[criterion] = {held: decisions(criterion, info, rows, held, simulators, args.site_baseline) for held in HELD_OUT}
        result = {held: transfer(criterion, info, flagged) for held, flagged in decided[criterion].items()}
        mean = float(np.mean([result[held][0] for held in MEAN_OVER]))
        means.append(mean)
        for name in BLIND:
            blind[name].append(result[name][0])
        cells = {held: f"{held}: F1 {r[0]:.2f} P {r[1]:.2f} R {r[2]:.2f} untouched flagged {r[3]:.3f}" for held, r in result.items()}
        head = f"{criterion:26s} mean F1 {mean:.3f}   held out "
        report(head, cells, "  ")
    head = (f"macro F1 over {'criteria' if len(means) == len(criteria) else 'the criteria scored'}, fitted on the others of "
            f"{', '.join(simulators)}, scored on the held-out simulator (A, B, C, D): {np.mean(means):.3f}; ")
    cells = {name: f"on {name}: {np.mean(blind[name]):.3f}" for name in BLIND}
    report(head, cells, "; ")
    if sealed:
        args.sealed_to.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"sealed columns {', '.join(sealed)}: figures written to {args.sealed_to}, not shown")
    if args.sheets:
        contact_sheets({c: {h: f for h, f in by.items() if h not in sealed} for c, by in decided.items()}, info, args.sheets)


if __name__ == "__main__":
    main()
