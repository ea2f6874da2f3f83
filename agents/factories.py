"""The built-in auditor families. Imports are local so that choosing `rules` never loads litellm."""

from __future__ import annotations

from radqc.agents.base import Auditor
from radqc.profiles import RoleConfig
from radqc.schemas import Modality


def make_rules_auditor(modality: Modality, role: RoleConfig) -> Auditor:
    if modality == "ct_report":
        from radqc.agents.report.engine import ReportRulesAuditor

        return ReportRulesAuditor(**role.options)
    from radqc.agents.cxr.engine import CxrRulesAuditor

    return CxrRulesAuditor(**role.options)


def make_llm_auditor(modality: Modality, role: RoleConfig) -> Auditor:
    if not role.model:
        raise ValueError("the llm auditor needs `model` in its role config")
    if modality == "ct_report":
        from radqc.agents.llm.report_auditor import LlmReportAuditor

        return LlmReportAuditor(model=role.model, phi_allowed_providers=role.phi_allowed_providers, **role.options)
    from radqc.agents.llm.cxr_auditor import LlmCxrAuditor

    return LlmCxrAuditor(model=role.model, phi_allowed_providers=role.phi_allowed_providers, **role.options)
