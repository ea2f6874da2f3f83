"""Chest radiograph QC by a (vision) language model: the image as a downsampled PNG, the automatic
measurements and technical DICOM values, retrieved guidelines and verified past cases.

Only pixels and technical header values leave the machine: the PNG is re-encoded from the pixel
array (no metadata), and the header values are image_io's allowlist, which holds no identifier.
Text burned into the pixels cannot be removed here; docs/llm-providers.md says so.
"""

from __future__ import annotations

import base64
import io
import json

from radqc.agents.base import AuditContext, AuditorOutput
from radqc.agents.llm.answer import MAX_REASONING_CHARS, LlmAnswer, known_findings, to_finding
from radqc.agents.llm.client import LlmClient
from radqc.agents.llm.options import options_for
from radqc.agents.llm.prompt_context import (
    describe_patient,
    fence_token,
    fenced,
    guidelines_block,
    past_cases_block,
    role_instruction,
    taxonomy_block,
)
from radqc.agents.llm.redact import Redactor
from radqc.agents.llm.usage import UsageTally
from radqc.prompts import load_prompt, render
from radqc.schemas import Case

MAX_EVIDENCE_CHARS = 300


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

    def messages(self, case: Case, radiograph, context: AuditContext, redactor: Redactor) -> list[dict]:
        """The chat messages for CASE as the provider will receive them (image, fenced measurements)."""
        facts = technical_facts(radiograph, case.image_file if self.measurements else None)
        token = fence_token(json.dumps(facts, sort_keys=True))
        text = render(
            load_prompt("cxr_audit_user"),
            view=radiograph.header.get("ViewPosition") or case.view or "not given",
            patient=describe_patient(case.patient),
            image_note="yes" if self.send_image else "no (judge from the measurements)",
            measurements=fenced("MEASUREMENTS", json.dumps(facts, ensure_ascii=False, indent=1), token),
            guidelines=guidelines_block(context.guidelines),
            examples=past_cases_block(context.past_cases, token, redactor.redact),
            role_instruction=role_instruction(context.role),
        )
        content: list[dict] = [{"type": "text", "text": text}]
        if self.send_image:
            content.append({"type": "image_url", "image_url": {"url": png_data_url(radiograph.pixels)}})
        system = render(load_prompt("cxr_audit_system"), taxonomy=taxonomy_block("cxr"))
        return [{"role": "system", "content": system}, {"role": "user", "content": content}]

    def audit(self, case: Case, context: AuditContext) -> AuditorOutput:
        from radqc.agents.cxr.image_io import load_for_audit

        radiograph = load_for_audit(case.image_file, self.image_side)
        if isinstance(radiograph, AuditorOutput):
            return radiograph
        tally = UsageTally(self.model)
        messages = self.messages(case, radiograph, context, self.client.new_redactor())
        outcome = self.client.complete(messages, LlmAnswer, tally)
        usage = tally.as_dict()
        if outcome.answer is None:
            return AuditorOutput(degraded=outcome.problem, usage=usage)
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
        return AuditorOutput(findings=findings, usage=usage)


def technical_facts(radiograph, measure_file: str | None) -> dict:
    """The technical header values (image_io keeps an allowlist without identifiers), plus the image
    measurements when MEASURE_FILE is given."""
    facts = dict(radiograph.header)
    facts["source_format"] = radiograph.source_format
    if measure_file:
        from radqc.agents.cxr.features import WORKING_SIDE, image_features
        from radqc.agents.cxr.image_io import load_radiograph

        working = radiograph if max(radiograph.pixels.shape) <= WORKING_SIDE else load_radiograph(measure_file, WORKING_SIDE)
        facts["measurements"] = {name: round(float(value), 4) for name, value in image_features(working).items()}
    return facts


def png_data_url(pixels) -> str:
    """The working pixels as an 8-bit grey PNG data URL, written fresh so no file metadata travels."""
    import numpy as np
    from PIL import Image

    buffer = io.BytesIO()
    Image.fromarray((np.clip(pixels, 0.0, 1.0) * 255).round().astype("uint8"), mode="L").save(buffer, format="PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
