"""Auditors backed by a language model, called through litellm (any provider, local or remote).

Nothing here is imported by the offline profile: litellm loads only when a profile names `auditor: llm`.
"""
