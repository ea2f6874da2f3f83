"""Read the JSON object out of a model reply that may wrap it in prose, reasoning or code fences.

Models asked to "think, then answer in JSON" put the answer last, often inside ```json fences and
sometimes with trailing commas; braces in the reasoning before it must not be mistaken for the answer.
"""

from __future__ import annotations

import json
import re
from typing import Any

_FENCE = re.compile(r"```[a-zA-Z]*")
_TRAILING_COMMA = re.compile(r",(\s*[}\]])")


def extract_json_object(reply: str) -> dict[str, Any]:
    """The last top-level JSON object in REPLY (trying again with trailing commas removed).

    Raises ValueError when there is none.
    """
    text = _FENCE.sub(" ", reply)
    for attempt in (text, _TRAILING_COMMA.sub(r"\1", text)):
        objects = _top_level_objects(attempt)
        if objects:
            return objects[-1]
    raise ValueError("no JSON object found in the reply")


def _top_level_objects(text: str) -> list[dict[str, Any]]:
    """Every JSON object that starts at a `{` and is not inside an earlier one, in order.

    Decoding from each `{` (instead of counting braces) survives a stray `{` in the prose before the answer.
    """
    decoder = json.JSONDecoder()
    found: list[dict[str, Any]] = []
    position = text.find("{")
    while position != -1:
        try:
            value, end = decoder.raw_decode(text, position)
        except json.JSONDecodeError:
            position = text.find("{", position + 1)
            continue
        if isinstance(value, dict):
            found.append(value)
        position = text.find("{", end)
    return found
