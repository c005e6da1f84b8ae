"""Speed of ``sitesurvey batch``: 10 000 orders with site conditions vs 10 orders, cold.

Run alone:  python benchmarks/bench_batch.py [runs]   (default 15)

Each run is a fresh ``python -m sitesurvey batch ORDERS -o OUT.csv`` process (import,
read, parse every cell, size, cross-check, write), the two files interleaved so that
other load on the machine falls on both alike. Prints the minimum and the median of
each and their ratio against the target (never asserts; timings depend on the
machine): 10 000 orders ≤ 3 × 10 orders. The minimum is the better estimate of the
code's own cost on a shared machine; the median is what a user sees.
"""

from __future__ import annotations

import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET = 3.0
HEADER = "order,power,voltage,length,method,ambient,grouping,arrangement\n"


def _orders(n: int, seed: int = 14) -> str:
    """``n`` orders over both supplies, every condition given, as a dispatcher writes them."""
    rng = random.Random(seed)
    lines = [HEADER]
    for i in range(n):
        if rng.random() < 0.8:
            power = rng.choice(["2500", "3.5 kW", "4500 W", "5.5 kW", "6500", "7.5kW", "8.5 kW"])
            voltage = "220V"
        else:
            power, voltage = rng.choice(["12 kW", "15 kW", "18 kW"]), "380 V"
        lines.append(
            f"WO-{i:06d},{power},{voltage},{rng.randint(1, 80)} m,"
            f"{rng.choice(['A1', 'B1', 'B2', 'C', 'E'])},{rng.choice([25, 30, 35, 40])} °C,"
            f"{rng.choice([1, 1, 2, 3])},{rng.choice(['bunched', 'wall', 'tray'])}\n"
        )
    return "".join(lines)


def _run(orders: Path, out: Path) -> float:
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "sitesurvey", "batch", str(orders), "-o", str(out)],
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"batch failed ({proc.returncode}): {proc.stderr}")
    return elapsed


def main(runs: int = 15) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        small, large = folder / "small.csv", folder / "large.csv"
        small.write_text(_orders(10), encoding="utf-8")
        large.write_text(_orders(10_000), encoding="utf-8")
        out = folder / "out.csv"
        _run(small, out)  # the first run fills the OS page cache and Python's .pyc
        times: dict[str, list[float]] = {"10 orders": [], "10 000 orders": []}
        for _ in range(runs):
            times["10 orders"].append(_run(small, out))
            times["10 000 orders"].append(_run(large, out))
    for name, values in times.items():
        print(
            f"{name:>14}: min {min(values):.3f} s, median {statistics.median(values):.3f} s "
            f"({runs} runs)"
        )
    by_min = min(times["10 000 orders"]) / min(times["10 orders"])
    by_median = statistics.median(times["10 000 orders"]) / statistics.median(times["10 orders"])
    verdict = "ok" if by_median <= TARGET else "OVER TARGET"
    print(
        f"{'ratio':>14}: {by_min:.2f}× by the minimum, {by_median:.2f}× by the median "
        f"(target ≤ {TARGET:g}×)  {verdict}"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
