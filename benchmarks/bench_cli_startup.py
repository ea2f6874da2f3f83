"""How fast `radqc --help` answers (target: under 1 s). Prints the median of several cold-ish runs.

Run: .venv/bin/python benchmarks/bench_cli_startup.py
"""

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

RADQC = Path(sys.executable).with_name("radqc")


def main(repeats: int = 7) -> None:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        subprocess.run([str(RADQC), "--help"], capture_output=True, check=True)
        times.append(time.perf_counter() - started)
    print(f"radqc --help: median {statistics.median(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms over {repeats} runs")


if __name__ == "__main__":
    argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter).parse_args()
    main()
