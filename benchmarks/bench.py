"""Speed figures for sitesurvey, measured side by side in one run.

Run with the installed package:  python benchmarks/bench.py [--quick] [--sheet]

Prints each figure and its ratio to the reference it is judged against:

* ``sitesurvey size --power 5500`` cold (a new process), median, against
  ``python -c "import click"``: target ratio ≤ 1.5;
* ``sitesurvey --help`` cold, the same;
* ``size(5500)`` warm: target ≤ 5 µs per call;
* ``size_many`` over 10⁶ powers, against a bare ``numpy.searchsorted`` + gather on the
  same array: target ratio ≤ 2;
* with ``--sheet``: one Chinese sheet warm (≤ 0.5 s), ``sitesurvey sheet`` one-shot
  (≤ 2 s) and its peak memory (≤ 250 MB).

This is a script, not a test: timings depend on the machine and are never asserted.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
import timeit
from pathlib import Path


def installed_command() -> list[str]:
    """The `sitesurvey` installed beside this Python (else on PATH, else -m)."""
    here = Path(sys.executable).parent / "sitesurvey"
    if here.exists():
        return [str(here)]
    found = shutil.which("sitesurvey")
    return [found] if found else [sys.executable, "-m", "sitesurvey"]


def cold(cmd: list[str], runs: int) -> float:
    """Median wall time of a fresh process [s]."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def line(name: str, value: str, ratio: float | None = None, target: str = "") -> None:
    tail = f"  ratio {ratio:.2f}" if ratio is not None else ""
    print(f"{name:<46}{value:>12}{tail}  {target}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--sheet", action="store_true", help="also time the design sheet")
    args = parser.parse_args()
    runs = 5 if args.quick else 21

    exe = installed_command()
    print(f"python {sys.version.split()[0]}, sitesurvey at {exe[0]}, {runs} cold runs each\n")

    # Interleave so both see the same machine state.
    base = cold([sys.executable, "-c", "import click"], 3)  # warm the disk cache
    base = cold([sys.executable, "-c", "import click"], runs)
    t_size = cold([*exe, "size", "--power", "5500"], runs)
    t_help = cold([*exe, "--help"], runs)
    line('python -c "import click" (reference)', f"{base * 1e3:.1f} ms")
    line("sitesurvey size --power 5500, cold", f"{t_size * 1e3:.1f} ms", t_size / base, "≤ 1.5")
    line("sitesurvey --help, cold", f"{t_help * 1e3:.1f} ms", t_help / base, "≤ 1.5")

    import numpy as np

    import sitesurvey
    from sitesurvey.sizing.table import default_table

    sitesurvey.size(5500)
    n = 20_000 if args.quick else 200_000
    per_call = min(timeit.repeat(lambda: sitesurvey.size(5500), number=n, repeat=5)) / n
    line("size(5500) warm, per call", f"{per_call * 1e6:.2f} µs", None, "≤ 5 µs")
    per_call = min(timeit.repeat(lambda: sitesurvey.size(5000), number=n, repeat=5)) / n
    line("size(5000) warm (between rows, one note)", f"{per_call * 1e6:.2f} µs")

    rng = np.random.default_rng(0)
    powers = rng.uniform(100, 8500, 1_000_000)
    table = default_table()
    supply = table.supply_for(220.0)
    assert supply is not None
    row_powers = np.array(table.powers_of(supply))
    wires = np.array([r.wire for r in table.rows_of(supply)])

    def bare() -> np.ndarray:
        return wires[np.searchsorted(row_powers, powers)]

    def ours() -> np.ndarray:
        return sitesurvey.size_many(powers).wire

    assert np.array_equal(bare(), ours())
    reps = 3 if args.quick else 7
    t_bare = min(timeit.repeat(bare, number=1, repeat=reps))
    t_ours = min(timeit.repeat(ours, number=1, repeat=reps))
    line("numpy searchsorted + gather, 10⁶ (reference)", f"{t_bare * 1e3:.1f} ms")
    line("size_many(10⁶).wire", f"{t_ours * 1e3:.1f} ms", t_ours / t_bare, "≤ 2")

    if args.sheet:
        try:
            from bench_sheet import main as sheet_main  # type: ignore[import-not-found]
        except ImportError:
            print("\n(sheet benchmark not available)")
        else:
            print()
            sheet_main(runs=3 if args.quick else 5)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    main()
