"""Model replies stored on disk, keyed by everything that determines them, so a re-run costs nothing.

Calls run at temperature 0, so a reply is a function of (model, messages, parameters); a second run of
the same evaluation (or a RAG vs no-RAG ablation sharing cases) reads it back instead of paying again.
Secrets never enter the key or the file.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from radqc.profiles import is_secret_option
from radqc.settings import cache_dir

# Options that change how a reply arrives, not what it says: a longer timeout or a streamed reply is
# the same answer, and need not cost a second call.
HOW_NOT_WHAT = frozenset({"timeout", "stream", "max_retries"})


class ResponseCache:
    """One JSON file per reply under FOLDER (default: settings.cache_dir()/llm), sharded by key prefix."""

    def __init__(self, folder: Path | None = None):
        self.folder = folder or cache_dir() / "llm"

    @staticmethod
    def key(model: str, messages: list[dict[str, Any]], params: dict[str, Any]) -> str:
        public_params = {name: value for name, value in params.items() if not is_secret_option(name) and name not in HOW_NOT_WHAT}
        payload = json.dumps(
            {"model": model, "messages": messages, "params": public_params}, sort_keys=True, ensure_ascii=False, default=repr
        )
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()

    def get(self, key: str) -> dict[str, Any] | None:
        path = self._path(key)
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None  # absent or half-written: call the model again

    def put(self, key: str, record: dict[str, Any]) -> None:
        """Store RECORD; a cache that cannot be written (full disk, read-only home) only costs a re-call."""
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # Write-then-rename so that a parallel run never reads half a file.
            handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump(record, stream, ensure_ascii=False)
            os.replace(temporary, path)
        except OSError:
            return

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"
