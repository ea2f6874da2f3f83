"""Whether a change between two runs of one dataset is larger than noise: a paired bootstrap over its cases.

The offline profile answers alike on every run, so two of its runs differ only where their settings do;
whether that difference would hold on other cases depends on how many cases it rests on. Resampling the
dataset's case ids with replacement, and scoring both runs' answers to the same resampled cases, gives
the spread of the change that the choice of cases alone would produce. Each resample is scored by the
metric code `radqc eval` uses (`metrics.headline`), from each case's counts (`metrics.case_counts`).

A run folder keeps each case's answer (predictions.jsonl) but not its gold labels: those are read from
the dataset the runs scored, as metrics.json records it (`run.dataset`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from radqc.dataset import DatasetError, load_dataset
from radqc.eval.metrics import Counts, InstanceCounts, Tally, case_counts, headline, scored_cases
from radqc.eval.predictions import read_predictions
from radqc.eval.runner import PREDICTIONS
from radqc.schemas import Modality
from radqc.settings import BOOTSTRAP_RESAMPLES
from radqc.taxonomy import error_types

SEED = 0
LEVEL = 0.95
# The headline numbers given an interval; instance F1 only for CT reports, whose findings are matched to gold
# by their evidence: a radiograph's are matched by type alone, as its case-level scores already are.
METRICS: dict[Modality, tuple[str, ...]] = {"ct_report": ("f1", "macro_f1", "false_alarm_rate"), "cxr": ("macro_f1", "false_alarm_rate")}
_TALLY = ("tp", "fp", "fn")
_INSTANCE = ("matched_labels", "labels", "matched_findings", "findings")


class NoInterval(Exception):
    """Why the change between two runs gets no interval, in words for the table's reader."""


class Intervals(NamedTuple):
    """The LEVEL intervals of the change from the first run to the last, by (modality, metric), and on how
    many cases of each modality they rest."""

    bounds: dict[tuple[str, str], tuple[float, float]]
    cases: dict[str, int]


def change_intervals(first: tuple[str, Path, dict[str, Any]], last: tuple[str, Path, dict[str, Any]],
                     resamples: int = BOOTSTRAP_RESAMPLES, seed: int = SEED) -> Intervals:
    """FIRST and LAST: each run's name, folder and metrics.json. NoInterval when the runs scored different
    datasets, or their answers or the dataset's gold labels cannot be read, or no longer give the numbers
    metrics.json holds (the gold labels changed since): an interval of other numbers than the table's."""
    dataset = _common_dataset(first, last)
    answers = [_predictions(name, folder) for name, folder, _ in (first, last)]
    rng = np.random.default_rng(seed)
    bounds, cases = {}, {}
    for modality, metrics in METRICS.items():
        if first[2].get(modality) is None or last[2].get(modality) is None:
            continue
        matrices = []
        for (name, _, recorded), predictions in zip((first, last), answers):
            scored = [case for case in scored_cases(dataset, predictions) if case.modality == modality]
            matrix = _matrix(modality, case_counts(modality, scored))
            whole = headline(modality, _counts(modality, matrix.sum(axis=0)))
            if any(not _same(whole[metric], recorded[modality].get(metric)) for metric in metrics):
                raise NoInterval(f"{name}'s answers no longer score as its metrics.json says: the cases or gold labels of "
                                 f"{dataset.root} changed since it was scored; run `radqc eval` on it again")
            matrices.append(matrix)
        n = len(matrices[0])
        # The same resampled cases for both runs (paired): each row, how often each case is drawn.
        weights = rng.multinomial(n, np.full(n, 1 / n), size=resamples)
        scores = [[headline(modality, _counts(modality, row)) for row in weights @ matrix] for matrix in matrices]
        for metric in metrics:
            changes = [b[metric] - a[metric] for a, b in zip(*scores) if a[metric] is not None and b[metric] is not None]
            if changes:
                low, high = np.percentile(changes, [50 * (1 - LEVEL), 50 * (1 + LEVEL)])
                bounds[(modality, metric)] = (float(low), float(high))
        cases[modality] = n
    return Intervals(bounds, cases)


def _common_dataset(first: tuple[str, Path, dict[str, Any]], last: tuple[str, Path, dict[str, Any]]):
    """The dataset both runs scored, read for its gold labels."""
    paths = {name: (metrics.get("run") or {}).get("dataset") for name, _, metrics in (first, last)}
    for name, path in paths.items():
        if path is None:
            raise NoInterval(f"{name}'s metrics.json does not name the dataset it scored (an older radqc's): "
                             "run `radqc eval` on it again")
    if len(set(paths.values())) > 1:
        raise NoInterval("the runs scored different datasets, so no case can be drawn for both")
    path = next(iter(paths.values()))
    try:
        return load_dataset(path)
    except DatasetError as exc:
        raise NoInterval(f"the interval needs the gold labels of {path}, the dataset the runs scored (their folders keep "
                         f"only the answers), and it cannot be read: {exc}") from exc


def _predictions(name: str, folder: Path):
    path = folder / PREDICTIONS
    if not path.is_file():
        raise NoInterval(f"{name} has no {PREDICTIONS} beside its metrics.json: the interval resamples each case's answer")
    return read_predictions(path)


def _columns(modality: Modality) -> list[tuple[str, str, str]]:
    """Where each number of a `Counts` goes in a row of counts: (part, error type, count)."""
    types = error_types(modality)
    return [("case_level", t, k) for t in types for k in _TALLY] + [("instance", t, k) for t in types for k in _INSTANCE]


def _matrix(modality: Modality, counts: list[Counts]) -> np.ndarray:
    """One row per case: its counts, laid out as `_columns` says, then whether it is clean and alarmed."""
    columns = _columns(modality)
    return np.array([[getattr(c.case_level[t], k) if part == "case_level" else getattr(c.instance, k)[t] for part, t, k in columns]
                     + [c.clean, c.alarms] for c in counts], dtype=np.int64).reshape(len(counts), len(columns) + 2)


def _counts(modality: Modality, row: np.ndarray) -> Counts:
    """A row of summed counts (`_matrix`'s layout) back as the `Counts` that `headline` scores."""
    values = [int(value) for value in row]
    case_level = {t: Tally() for t in error_types(modality)}
    instance = InstanceCounts()
    for (part, t, k), value in zip(_columns(modality), values):
        if part == "case_level":
            setattr(case_level[t], k, value)
        else:
            getattr(instance, k)[t] = value
    return Counts(case_level, instance, values[-2], values[-1])


def _same(computed: float | None, recorded: Any) -> bool:
    return computed is None if recorded is None else computed is not None and abs(computed - recorded) < 1e-9
