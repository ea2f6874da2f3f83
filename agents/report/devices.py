"""Where a report puts the tip of a tube or line (lexicon/devices.json): "ETT tip 3 cm above the carina" places the
endotracheal tube in the trachea, "鼻空肠管末端位于空肠上段" the enteric tube in the small bowel.

A device's place is the first place word for it written after its name, before the next device's name: one statement
places one device ("Left subclavian CVC tip in the SVC. Enteric tube in the stomach.").
"""

from __future__ import annotations

from dataclasses import dataclass

from radqc.agents.report.document import Span
from radqc.agents.report.lexicon import device_matcher, place_matcher


@dataclass(frozen=True)
class Placement:
    device: str
    place: str
    start: int  # where the device is named
    end: int  # where the place word ends


def placements(span: Span, language: str) -> list[Placement]:
    named = device_matcher(language).find(span.text, span.start)
    found = []
    for i, (device, start, end) in enumerate(named):
        until = named[i + 1][1] if i + 1 < len(named) else span.end
        places = place_matcher(device, language).find(span.text[end - span.start : until - span.start], end)
        if places:
            place, _, place_end = places[0]
            found.append(Placement(device, place, start, place_end))
    return found
