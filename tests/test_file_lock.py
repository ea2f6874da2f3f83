"""The OS file lock that keeps a run folder and the knowledge base to one writer, across processes."""

import signal
import subprocess
import sys
import time

import pytest

from radqc.file_lock import exclusive_lock

HOLDER = """
import sys, time
from radqc.file_lock import exclusive_lock
with exclusive_lock(sys.argv[1]) as obtained:
    print("held" if obtained else "refused", flush=True)
    time.sleep(60)
"""


@pytest.fixture
def holder(tmp_path):
    """Another process holding the lock on tmp_path/x.lock until it is killed."""
    process = subprocess.Popen([sys.executable, "-c", HOLDER, str(tmp_path / "x.lock")], stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline().strip() == "held"
    yield process
    process.kill()
    process.wait()


def test_a_lock_another_process_holds_is_refused_without_waiting(tmp_path, holder):
    started = time.monotonic()
    with exclusive_lock(tmp_path / "x.lock", wait=False) as obtained:
        assert obtained is False
    assert time.monotonic() - started < 5


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_the_lock_goes_with_a_killed_process(tmp_path, holder):
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    with exclusive_lock(tmp_path / "x.lock", wait=False) as obtained:
        assert obtained is True


def test_a_released_lock_can_be_taken_again_in_the_same_process(tmp_path):
    path = tmp_path / "nested" / "y.lock"
    path.parent.mkdir()
    with exclusive_lock(path) as first:
        assert first is True
        with exclusive_lock(path, wait=False) as second:  # another open file: flock tells them apart
            assert second is False
    with exclusive_lock(path, wait=False) as again:
        assert again is True
