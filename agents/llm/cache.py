"""Model replies stored on disk, keyed by everything that determines them, so a re-run costs nothing.

Calls run at temperature 0, so a reply is a function of (model, messages, parameters); a second run of
the same evaluation (or a RAG vs no-RAG ablation sharing cases) reads it back instead of paying again.
Secrets never enter the key or the file. Within one process, identical requests made at once (two
workers auditing the same report text) share one call too (`ResponseCache.claim`).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from radqc.profiles import is_secret_option
from radqc.settings import cache_dir

# Options that change how a reply arrives, not what it says: a longer timeout or a streamed reply is
# the same answer, and need not cost a second call.
HOW_NOT_WHAT = frozenset({"timeout", "stream", "max_retries"})


class _InFlight:
    """A lock per key in use, dropped when its last holder lets go (so the map holds only requests in flight)."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._held: dict[str, tuple[threading.Lock, list[int]]] = {}  # key -> (its lock, [holders and waiters])

    @contextmanager
    def holding(self, key: str) -> Iterator[None]:
        with self._guard:
            lock, users = self._held.setdefault(key, (threading.Lock(), [0]))
            users[0] += 1
        try:
            with lock:
                yield
        finally:
            with self._guard:
                users[0] -= 1
                if not users[0]:
                    del self._held[key]


# One map for the process: every client of a model (each role's auditor, each worker's case) shares it.
_IN_FLIGHT = _InFlight()


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

    @staticmethod
    def claim(key: str) -> Iterator[None]:
        """Hold KEY while its reply is looked up and, when missing, fetched and stored. The cache is read before a
        call and written after it, so two workers asking the same thing at once both paid for a call; the second
        now waits here and then finds the first's reply stored. A call that failed stored nothing, so the one
        waiting makes its own call rather than take the failure as an answer."""
        return _IN_FLIGHT.holding(key)

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
