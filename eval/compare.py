"""Put several runs side by side (RAG vs no-RAG, model A vs model B, recall vs precision roles).

Runs are compared through their metrics.json only, so any two runs of the same dataset can be
compared later without re-auditing anything.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable, NamedTuple

from radqc.eval.llm_usage import total_cost
from radqc.eval.metrics import unscored_note
from radqc.eval.shares import NOT_APPLICABLE, NOT_APPLICABLE_LEGEND, shown_headline, shown_type_scores
from radqc.schemas import MODALITIES

# The case counts come first: failed cases and cases waiting for review are scored as misses, and a
# lower recall next to them is their doing, not the auditors'.
COUNTS = ("n_cases", "n_failed", "n_pending")
HEADLINE = COUNTS + ("macro_f1", "micro_f1", "recall", "precision", "f1", "false_alarm_rate",
                     "additional_discovery_rate", "unreviewed_discoveries")
TYPE_F1 = "f1["  # the per-type rows of `comparison_rows` are named f1[<error type>]


class CompareError(ValueError):
    pass


def load_run(run_dir: Path) -> dict[str, Any]:
    """The metrics.json of RUN_DIR (or RUN_DIR itself, a metrics file); CompareError when it cannot be
    read or is some other JSON, which would otherwise fail half-way through the table."""
    if not run_dir.exists():  # a mistyped name: "[Errno 2] No such file or directory" twice over
        raise CompareError(f"run folder not found: {run_dir}")
    path = run_dir / "metrics.json" if run_dir.is_dir() else run_dir
    if run_dir.is_dir() and not path.exists():
        # "[Errno 2] No such file or directory" said nothing of a run stopped before it was scored.
        raise CompareError(f"{run_dir} holds no metrics.json: it is not a `radqc eval` run folder, or its run has not "
                           "finished (run `radqc eval` again with it as --out)")
    try:
        metrics = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CompareError(f"cannot read metrics from {run_dir}: {exc}") from exc
    if not _is_metrics(metrics):
        raise CompareError(f"{path} is not the metrics.json of a `radqc eval` run")
    return metrics


def _is_metrics(value: Any) -> bool:
    """Whether VALUE has the shape comparison_rows reads: each modality's block null or an object
    with its per-type scores."""
    return isinstance(value, dict) and all(
        block is None or (isinstance(block, dict) and isinstance(block.get("per_type"), dict))
        for block in (value.get(modality) for modality in MODALITIES)
    )


def unscored_notes(runs: dict[str, dict[str, Any]]) -> list[str]:
    """One line per run and modality with cases that failed or wait for review (scored as misses)."""
    notes = []
    for name, metrics in runs.items():
        for modality in MODALITIES:
            note = unscored_note(metrics.get(modality) or {})
            if note:
                notes.append(f"{name}, {modality}: {note}")
    return notes


def dataset_notes(runs: dict[str, dict[str, Any]]) -> list[str]:
    """Why the runs' numbers may not be comparable, or []: they scored different datasets, or one
    modality's cases or gold labels differ between them (a corrected manifest, verdicts applied in
    between). A change column across those measures the data as much as the auditors."""
    notes = []
    datasets = {name: (metrics.get("run") or {}).get("dataset") for name, metrics in runs.items()}
    if len(set(datasets.values())) > 1:
        notes.append("the runs scored different datasets: " + ", ".join(f"{name}: {path}" for name, path in datasets.items()))
    for modality in MODALITIES:
        scored = {name: (block.get("n_cases"), block.get("n_gold")) for name, metrics in runs.items()
                  if (block := metrics.get(modality))}
        if len(set(scored.values())) > 1:
            notes.append(f"{modality}: the runs scored different cases or gold labels (n_cases, n_gold): "
                         + ", ".join(f"{name}: {cases}, {gold}" for name, (cases, gold) in scored.items()))
    return notes


class VaryingSetting(NamedTuple):
    """A run setting besides the profile and the rag flag that changes the answers."""

    words: str  # its name in a header
    # Whose scores it changes: a run that scored none of that modality has no say in whether runs differ.
    # None: every modality's, and only the runs that recorded a value have a say (a run without retrieval
    # read no knowledge base).
    modality: str | None
    text: Callable[[Any], str]  # its recorded value in words


# Shown only where the runs differ in them, as most comparisons (a CT RAG ablation) hold them equal.
# site_baseline: the films radiographs were judged against (0: none, the fitted scale; `--no-site-baseline`).
# knowledge_base: what the knowledge base a run retrieved from held when it started (`KnowledgeBase.fingerprint`).
VARYING_SETTINGS = {
    "site_baseline": VaryingSetting("site baseline", "cxr", lambda films: f"{films} films" if films else "none"),
    "knowledge_base": VaryingSetting("knowledge base", None, lambda held: f"{_guideline_words(held)}, {held['past_cases']} past cases"),
}


def _guideline_words(fingerprint: dict[str, Any]) -> str:
    """`radqc.knowledge.guideline_words`, imported when a run recorded a knowledge base: importing the
    package (0.14 s) would slow every `radqc compare`."""
    from radqc.knowledge import guideline_words

    return guideline_words(fingerprint)


def run_settings(metrics: dict[str, Any]) -> dict[str, Any]:
    """A run's profile, whether it retrieved and the `VARYING_SETTINGS` (`run.profile`, `run.rag`,
    `run.site_baseline_films`, `run.knowledge_base`), None where its metrics.json does not say (an older
    radqc's; a run without retrieval has no knowledge base). Kept apart from the rows, whose values are all numbers."""
    run = metrics.get("run") or {}
    return {"profile": run.get("profile"), "rag": run.get("rag"), "site_baseline": run.get("site_baseline_films"),
            "knowledge_base": run.get("knowledge_base")}


def differing_settings(runs: dict[str, dict[str, Any]], settings: dict[str, dict[str, Any]]) -> list[str]:
    """The `VARYING_SETTINGS` in which SETTINGS (`run_settings` of each of RUNS) differ: a column's number
    changed by `--no-site-baseline` read as the auditors' doing when the headers did not say. Only the
    runs that scored the setting's modality count: a CT-only run's "none" beside a
    radiograph run's baseline headed the columns with a setting that changed none of their numbers."""
    return [key for key, setting in VARYING_SETTINGS.items()
            if len({json.dumps(settings[name][key], sort_keys=True) for name, metrics in runs.items()
                    if (metrics.get(setting.modality) if setting.modality else settings[name][key]) is not None}) > 1]


def knowledge_base_note(settings: dict[str, dict[str, Any]]) -> str | None:
    """How the knowledge bases of the runs that retrieved differ, in words, or None when they held the
    same: "knowledge base (rag vs rag-mine): guidelines 88 shipped vs 88 shipped + 2 of yours; past
    cases 120 vs 131". Records that differ in content alone (a guideline edited, a case reviewed
    again) are told apart by their hashes."""
    held = {name: run["knowledge_base"] for name, run in settings.items() if run["knowledge_base"]}
    if len({fingerprint["hash"] for fingerprint in held.values()}) < 2:
        return None
    guidelines = [_guideline_words(fingerprint) for fingerprint in held.values()]
    cases = [str(fingerprint["past_cases"]) for fingerprint in held.values()]
    parts = [f"guidelines {' vs '.join(guidelines)}"] if len(set(guidelines)) > 1 else []
    parts += [f"past cases {' vs '.join(cases)}"] if len(set(cases)) > 1 else []
    contents = f"the same counts, other contents (hash {' vs '.join(fingerprint['hash'] for fingerprint in held.values())})"
    return f"knowledge base ({' vs '.join(held)}): {'; '.join(parts) or contents}"


def setting_text(key: str, value: Any) -> str | None:
    """A `VARYING_SETTINGS` value in words, None where the run does not say."""
    return None if value is None else VARYING_SETTINGS[key].text(value)


def comparison_rows(runs: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per (modality, metric) with each run's value, and per-type F1 rows after the headline."""
    rows = []
    for modality in ("cxr", "ct_report"):
        blocks = {name: metrics.get(modality) for name, metrics in runs.items()}
        if all(block is None for block in blocks.values()):
            continue
        for metric in HEADLINE:
            rows.append({"modality": modality, "metric": metric,
                         "values": {n: (b or {}).get(metric) for n, b in blocks.items()}})
        types = next(b for b in blocks.values() if b is not None)["per_type"]
        for error_type in types:
            rows.append({"modality": modality, "metric": f"{TYPE_F1}{error_type}]",
                         "values": {n: ((b or {}).get("per_type", {}).get(error_type) or {}).get("f1") for n, b in blocks.items()}})
    return rows + _usage_rows(runs)


def changes(row: dict[str, Any]) -> dict[str, float | int | None]:
    """A row's change from its first run to each later one, None where either has no value: an ablation's
    runs are each read against the baseline given first, where first to last alone left a three-run
    ablation all "-" when its last run scored the other modality."""
    (_, first), *later = row["values"].items()
    return {name: value - first if None not in (first, value) else None for name, value in later}


def change_headers(names: list[str]) -> list[str]:
    """The heads of the change columns beside runs NAMES: "change" for two runs, "Δ RUN" for each run after
    the first of more (`change_legend` says what they are)."""
    return ["change"] if len(names) == 2 else [f"Δ {name}" for name in names[1:]]


def change_legend(names: list[str]) -> str | None:
    """The line under a table of more than two runs NAMES that says what its change columns compare."""
    return None if len(names) == 2 else f"Δ RUN: the change from the first run, {names[0]}, to RUN"


def shown_values(row: dict[str, Any], runs: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """ROW's (`comparison_rows`) value for each of RUNS as the table and the page show it: a share of nothing
    as `radqc eval` shows it (`shares`), where --json keeps the number, as metrics.json does."""
    shown = dict(row["values"])
    if row["modality"] not in MODALITIES:
        return shown
    for name, value in shown.items():
        block = runs[name].get(row["modality"])
        if value is not None and block:
            shown[name] = (shown_type_scores(block, row["metric"][len(TYPE_F1):-1])["f1"] if row["metric"].startswith(TYPE_F1)
                           else shown_headline(block, row["metric"]))
    return shown


def shown_changes(row: dict[str, Any], shown: dict[str, Any]) -> list[Any]:
    """ROW's `changes` as shown beside its SHOWN values (`shown_values`): from or to a share of nothing is no change."""
    first = next(iter(shown.values()))
    return [NOT_APPLICABLE if NOT_APPLICABLE in (first, shown[name]) else moved for name, moved in changes(row).items()]


CHANGE_NOT_APPLICABLE_LEGEND = f"a change is {NOT_APPLICABLE} where either run's value is: none is taken from or to a share of none"


def not_applicable_legends(values: list[Any], moved: list[Any]) -> list[str]:
    """The lines under a comparison that say what its n/a means: among the shown VALUES, a share of none
    (`shares`); among the changes MOVED, one taken from or to such a value, where a change column read n/a beside
    two runs' "n/a" and "0.919" with no word of why."""
    return ([NOT_APPLICABLE_LEGEND] if NOT_APPLICABLE in values else []) + ([CHANGE_NOT_APPLICABLE_LEGEND] if NOT_APPLICABLE in moved else [])


def _usage_rows(runs: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """What the runs' model calls cost (`llm_usage`), when any run called a model: the price of a
    comparison's F1."""
    usage = {name: (metrics.get("run") or {}).get("llm_usage") for name, metrics in runs.items()}
    if not any(usage.values()):
        return []
    tokens = {name: sum(m["prompt_tokens"] + m["completion_tokens"] for m in (totals or {}).values()) for name, totals in usage.items()}
    return [
        {"modality": "run", "metric": "llm_cost_usd", "values": {name: total_cost(totals) for name, totals in usage.items()}},
        {"modality": "run", "metric": "llm_tokens", "values": tokens},
    ]


def change_bootstrap(runs: dict[str, dict[str, Any]], folders: dict[str, Path], rows: list[dict[str, Any]],
                     resamples: int) -> dict[str, Any] | None:
    """The paired bootstrap of the change from the first of RUNS to the last (`eval/bootstrap.py`): each of
    ROWS (`comparison_rows`) it bounds gets its "interval", [low, high], and the settings are returned as
    `radqc compare --json` gives them: {"resamples", "seed", "level", "runs": [first, last], "cases": per
    modality, "no_interval": why no row has one, or None}. None when RESAMPLES is 0 (switched off).
    FOLDERS: each run's folder, where its predictions.jsonl is."""
    from radqc.eval.bootstrap import LEVEL, SEED, NoInterval, change_intervals

    if not resamples:
        return None
    first, last = list(runs)[0], list(runs)[-1]
    summary = {"resamples": resamples, "seed": SEED, "level": LEVEL, "runs": [first, last], "cases": {}, "no_interval": None}
    try:
        bounds, cases = change_intervals((first, folders[first], runs[first]), (last, folders[last], runs[last]), resamples)
    except NoInterval as exc:
        return {**summary, "no_interval": str(exc)}
    for row in rows:
        if (row["modality"], row["metric"]) in bounds:
            row["interval"] = list(bounds[(row["modality"], row["metric"])])
    return {**summary, "cases": cases}


def interval_text(bounds: list[float] | None) -> str:
    """A change's interval as the table and the page show it, signed as the change is; blank for a row without one."""
    return "" if bounds is None else f"[{bounds[0]:+.3f}, {bounds[1]:+.3f}]"


def bootstrap_legend(bootstrap: dict[str, Any]) -> str:
    """The line under the table that says what its intervals are, or why there are none."""
    if bootstrap["no_interval"]:
        return f"no interval of the change: {bootstrap['no_interval']}"
    first, last = bootstrap["runs"]
    cases = " and ".join(f"{n} {modality}" for modality, n in bootstrap["cases"].items())
    return (f"{bootstrap['level']:.0%} interval of the change from {first} to {last}: a paired bootstrap over the {cases} cases "
            f"({bootstrap['resamples']} resamples, seed {bootstrap['seed']}); one that holds 0 is within what the choice of "
            "cases alone would give")
