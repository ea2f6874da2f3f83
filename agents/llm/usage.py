"""Tokens, calls and money spent on one case, so that model comparisons can report cost next to F1."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass
class UsageTally:
    """Counts for one auditor on one case. `cost_usd` is None as soon as one call's price is unknown
    (a local or unmapped model): a partial sum would look like a real total."""

    model: str
    api_calls: int = 0
    failed_calls: int = 0
    cache_hits: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float | None = 0.0

    def add_reply(self, prompt_tokens: int, completion_tokens: int, cost_usd: float | None) -> None:
        self.api_calls += 1
        self.prompt_tokens += prompt_tokens
        self.completion_tokens += completion_tokens
        self.cost_usd = None if cost_usd is None or self.cost_usd is None else self.cost_usd + cost_usd

    def add_failure(self) -> None:
        self.api_calls += 1
        self.failed_calls += 1

    def add_cache_hit(self) -> None:
        self.cache_hits += 1

    def as_dict(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "api_calls": self.api_calls,
            "failed_calls": self.failed_calls,
            "cache_hits": self.cache_hits,
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "cost_usd": self.cost_usd,
        }
