"""Prompt templates as package data, so that prompt wording is reviewed like text, not buried in code.

Templates use `{placeholder}` slots filled in one pass: the values are never re-scanned, so braces or
`{placeholder}`-looking text inside a report cannot change the template, and literal JSON braces in a
template (`{"findings": [...]}`) are left alone because only `{identifier}` counts as a slot.
"""

from __future__ import annotations

import re
from importlib import resources

_SLOT = re.compile(r"\{([a-z][a-z0-9_]*)\}")


def load_prompt(name: str) -> str:
    """The text of prompts/NAME.md."""
    return resources.files(__name__).joinpath(f"{name}.md").read_text(encoding="utf-8")


def render(template: str, **values: object) -> str:
    """TEMPLATE with every `{slot}` replaced by str(values[slot]); a slot without a value is a bug (KeyError)."""
    missing = sorted(set(_SLOT.findall(template)) - set(values))
    if missing:
        raise KeyError(f"prompt slots without a value: {', '.join(missing)}")
    return _SLOT.sub(lambda match: str(values[match.group(1)]), template)
