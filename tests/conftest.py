"""Test-wide guards: an isolated RADQC_HOME, the offline switches, and no network.

Every test runs with RADQC_HOME in a fresh temporary folder (never the developer's ~/.radqc), and a
socket that tries to reach anything but loopback fails the test: the offline promise is tested, not
assumed.
"""

from __future__ import annotations

import ipaddress
import os
import shutil
import socket
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


_TEST_HOME = tempfile.mkdtemp(prefix="radqc-test-home-")


def pytest_configure(config):
    os.environ["RADQC_HOME"] = _TEST_HOME
    from radqc.offline import apply_offline_env

    apply_offline_env()


def pytest_unconfigure(config):
    """The home holds knowledge stores and runs of every test: left behind, each run leaks megabytes into /tmp."""
    shutil.rmtree(_TEST_HOME, ignore_errors=True)


class NetworkAccessError(AssertionError):
    pass


def _stays_on_this_machine(sock, address) -> bool:
    """Whether a connection to ADDRESS sends nothing off this machine: a loopback address, or a TCP one to a
    multicast address, which the kernel refuses itself (ENETUNREACH) with or without a network: the one way a
    test has to meet an unreachable network."""
    if isinstance(address, (str, bytes)):  # AF_UNIX path
        return True
    host = address[0]
    if host in ("localhost", ""):
        return True
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return False
    return ip.is_loopback or (ip.is_multicast and sock.type == socket.SOCK_STREAM)


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex

    def guarded(real):
        def connect(sock, address):
            if sock.family in (socket.AF_INET, socket.AF_INET6) and not _stays_on_this_machine(sock, address):
                raise NetworkAccessError(f"test tried to open a network connection to {address!r}")
            return real(sock, address)

        return connect

    monkeypatch.setattr(socket.socket, "connect", guarded(real_connect))
    monkeypatch.setattr(socket.socket, "connect_ex", guarded(real_connect_ex))


@pytest.fixture
def repo_root() -> Path:
    return REPO


@pytest.fixture
def samples_dir() -> Path:
    return REPO / "data" / "samples"


@pytest.fixture(scope="session")
def chest():
    """A real frontal radiograph (the demo sample) at the auditor's working size: what the simulator and
    measurement tests fault and measure."""
    import numpy as np

    from radqc.agents.cxr.image_io import load_radiograph

    pixels = np.array(load_radiograph(REPO / "data" / "samples" / "images" / "00000001_000.png", max_side=512).pixels)
    pixels.setflags(write=False)  # shared by every test: a simulator or measurement must not write into its input
    return pixels
