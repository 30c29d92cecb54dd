"""The whole command, model loading included: `rashomon analyze FOLDER -o OUT -q` in a fresh
process, once cold (the first run after the script starts) and then warm (the operating
system's file cache filled), printing each wall time and the median of the warm runs.

    python bench/command_time.py [FOLDER] [--runs 3]

FOLDER defaults to ../shared/data/venezuela-2017 (the three Venezuelan articles).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "data" / "venezuela-2017"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default=str(DEFAULT))
    parser.add_argument("--runs", type=int, default=3, help="warm runs after the cold one")
    args = parser.parse_args(argv)
    command = shutil.which("rashomon") or str(Path(sys.executable).with_name("rashomon"))
    times = []
    with tempfile.TemporaryDirectory() as out:
        for _ in range(args.runs + 1):
            started = time.perf_counter()
            subprocess.run([command, "analyze", args.folder, "-o", out, "-q"], check=True)
            times.append(time.perf_counter() - started)
    cold, warm = times[0], times[1:]
    print(f"rashomon analyze {args.folder}")
    print(f"cold {cold:.2f} s; warm {', '.join(f'{t:.2f}' for t in warm)} s")
    print(f"median of {len(warm)} warm runs: {statistics.median(warm):.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
