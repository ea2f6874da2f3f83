"""Where radqc keeps its state, in one place. Every location has an environment-variable twin so that
tests, CI and users with unusual set-ups can move it without code changes."""

from __future__ import annotations

import os
from pathlib import Path


def radqc_home() -> Path:
    """The user's radqc folder (knowledge base, caches, own profiles): RADQC_HOME, default ~/.radqc."""
    return Path(os.environ.get("RADQC_HOME", Path.home() / ".radqc")).expanduser()


def kb_dir() -> Path:
    """The Chroma knowledge base: RADQC_KB_DIR, default RADQC_HOME/kb."""
    return Path(os.environ.get("RADQC_KB_DIR", radqc_home() / "kb")).expanduser()


def kb_dir_setting() -> str:
    """The environment variable that places the knowledge base now: RADQC_KB_DIR when set (RADQC_HOME then
    moves it no more), else RADQC_HOME. A message telling the user to move it names this one."""
    return "RADQC_KB_DIR" if "RADQC_KB_DIR" in os.environ else "RADQC_HOME"


def cache_dir() -> Path:
    """LLM response cache and other re-computable files: RADQC_CACHE_DIR, default RADQC_HOME/cache."""
    return Path(os.environ.get("RADQC_CACHE_DIR", radqc_home() / "cache")).expanduser()


def user_profiles_dir() -> Path:
    """The user's own profile YAML files: RADQC_PROFILES_DIR, default RADQC_HOME/profiles."""
    return Path(os.environ.get("RADQC_PROFILES_DIR", radqc_home() / "profiles")).expanduser()


PROFILE_VARIABLE = "RADQC_PROFILE"


def default_profile_name() -> str:
    return os.environ.get(PROFILE_VARIABLE, "offline")


# Where a CPU quota is read: the cgroup mounted here is the container's own (`docker --cpus`, a Kubernetes CPU
# limit). cgroup v2 keeps it in `cpu.max`, cgroup v1 in `cpu/cpu.cfs_quota_us` and `cpu/cpu.cfs_period_us`.
CGROUP_ROOT = Path("/sys/fs/cgroup")


def cpu_quota_cores(cgroup_root: Path | None = None) -> int | None:
    """The cores a CPU quota allows (its run time per period, rounded up, at least 1), or None when there is no quota
    ("max" or a negative v1 quota) or it cannot be read. Only the cgroup mounted at CGROUP_ROOT is read, not
    the limits of its parents nor another mount of the hierarchy."""
    root = CGROUP_ROOT if cgroup_root is None else cgroup_root
    try:
        if (root / "cpu.max").exists():
            quota, period = (root / "cpu.max").read_text().split()[:2]
        else:
            quota = (root / "cpu" / "cpu.cfs_quota_us").read_text().strip()
            period = (root / "cpu" / "cpu.cfs_period_us").read_text().strip()
        quota_us, period_us = int(quota), int(period)
    except (OSError, ValueError):  # no such files, unreadable, or "max": no limit
        return None
    if quota_us <= 0 or period_us <= 0:
        return None
    return max(1, -(-quota_us // period_us))


def usable_cores() -> int:
    """The CPU cores this process may use, which sizes the workers: the cores it may run on (its affinity mask:
    `taskset`, a cpuset), fewer when a CPU quota (`cpu_quota_cores`) allows less. `os.cpu_count()` counts the
    machine's: in a container or under `taskset` limited to 2 of a host's 64 cores it gave 64, and `--workers` up to 512."""
    if hasattr(os, "process_cpu_count"):  # Python 3.13+: the affinity mask where the platform has one
        runnable = os.process_cpu_count() or 1
    elif hasattr(os, "sched_getaffinity"):  # Linux and a few others before 3.13
        runnable = len(os.sched_getaffinity(0)) or 1
    else:
        runnable = os.cpu_count() or 1
    quota = cpu_quota_cores()
    return runnable if quota is None else min(runnable, quota)


def default_workers() -> int:
    """Cases audited at once by `radqc eval`: one per core, at most 4 (more would not speed up the
    offline auditors, and would press an LLM provider's rate limits)."""
    return max(1, min(4, usable_cores()))


# `radqc eval --workers` above this many per core is lowered to it (`most_workers`). A thread per case
# holds that case's film or report, and its measurements, in memory while the others run, and `--workers
# 100000` was taken as given: every case of the dataset (and every film of the site baseline) at once. The
# offline auditors use one core each, so more threads than cores only wait; an LLM profile's threads mostly wait
# on the provider's answer, which several per core still cover.
WORKERS_PER_CORE = 8


def most_workers() -> int:
    """The most cases `radqc eval` audits at once on this machine (`WORKERS_PER_CORE` per core)."""
    return WORKERS_PER_CORE * usable_cores()


def torch_threads() -> int:
    """Threads for the embedding model: RADQC_TORCH_THREADS, default 1. Queries embed one short text at a
    time, where more threads only add contention (measured on 2 cores: 24 ms per query with 1 thread,
    200 ms with 2 while the other core was busy)."""
    return max(1, int_setting("RADQC_TORCH_THREADS", 1))


class SettingError(ValueError):
    """An environment variable holds a value radqc cannot use; the message names the variable."""


def int_setting(name: str, default: int, minimum: int | None = None) -> int:
    """The whole number in the environment variable NAME (DEFAULT when it is unset or empty), refused below MINIMUM."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingError(f"{name}={raw!r} is not a whole number (the default is {default}); correct or unset it") from None
    if minimum is not None and value < minimum:
        raise SettingError(f"{name}={raw!r} is below {minimum} (the default is {default}); correct or unset it")
    return value


# The seed the committed datasets under data/ were generated with: `radqc data synth` reproduces them.
DATASET_SEED = 0

# Resamples of `radqc compare`'s paired bootstrap (`--bootstrap`, RADQC_COMPARE_BOOTSTRAP), a
# conventional count for a 95% percentile interval.
BOOTSTRAP_RESAMPLES = 2000
# The most `--bootstrap` takes, for the memory it bounds: the resamples' case weights are held at once, resamples times
# cases 8-byte integers. `radqc compare` of a 1,000-case CT run with itself, measured (/usr/bin/time, 2 cores): peak
# memory 53 MB without the bootstrap, 88 MB at the default 2,000 resamples, 533 MB at 50,000; CPU time 0.4, 1.2 and 9.2 s
# (each resample is scored in Python, about 0.17 ms). So the cap keeps a run of a few thousand cases within a laptop's
# memory (at 5,000 cases the weights alone would take 2 GB, reckoned from their size) and its wait to seconds, 25 times
# the default; a count beyond numpy's array limits had ended in its traceback.
MAX_BOOTSTRAP_RESAMPLES = 50_000
