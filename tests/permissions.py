"""Running radqc where file permissions bind, and folders made read-only for a test: what the tests of a read-only
run folder, dataset folder or knowledge base share."""

import os
import shutil
import stat
import subprocess
import sys

import pytest


def radqc_bound_by_permissions(*args: str):
    """The real `radqc ARGS` run as a process that file permissions bind. Root ignores them, so as root
    it runs without the capabilities that override them (setpriv), and a read-only folder is one."""
    command = [sys.executable, "-c", "from radqc.cli.main import main; main()", *args]
    if getattr(os, "geteuid", lambda: None)() == 0:
        if not shutil.which("setpriv"):
            pytest.skip("root ignores file permissions, and setpriv is not installed to drop that")
        capabilities = "-dac_override,-dac_read_search"
        command = ["setpriv", f"--inh-caps={capabilities}", f"--bounding-set={capabilities}", *command]
    return subprocess.run(command, capture_output=True, text=True, env={"COLUMNS": "400", **os.environ}, timeout=600)


@pytest.fixture
def read_only():
    """Make folders (with what they hold) or files read-only for a test, and writable again after it."""
    made = []

    def make(path):
        for each in [path, *path.rglob("*")]:
            made.append((each, each.stat().st_mode))
            each.chmod(each.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))

    yield make
    for path, mode in reversed(made):
        path.chmod(mode)
