"""A profile role's `options` serve both modalities, so modality-only settings nest under its name:

    options: {json_mode: true, cxr: {send_image: false}, ct_report: {max_report_chars: 20000}}
"""

from __future__ import annotations

from typing import Any

from radqc.schemas import MODALITIES, Modality


def options_for(modality: Modality, options: dict[str, Any]) -> dict[str, Any]:
    """The shared options with MODALITY's own section merged over them (and other sections removed)."""
    merged = {name: value for name, value in options.items() if name not in MODALITIES}
    own = options.get(modality) or {}
    if not isinstance(own, dict):
        raise ValueError(f"options.{modality} must be a mapping of option names to values")
    return merged | own
