"""The dataset card's numbers, computed from the written datasets, and the card itself."""

from __future__ import annotations

from collections import Counter
from importlib import resources
from typing import Iterable

from radqc.schemas import Case

from .errors import ERROR_TYPES
from .exams import EXAMS
from .findings import FINDINGS
from .normals import NORMALS
from .typos import TYPOS
from .variants import SPLITS

LANGUAGES = ("en", "zh")


def split_counts(cases: Iterable[Case]) -> dict:
    """Counts for one split: cases, clean cases and labels, per language, error type and exam family."""
    counts: dict = {"cases": Counter(), "clean": Counter(), "labels": Counter(), "families": Counter()}
    for case in cases:
        counts["cases"][case.language] += 1
        counts["families"][case.meta.get("family", "?")] += 1
        if not case.labels:
            counts["clean"][case.language] += 1
        for label in case.labels or []:
            counts["labels"][(label.error_type, case.language)] += 1
    return counts


def as_plain(counts: dict) -> dict:
    """COUNTS as JSON-friendly nested dicts (what `synthesize` returns)."""
    return {
        "cases": {lang: counts["cases"][lang] for lang in LANGUAGES},
        "clean": {lang: counts["clean"][lang] for lang in LANGUAGES},
        "labels": {t: {lang: counts["labels"][(t, lang)] for lang in LANGUAGES} for t in ERROR_TYPES},
        "families": dict(sorted(counts["families"].items())),
    }


def render_card(seed: int, counts_by_split: dict[str, dict]) -> str:
    template = resources.files(__package__).joinpath("card_template.md").read_text(encoding="utf-8")
    return template.format(seed=seed, overview=_overview(counts_by_split), errors=_errors(counts_by_split),
                           families=_families(counts_by_split), library=_library())


def _library() -> str:
    """The size of the wording library, from the modules themselves."""
    wordings = sum(len(t) for f in FINDINGS for t in (f.en_find, f.en_imp, f.zh_find, f.zh_imp))
    wordings += sum(len(n.en) + len(n.zh) for n in NORMALS)
    typos = sum(len(pairs) for pairs in TYPOS.values())
    return (f"{len(EXAMS)} exams, {len(FINDINGS)} kinds of finding, normal statements for {len(NORMALS)} organs, "
            f"{wordings} finding and normal-statement wordings, {typos} misspelling pairs")


def _overview(counts_by_split: dict[str, dict]) -> str:
    rows = ["| split | language | cases | clean (no error) | with errors | error labels |", "|---|---|---|---|---|---|"]
    for split in SPLITS:
        counts = counts_by_split[split]
        for lang in LANGUAGES:
            cases, clean = counts["cases"][lang], counts["clean"][lang]
            labels = sum(counts["labels"][(t, lang)] for t in ERROR_TYPES)
            rows.append(f"| {split} | {lang} | {cases} | {clean} | {cases - clean} | {labels} |")
    return "\n".join(rows)


def _errors(counts_by_split: dict[str, dict]) -> str:
    columns = [(split, lang) for split in SPLITS for lang in LANGUAGES]
    rows = ["| error type | " + " | ".join(f"{s} {l}" for s, l in columns) + " | total |",
            "|---|" + "---|" * (len(columns) + 1)]
    for error_type in ERROR_TYPES:
        values = [counts_by_split[s]["labels"][(error_type, l)] for s, l in columns]
        rows.append(f"| {error_type} | " + " | ".join(str(v) for v in values) + f" | {sum(values)} |")
    return "\n".join(rows)


def _families(counts_by_split: dict[str, dict]) -> str:
    families = sorted(set().union(*(counts_by_split[s]["families"] for s in SPLITS)))
    rows = ["| exam family | " + " | ".join(SPLITS) + " |", "|---|" + "---|" * len(SPLITS)]
    for family in families:
        rows.append(f"| {family} | " + " | ".join(str(counts_by_split[s]["families"][family]) for s in SPLITS) + " |")
    return "\n".join(rows)
