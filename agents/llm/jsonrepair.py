"""Read the JSON object out of a model reply that may wrap it in prose, reasoning or code fences.

Models asked to "think, then answer in JSON" put the answer after their reasoning, often inside ```json
fences and sometimes with trailing commas; braces in the reasoning before it must not be mistaken for
the answer. A reply may also go on after the answer, e.g. quoting the report it was given; a report can
hold text shaped like an answer (a prompt injection), so the caller can say what an answer looks like
(`fits`: the first object that fits wins) and what the model was shown (`quoted`: an object copied
from there is never the answer).
"""

from __future__ import annotations

import json
import re
from typing import Any, Callable

_FENCE = re.compile(r"```[a-zA-Z]*")
_TRAILING_COMMA = re.compile(r",(\s*[}\]])")


def extract_json_object(reply: str, *, fits: Callable[[dict[str, Any]], bool] | None = None, quoted: str = "") -> dict[str, Any]:
    """The answer in REPLY (trying again with trailing commas removed), among its top-level JSON
    objects that do not occur in QUOTED: the first one FITS accepts; when none does (or without FITS)
    the last one, whose validation by the caller then says what is wrong with it.

    Raises ValueError when there is none."""
    shown = [value for objects in _readings(quoted) for value in objects] if quoted else []
    attempts = [[value for value in objects if value not in shown] for objects in _readings(reply)]
    for value in (value for objects in attempts for value in objects):
        if fits is not None and fits(value):
            return value
    for objects in attempts:
        if objects:
            return objects[-1]
    raise ValueError("no JSON object found in the reply" + (" that is not copied from the prompt" if shown else ""))


def _readings(text: str) -> list[list[dict[str, Any]]]:
    """The top-level objects of TEXT without its code fences, then with its trailing commas removed
    too: the same repairs for a reply and for the prompt, so that an object in the prompt that only a
    repair makes valid JSON is still known as copied from there."""
    text = _FENCE.sub(" ", text)
    return [_top_level_objects(attempt) for attempt in (text, _TRAILING_COMMA.sub(r"\1", text))]


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
        except (json.JSONDecodeError, RecursionError):  # RecursionError: nested deeper than the parser goes
            position = text.find("{", position + 1)
            continue
        if isinstance(value, dict):
            found.append(value)
        position = text.find("{", end)
    return found
