"""An exclusive lock on a file, held by the operating system for as long as the process holds it.

Two places need one writer at a time: a run folder (`radqc.eval.runner`) and the knowledge base's
ingestion (`radqc.knowledge.store`). The lock is the operating system's, not a marker file, so it goes
with the process on a crash or kill -9 and never needs cleaning up. POSIX systems take flock; Windows
has no fcntl (importing it there would break `radqc eval` and `radqc kb` outright), so it locks the
file's first byte with msvcrt, which the system also releases when the process ends.
"""

from __future__ import annotations

import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator

# How often a waiting Windows process tries again (msvcrt cannot block without a 10-second limit).
WINDOWS_RETRY_SECONDS = 0.2


@contextmanager
def exclusive_lock(path: Path, wait: bool = True) -> Iterator[bool]:
    """Hold the lock on PATH (created when missing); yields whether it was obtained, always when WAIT.
    Without WAIT a lock another process holds is not waited for: the caller decides what to say."""
    with Path(path).open("a+b") as handle:
        obtained = _acquire(handle, wait)
        try:
            yield obtained
        finally:
            if obtained:
                _release(handle)


if sys.platform == "win32":
    import msvcrt

    def _acquire(handle: IO[bytes], wait: bool) -> bool:
        while True:
            handle.seek(0)
            try:
                msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
                return True
            except OSError:
                if not wait:
                    return False
                time.sleep(WINDOWS_RETRY_SECONDS)

    def _release(handle: IO[bytes]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _acquire(handle: IO[bytes], wait: bool) -> bool:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            return False
        return True

    def _release(handle: IO[bytes]) -> None:
        fcntl.flock(handle, fcntl.LOCK_UN)
