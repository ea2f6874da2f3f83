"""What a run's model calls cost, summed over its traces: comparing models means cost beside F1, and
summing traces.jsonl by hand is no way to get it.

The totals cover every answer the run folder holds, a resumed run's earlier answers included (the
folder's predictions are scored as one run, so they are costed as one). A reply served from the
on-disk cache costs nothing and is counted as a cache hit.
"""

from __future__ import annotations

from typing import Any, Iterable

from radqc.plural import counted

# The counts an LLM auditor's usage holds (`agents.llm.usage.UsageTally`), summed as they are.
COUNTS = ("api_calls", "failed_calls", "cache_hits", "prompt_tokens", "completion_tokens")


def usage_totals(traces: Iterable[dict[str, Any]]) -> dict[str, dict[str, Any]] | None:
    """Per model, the counts of every role of every case in TRACES (traces.jsonl records) and their cost
    in US dollars, None once one call's price is unknown (a local model: a partial sum would look like a
    total); None when no model was called at all, as in an offline run."""
    totals: dict[str, dict[str, Any]] = {}
    for usage in _llm_usages(traces):
        total = totals.setdefault(str(usage.get("model")), {**dict.fromkeys(COUNTS, 0), "cost_usd": 0.0})
        for name in COUNTS:
            total[name] += _count(usage.get(name))
        cost = usage.get("cost_usd")
        known = isinstance(cost, (int, float)) and total["cost_usd"] is not None
        total["cost_usd"] = total["cost_usd"] + cost if known else None
    for total in totals.values():
        total["cost_usd"] = None if total["cost_usd"] is None else round(total["cost_usd"], 6)
    return totals or None


def total_cost(totals: dict[str, dict[str, Any]] | None) -> float | None:
    """The cost of all models together (None when any is unknown, or nothing was called)."""
    costs = [model["cost_usd"] for model in (totals or {}).values()]
    return round(sum(costs), 6) if costs and None not in costs else None


def answered(model: str, totals: dict[str, dict[str, Any]] | None) -> bool:
    """Whether MODEL gave the run an answer (a reply or a cached one): a model taken out of the run may have
    failed from its first case. Without its totals (a page rendered from metrics alone), it is taken to have."""
    total = (totals or {}).get(model)
    return total is None or total["api_calls"] > total["failed_calls"] or total["cache_hits"] > 0


def usage_line(model: str, total: dict[str, Any]) -> str:
    """One model's calls over the run, as the summary and report.html print them."""
    cost = "price unknown" if total["cost_usd"] is None else f"${total['cost_usd']:.4f}"
    return (f"{model}: {counted(total['api_calls'], 'call')} ({total['failed_calls']} failed, {counted(total['cache_hits'], 'cached reply', 'cached replies')}), "
            f"{total['prompt_tokens']} prompt + {counted(total['completion_tokens'], 'completion token')}, {cost}")


def _llm_usages(traces: Iterable[dict[str, Any]]) -> Iterable[dict[str, Any]]:
    """The usage of each role that called a model (its usage counts api_calls; rules do not)."""
    for record in traces:
        parts = record.get("trace") if isinstance(record.get("trace"), dict) else {}
        for part in parts.values():
            usage = part.get("usage") if isinstance(part, dict) else None
            if isinstance(usage, dict) and "api_calls" in usage:
                yield usage


def _count(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0
