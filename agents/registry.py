"""Find an auditor by family name (`rules`, `llm`, or a plug-in) for a modality.

Plug-ins register a factory under the `radqc.auditors` entry-point group; a factory takes
`(modality, role_config)` and returns an object following `radqc.agents.base.Auditor`.
"""

from __future__ import annotations

from importlib import import_module
from importlib.metadata import entry_points
from typing import Callable

from radqc.agents.base import Auditor
from radqc.profiles import RoleConfig
from radqc.schemas import Modality

ENTRY_POINT_GROUP = "radqc.auditors"
BUILTIN_FACTORIES = {
    "rules": "radqc.agents.factories:make_rules_auditor",
    "llm": "radqc.agents.factories:make_llm_auditor",
}

AuditorFactory = Callable[[Modality, RoleConfig], Auditor]


def _load(target: str) -> AuditorFactory:
    module, _, attribute = target.partition(":")
    return getattr(import_module(module), attribute)


def auditor_families() -> list[str]:
    plugins = [ep.name for ep in entry_points(group=ENTRY_POINT_GROUP)]
    return sorted(set(BUILTIN_FACTORIES) | set(plugins))


def make_auditor(modality: Modality, role: RoleConfig) -> Auditor:
    if role.auditor in BUILTIN_FACTORIES:
        factory = _load(BUILTIN_FACTORIES[role.auditor])
    else:
        found = [ep for ep in entry_points(group=ENTRY_POINT_GROUP) if ep.name == role.auditor]
        if not found:
            raise KeyError(f"unknown auditor {role.auditor!r}; available: {', '.join(auditor_families())}")
        factory = found[0].load()
    return factory(modality, role)
