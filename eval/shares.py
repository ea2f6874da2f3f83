"""Scores that are a share of nothing, as the terminal tables and the pages show them.

metrics.json writes 0.0 for a ratio with nothing under it, as docs/dataset-format.md's example does (a
type no gold case has gets recall and F1 0.0; a modality none of whose types has one, Macro-F1 0.0; one
without gold errors or findings, instance recall, precision, F1 and Micro-F1 0.0).
Printed as 0.000, that read as a type scored and wholly missed, and `radqc eval`, `radqc compare` and
the HTML pages each told it differently; they all show these scores through here instead, and the JSON
keeps the spec's numbers.
"""

from __future__ import annotations

from typing import Any

NOT_APPLICABLE = "n/a"
UNDECIDED_MARK = "*"
UNDECIDED_LEGEND = (f"{UNDECIDED_MARK}: not decided by this run's auditors (the offline rules never report it), so its "
                    "scores are n/a or 0 by construction; macro F1 counts it, macro F1 decided leaves it out")
NOT_APPLICABLE_LEGEND = (f"{NOT_APPLICABLE}: a share of none (recall, F1: no gold case of the type, n=0, which macro F1 leaves "
                         "out; precision: no finding of it; macro F1: no type has a gold case; micro F1: no gold case and "
                         "no finding of any type; instance recall: no gold error; instance precision: no finding; "
                         "instance F1: neither)")


def share(value: Any, of: int | None) -> Any:
    """VALUE, a share of OF things, or NOT_APPLICABLE when there are none. OF None (a metrics.json that does
    not say, an older radqc's): VALUE."""
    return NOT_APPLICABLE if of == 0 else value


def shown_headline(block: dict[str, Any], key: str) -> Any:
    """A modality BLOCK's headline number KEY as shown: Macro-F1 is the mean F1 of the types with a gold
    case, a mean of nothing when none has one; Micro-F1 is a share of the pooled case-level tallies; instance
    recall is a share of the gold errors, precision of the findings, and their F1 of either."""
    return share(block.get(key), _headline_base(block, key))


def marked_type(block: dict[str, Any], name: str) -> str:
    """Error type NAME as a table of BLOCK shows it: marked when the run's auditors cannot report it (`UNDECIDED_LEGEND`)."""
    return f"{UNDECIDED_MARK} {name}" if name in block.get("undecided", ()) else name


def shown_decided_macro(block: dict[str, Any]) -> Any:
    """Macro-F1 without the types the run's auditors cannot report (`block["undecided"]`: the offline rules'
    anatomy criteria, whose recall is 0 by construction), as README's "8 simulable" column gives it: the mean
    F1 of the other types with a gold case. None when the block names none undecided."""
    undecided = set(block.get("undecided") or ())
    if not undecided:
        return None
    scores = [row["f1"] for name, row in block["per_type"].items() if name not in undecided and row.get("support")]
    return share(sum(scores) / len(scores) if scores else 0.0, len(scores))


def _headline_base(block: dict[str, Any], key: str) -> int | None:
    """How many things the headline number KEY is a share of, None when BLOCK does not say (or KEY is no share)."""
    rows = list(block["per_type"].values())
    if key == "macro_f1":
        supports = [row.get("support") for row in rows]
        return None if not supports or None in supports else sum(map(bool, supports))
    if key == "micro_f1":
        return sum(row["tp"] + row["fp"] + row["fn"] for row in rows) if all("tp" in row for row in rows) else None
    gold, found = block.get("n_gold"), block.get("n_findings")
    if key == "f1":
        return None if None in (gold, found) else gold + found
    return {"recall": gold, "precision": found}.get(key)


def shown_type_scores(block: dict[str, Any], error_type: str) -> dict[str, Any]:
    """ERROR_TYPE's per-type scores in a modality BLOCK as shown: "precision", "recall", "f1" (case level) and
    "instance_recall", "instance_precision"."""
    row, instance = block["per_type"][error_type], (block.get("per_type_instance") or {}).get(error_type) or {}
    found = row["tp"] + row["fp"] if "tp" in row and "fp" in row else None
    return {"precision": share(row.get("precision"), found), "recall": share(row.get("recall"), row.get("support")),
            "f1": share(row.get("f1"), row.get("support")),
            "instance_recall": share(instance.get("recall"), instance.get("support")),
            "instance_precision": share(instance.get("precision"), instance.get("findings"))}
