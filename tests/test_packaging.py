"""What an installed radqc carries: a data file the source tree reads but a wheel leaves out works in
the editable install every test runs in and fails in a user's `pip install .` (the sound-alike tables,
*.tsv, were left out so)."""

from __future__ import annotations

import fnmatch
import subprocess
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CODE_FOLDERS = ("core", "cli", "agents", "knowledge", "graphs", "prompts", "eval")


def test_every_data_file_in_the_code_folders_is_packaged():
    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["*"]
    tracked = subprocess.run(["git", "ls-files", *CODE_FOLDERS], cwd=ROOT, capture_output=True, text=True,
                             check=True).stdout.split()
    data_files = [path for path in tracked if not path.endswith(".py")]
    assert data_files, "git ls-files found no data files: run the tests from a git checkout"
    left_out = [path for path in data_files if not any(fnmatch.fnmatch(Path(path).name, p) for p in patterns)]
    assert left_out == []
