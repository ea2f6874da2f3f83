"""Chest radiograph QC by a (vision) language model: the image as a downsampled PNG, the automatic
measurements and technical DICOM values, retrieved guidelines and verified past cases.

Only pixels and technical header values leave the machine: the PNG is re-encoded from the pixel
array (no metadata), and the header values are image_io's allowlist, which holds no identifier.
Text burned into the pixels may name the patient. Unless the role's provider may see identifiers
(`phi_allowed_providers`, or a server on this machine):
- the image is not sent at all when its DICOM header says BurnedInAnnotation YES (the text could be
  anywhere, in any form), or when the offline measurements find a row of glyphs over the lung fields
  (`annotation_line`): blacking that out would hide the anatomy being judged. The model then judges
  from the measurements alone, and the output's degraded note says why;
- otherwise every other row of TEXT_LINE_GLYPHS glyphs or more, anywhere on the film and above all in
  its outer margin, where films carry names, dates and station labels (`annotations.text_rows`), is
  blacked out, a padded box around each, in the image sent. The model is told what the boxes are,
  and the output's usage counts them (`blacked_out_text_regions`); the case is not degraded, since
  the model still sees the film, as a report with identifiers replaced is not. One or two glyphs (a
  side marker, "AP") are no row and stay visible: the marker criterion needs them.
One rule (black out every row, over the lungs too) would be simpler, but a box over the lungs hides
what the model judges, and the lung search, built for the marker fault, is the better-tested reader
there; so a row it finds withholds the image, and a row only the whole-film search finds over the
lungs is still blacked out, never sent.
"""

from __future__ import annotations

import base64
import io
import json
import math

from radqc.agents.base import AuditContext, AuditorOutput
from radqc.agents.llm.answer import MAX_REASONING_CHARS, LlmAnswer, known_findings, to_finding
from radqc.agents.llm.client import LlmClient
from radqc.agents.llm.options import options_for
from radqc.agents.llm.prompt_context import (
    describe_patient,
    fence_token,
    fenced,
    guidelines_block,
    past_case_texts,
    past_cases_block,
    role_instruction,
    taxonomy_block,
)
from radqc.agents.llm.redact import Redactor
from radqc.agents.llm.usage import UsageTally
from radqc.prompts import load_prompt, render
from radqc.schemas import Case

MAX_EVIDENCE_CHARS = 300
# Glyphs in one row over the lungs (`annotation_line`) from which the film is taken to carry written
# text: a name, a date or a record number has three characters or more, a side marker ("L") or a view
# label ("AP") fewer.
TEXT_LINE_GLYPHS = 3
# Around each text row blacked out of a sent image, these shares of the row's height (at least one
# working pixel): along the row, for a letter the glyph reading breaks up at its ends (the capital "B"
# of a shadowed "Bettaufnahme" falls apart into 1-px bars) or a full stop; across it, for the letters'
# anti-aliased fringe, accents and descenders.
TEXT_PAD_ALONG, TEXT_PAD_ACROSS = 1.0, 0.5


