"""Words that finding templates take as parameters, in both languages, and how sizes are written.

Finding templates hold abstract values ("right", "small", Size(...)) so that an error can change one
value (flip a side, change a size or unit) and the sentence is rendered again in the report's language.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

from .variants import Split, pick

WORDS: dict[str, dict[str, tuple[str, str]]] = {
    "side": {"right": ("right", "右"), "left": ("left", "左")},
    "lobe": {"upper": ("upper", "上"), "middle": ("middle", "中"), "lower": ("lower", "下")},
    "amount": {"small": ("small", "少量"), "moderate": ("moderate", "中等量"), "large": ("large", "大量")},
    "severity": {"mild": ("mild", "轻度"), "moderate": ("moderate", "中度"), "severe": ("severe", "重度")},
    "count": {"two": ("two", "2"), "three": ("three", "3"), "four": ("four", "4"), "five": ("five", "5")},
}
OPPOSITE_SIDE = {"right": "left", "left": "right"}


@dataclass(frozen=True)
class Size:
    """A measurement: its dimensions in millimetres and how this report writes it."""

    dims_mm: tuple[float, ...]
    unit: str  # "mm" or "cm"
    style: int  # which spelling of the axes separator / layout (see `render_size`)
    dual: bool = False  # also give the value in the other unit: "1.2 cm (12 mm)", a trap

    def scaled(self, factor: float) -> "Size":
        return replace(self, dims_mm=tuple(round(d * factor) for d in self.dims_mm), dual=False)


def new_size(rng: random.Random, low_mm: int, high_mm: int, dims: int, split: Split) -> Size:
    first = rng.randint(low_mm, high_mm)
    dims_mm = (first,) if dims == 1 else (first, max(2, round(first * rng.uniform(0.55, 0.95))))
    unit = "cm" if first >= 20 and rng.random() < 0.7 else rng.choice(["mm", "cm"])
    return Size(dims_mm, unit, pick(rng, range(4), split), dual=rng.random() < 0.08)


def _number(value_mm: float, unit: str) -> str:
    value = value_mm / 10 if unit == "cm" else value_mm
    return f"{value:.1f}".rstrip("0").rstrip(".") if unit == "cm" else f"{value:.0f}"


def render_size(size: Size, language: str, unit: str | None = None) -> str:
    """Write SIZE; UNIT overrides the unit word only (the numbers stay), which is how a mm/cm slip reads."""
    shown_unit = unit or size.unit
    numbers = [_number(d, size.unit) for d in size.dims_mm]
    if language == "zh":
        if len(numbers) == 1:
            text = f"{numbers[0]}{shown_unit}"
        elif size.style % 2 == 0:
            text = "×".join(f"{n}{shown_unit}" for n in numbers)
        else:
            text = "×".join(numbers) + shown_unit
    else:
        separator = (" x ", " × ", "x", " by ")[size.style]
        text = separator.join(numbers) + f" {shown_unit}"
    if size.dual and unit is None:
        other = "mm" if size.unit == "cm" else "cm"
        other_text = render_size(replace(size, unit=other, dual=False), language)
        text += f"（{other_text}）" if language == "zh" else f" ({other_text})"
    return text


def lobe_abbreviation(side: str, lobe: str) -> str:
    """RUL, RML, RLL, LUL, LLL (a flipped side gives the impossible "LML", still an abbreviation)."""
    return f"{side[0].upper()}{lobe[0].upper()}L"


def word(kind: str, value: str, language: str) -> str:
    english, chinese = WORDS[kind][value]
    return chinese if language == "zh" else english
