"""Scores that are a share of nothing, as the terminal tables and the pages show them.

metrics.json writes 0.0 for a ratio with nothing under it, as docs/dataset-format.md's example does (a
type no gold case has gets recall and F1 0.0; a modality none of whose types has one, Macro-F1 0.0).
Printed as 0.000, that read as a type scored and wholly missed, and `radqc eval`, `radqc compare` and
the HTML pages each told it differently; they all show these scores through here instead, and the JSON
keeps the spec's numbers.
"""

from __future__ import annotations

from typing import Any

NOT_APPLICABLE = "n/a"
NOT_APPLICABLE_LEGEND = (f"{NOT_APPLICABLE}: a share of none (recall, F1: no gold case of the type, n=0, which macro F1 leaves "
                         "out; precision: no finding of it; macro F1: no type has a gold case)")


def share(value: Any, of: int | None) -> Any:
    """VALUE, a share of OF things, or NOT_APPLICABLE when there are none. OF None (a metrics.json that does
    not say, an older radqc's): VALUE."""
    return NOT_APPLICABLE if of == 0 else value


def shown_headline(block: dict[str, Any], key: str) -> Any:
    """A modality BLOCK's headline number KEY as shown: Macro-F1 is the mean F1 of the types with a gold
    case, a mean of nothing when none has one."""
    if key != "macro_f1":
        return block.get(key)
    supports = [row.get("support") for row in block["per_type"].values()]
    return share(block.get(key), None if not supports or None in supports else sum(map(bool, supports)))


def shown_type_scores(block: dict[str, Any], error_type: str) -> dict[str, Any]:
    """ERROR_TYPE's per-type scores in a modality BLOCK as shown: "precision", "recall", "f1" (case level) and
    "instance_recall", "instance_precision"."""
    row, instance = block["per_type"][error_type], (block.get("per_type_instance") or {}).get(error_type) or {}
    found = row["tp"] + row["fp"] if "tp" in row and "fp" in row else None
    return {"precision": share(row.get("precision"), found), "recall": share(row.get("recall"), row.get("support")),
            "f1": share(row.get("f1"), row.get("support")),
            "instance_recall": share(instance.get("recall"), instance.get("support")),
            "instance_precision": share(instance.get("precision"), instance.get("findings"))}