class LlmCxrAuditor:
    """Options (see options.py for per-modality sections): `image_side` (long side of the PNG sent,
    default 768), `send_image` (False for text-only models: they audit the measurements alone),
    `measurements` (False to leave them out, e.g. for an image-only ablation), and anything
    `LlmClient` takes."""

    modality = "cxr"

    def __init__(self, model: str, **options):
        options = options_for("cxr", options)
        self.model = model
        self.name = f"llm:{model}"
        self.image_side = int(options.pop("image_side", 768))
        self.send_image = bool(options.pop("send_image", True))
        self.measurements = bool(options.pop("measurements", True))
        self.client = LlmClient(model, **options)

    def messages(
        self, case: Case, radiograph, context: AuditContext, redactor: Redactor, withheld: str | None, hidden: list[tuple[int, int, int, int]]
    ) -> list[dict]:
        """The chat messages for CASE as the provider will receive them (image, fenced measurements).
        WITHHELD: why the image may not be sent (`image_withheld`), or None; HIDDEN: the boxes to black
        out of it (`hidden_text`). Both required, so that no caller sends a film by leaving the privacy
        checks out."""
        send_image = self.send_image and not withheld
        facts = technical_facts(radiograph, case.image_file if self.measurements else None)
        redactor.learn(*past_case_texts(context.past_cases))
        token = fence_token(json.dumps(facts, sort_keys=True))
        text = render(
            load_prompt("cxr_audit_user"),
            view=radiograph.header.get("ViewPosition") or case.view or "not given",
            patient=describe_patient(case.patient),
            image_note="yes" if send_image else "no (judge from the measurements)",
            text_boxes=text_regions(hidden, radiograph.pixels.shape) if send_image else "none (no image)",
            measurements=fenced("MEASUREMENTS", json.dumps(facts, ensure_ascii=False, indent=1), token),
            guidelines=guidelines_block(context.guidelines),
            examples=past_cases_block(context.past_cases, token, redactor.redact),
            role_instruction=role_instruction(context.role),
        )
        content: list[dict] = [{"type": "text", "text": text}]
        if send_image:
            content.append({"type": "image_url", "image_url": {"url": png_data_url(blacked_out(radiograph.pixels, hidden))}})
        system = render(load_prompt("cxr_audit_system"), taxonomy=taxonomy_block("cxr"))
        return [{"role": "system", "content": system}, {"role": "user", "content": content}]

    def audit(self, case: Case, context: AuditContext) -> AuditorOutput:
        from radqc.agents.cxr.image_io import load_for_audit

        radiograph = load_for_audit(case.image_file, self.image_side)
        if isinstance(radiograph, AuditorOutput):
            return radiograph
        tally = UsageTally(self.model)
        withheld = self.image_withheld(case, radiograph)
        hidden = [] if withheld else self.hidden_text(case, radiograph)
        messages = self.messages(case, radiograph, context, self.client.new_redactor(), withheld, hidden)
        outcome = self.client.complete(messages, LlmAnswer, tally)
        usage = tally.as_dict() | {"blacked_out_text_regions": text_regions(hidden, radiograph.pixels.shape)}
        notes = [f"image not sent to the model: {withheld}; audited from the measurements alone"] if withheld else []
        if outcome.answer is None:
            return AuditorOutput(failed="; ".join([outcome.problem or "no answer", *notes]), usage=usage)
        kept, dropped = known_findings(outcome.answer, "cxr")
        shown = {g.id for g in context.guidelines}
        findings = [
            to_finding(
                item,
                evidence=item.evidence[:MAX_EVIDENCE_CHARS],
                confidence=item.confidence,
                source=self.name,
                shown_guidelines=shown,
            )
            for item in kept
        ]
        usage |= {"dropped_unknown_types": dropped, "reasoning": outcome.answer.reasoning[:MAX_REASONING_CHARS]}
        return AuditorOutput(findings=findings, degraded="; ".join(notes) or None, usage=usage)

    def image_withheld(self, case: Case, radiograph) -> str | None:
        """Why the image must not go to this provider, or None: text burned into the pixels may name the
        patient, and only a provider in the role's `phi_allowed_providers` (or a server on this
        machine) may see identifiers."""
        if not self.send_image or self.client.phi_allowed:
            return None
        from radqc.agents.cxr.features import image_features

        if str(radiograph.header.get("BurnedInAnnotation", "")).upper() == "YES":
            return "its DICOM header says BurnedInAnnotation YES"
        glyphs = int(image_features(working_radiograph(radiograph, case.image_file)).get("annotation_line", 0))
        if glyphs >= TEXT_LINE_GLYPHS:
            return f"it shows text burned into the pixels ({glyphs} glyphs in one row over the lungs)"
        return None

    def hidden_text(self, case: Case, radiograph) -> list[tuple[int, int, int, int]]:
        """The boxes (x0, y0, x1, y1 in RADIOGRAPH's pixels) to black out of the image sent: every row of
        text on the film (`annotations.text_rows`), found at the working size, where glyph sizes are
        defined, and padded; none when this provider may see identifiers or gets no image."""
        if not self.send_image or self.client.phi_allowed:
            return []
        from radqc.agents.cxr.annotations import text_rows
        from radqc.agents.cxr.features import WORKING_SIDE
        from radqc.agents.cxr.image_io import load_radiograph

        working = load_radiograph(case.image_file, WORKING_SIDE).pixels
        return [sent_box(row, working.shape, radiograph.pixels.shape) for row in text_rows(working, TEXT_LINE_GLYPHS)]


def sent_box(row: tuple[int, int, int, int], working: tuple[int, int], sent: tuple[int, int]) -> tuple[int, int, int, int]:
    """ROW's box (x0, y0, x1, y1 at the WORKING shape), padded (TEXT_PAD_ALONG, TEXT_PAD_ACROSS), in the
    pixels of the SENT shape: both images are the same film resized, so each axis scales by the ratio
    of its sizes; rounded outwards and clipped, so that the box never shrinks."""
    height = row[3] - row[1]
    along, across = max(1.0, TEXT_PAD_ALONG * height), max(1.0, TEXT_PAD_ACROSS * height)
    sy, sx = sent[0] / working[0], sent[1] / working[1]
    return (
        max(0, math.floor((row[0] - along) * sx)), max(0, math.floor((row[1] - across) * sy)),
        min(sent[1], math.ceil((row[2] + along) * sx)), min(sent[0], math.ceil((row[3] + across) * sy)),
    )


def box_mask(boxes: list[tuple[int, int, int, int]], shape: tuple[int, int]):
    """A boolean image of SHAPE, True inside BOXES (x0, y0, x1, y1, end-exclusive)."""
    import numpy as np

    mask = np.zeros(shape, dtype=bool)
    for x0, y0, x1, y1 in boxes:
        mask[y0:y1, x0:x1] = True
    return mask


def blacked_out(pixels, boxes: list[tuple[int, int, int, int]]):
    """PIXELS with BOXES filled black (a copy: the radiograph's pixels are shared through a cache)."""
    import numpy as np

    return np.where(box_mask(boxes, pixels.shape), np.float32(0.0), pixels) if boxes else pixels


def text_regions(boxes: list[tuple[int, int, int, int]], shape: tuple[int, int]) -> int:
    """How many separate black regions BOXES make (a row found at both ink steps, or two rows whose
    padding touches, is one)."""
    from scipy import ndimage as ndi

    return int(ndi.label(box_mask(boxes, shape))[1]) if boxes else 0


def working_radiograph(radiograph, image_file: str):
    """RADIOGRAPH at the offline auditor's working size, where its measurements are defined (and cached)."""
    from radqc.agents.cxr.features import WORKING_SIDE
    from radqc.agents.cxr.image_io import load_radiograph

    return radiograph if max(radiograph.pixels.shape) <= WORKING_SIDE else load_radiograph(image_file, WORKING_SIDE)


def technical_facts(radiograph, measure_file: str | None) -> dict:
    """The technical header values (image_io keeps an allowlist without identifiers), plus the image
    measurements when MEASURE_FILE is given."""
    facts = dict(radiograph.header)
    facts["source_format"] = radiograph.source_format
    if measure_file:
        from radqc.agents.cxr.features import image_features

        facts["measurements"] = {
            name: round(float(value), 4) for name, value in image_features(working_radiograph(radiograph, measure_file)).items()
        }
    return facts


def png_data_url(pixels) -> str:
    """The working pixels as an 8-bit grey PNG data URL, written fresh so no file metadata travels."""
    import numpy as np
    from PIL import Image

    buffer = io.BytesIO()
    Image.fromarray((np.clip(pixels, 0.0, 1.0) * 255).round().astype("uint8"), mode="L").save(buffer, format="PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
