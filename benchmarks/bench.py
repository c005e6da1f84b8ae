"""Speed of sitesurvey, each figure measured interleaved with the reference it is judged by.

Run with the installed package's Python:  .venv/bin/python benchmarks/bench.py [--runs N]

Every figure is timed in rounds: each round runs the reference once, then each figure
judged against it once (A, B, C, A, B, C …), so a change in the machine's load touches
both sides of every ratio alike. Printed: median and minimum over the runs, the ratio
of the medians (and of the minima) to the reference, the target, and met/missed (on the
median ratio). The load average is printed at the start and the end: figures taken
while it is high are not comparable with figures taken on a quiet machine.

Figures and targets (issue 15):

* ``sitesurvey sheet`` one-shot (a new process: import, load, check, render, write)
  ≤ 1.5 × ``python -c "import weasyprint"``; its peak memory is printed too;
* the Chinese sheet rendered warm (in this process, after a first render)
  ≤ 0.9 × the same reference;
* ``sitesurvey check`` cold ≤ 1.5 × ``python -c "import click"``;
* ``sitesurvey size --power 5500`` and ``sitesurvey --help`` cold ≤ 1.3 × the same;
* ``size(5500)`` per call (≤ 5 µs) and ``size_many`` over 10⁶ powers against a bare
  ``numpy.searchsorted`` + gather on the same array (≤ 2 ×).

The commands are run through the ``sitesurvey`` console script installed beside this
Python, as a user runs them. This is a script, not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Figure", "installed_command", "main"]


def installed_command() -> list[str]:
    """The ``sitesurvey`` console script beside this Python (else on PATH, else ``-m``)."""
    here = Path(sys.executable).parent / "sitesurvey"
    if here.exists():
        return [str(here)]
    found = shutil.which("sitesurvey")
    return [found] if found else [sys.executable, "-m", "sitesurvey"]


@dataclass
class Figure:
    """One timed thing: a name, how to run it once, and its times [s]."""

    name: str
    run: Callable[[], None]
    target: float | None = None  # ratio to the reference, at most
    times: list[float] = field(default_factory=list)

    def time_once(self) -> None:
        start = time.perf_counter()
        self.run()
        self.times.append(time.perf_counter() - start)

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def minimum(self) -> float:
        return min(self.times)


def process(cmd: list[str], ok: tuple[int, ...] = (0,)) -> Callable[[], None]:
    """A callable that runs ``cmd`` as a new process, its output discarded."""

    def run() -> None:
        code = subprocess.run(
            cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False
        ).returncode
        if code not in ok:
            raise SystemExit(f"benchmark: {' '.join(cmd)} exited {code}")

    return run


def interleaved(reference: Figure, figures: list[Figure], runs: int) -> None:
    """Time ``reference`` and ``figures`` in ``runs`` rounds (one warm-up round first)."""
    for fig in (reference, *figures):
        fig.run()
    for _ in range(runs):
        for fig in (reference, *figures):
            fig.time_once()


def _ms(seconds: float) -> str:
    return f"{seconds * 1e3:8.1f} ms" if seconds < 10 else f"{seconds:8.2f} s "


def report(reference: Figure, figures: list[Figure]) -> None:
    """Print the reference and each figure with its ratios, target and verdict."""
    print(f"  {reference.name:<44}{_ms(reference.median)} {_ms(reference.minimum)}  (reference)")
    for fig in figures:
        ratio = fig.median / reference.median
        ratio_min = fig.minimum / reference.minimum
        verdict = ""
        if fig.target is not None:
            verdict = f"≤ {fig.target:.2f}  " + ("met" if ratio <= fig.target else "MISSED")
        print(
            f"  {fig.name:<44}{_ms(fig.median)} {_ms(fig.minimum)}"
            f"  {ratio:5.2f} ({ratio_min:4.2f})  {verdict}"
        )


def header(title: str) -> None:
    print(f"\n{title}")
    print(f"  {'':<44}{'median':>11} {'min':>11}  ratio (min)  target")


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f} (1, 5, 15 min) on {os.cpu_count()} CPUs"


def commands(exe: list[str], runs: int, tmp: Path) -> None:
    """The cold commands against ``import click``."""
    survey = tmp / "survey.toml"
    reference = Figure('python -c "import click"', process([sys.executable, "-c", "import click"]))
    figures = [
        Figure("sitesurvey check survey.toml", process([*exe, "check", str(survey)], (0, 1)), 1.5),
        Figure("sitesurvey size --power 5500", process([*exe, "size", "--power", "5500"]), 1.3),
        Figure("sitesurvey --help", process([*exe, "--help"]), 1.3),
    ]
    interleaved(reference, figures, runs)
    header("cold commands (a new process each)")
    report(reference, figures)


def sheet(exe: list[str], runs: int, tmp: Path) -> None:
    """The one-shot ``sitesurvey sheet`` and the warm render against ``import weasyprint``."""
    from sitesurvey.sheet import render_pdf
    from sitesurvey.survey import load_survey

    survey_file = tmp / "survey.toml"
    survey = load_survey(survey_file)
    reference = Figure(
        'python -c "import weasyprint"', process([sys.executable, "-c", "import weasyprint"])
    )
    one_shot = Figure(
        "sitesurvey sheet survey.toml -o sheet.pdf",
        process([*exe, "sheet", str(survey_file), "-o", str(tmp / "sheet.pdf")]),
        1.5,
    )
    start = time.perf_counter()
    pdf = render_pdf(survey, lang="zh")
    first = time.perf_counter() - start
    warm = Figure("Chinese sheet warm (render_pdf, in process)", lambda: render_pdf(survey), 0.9)
    english = Figure("English sheet warm (for comparison)", lambda: render_pdf(survey, lang="en"))
    interleaved(reference, [one_shot, warm, english], runs)
    header("design sheet")
    report(reference, [one_shot, warm, english])
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # KiB on Linux
    import weasyprint.text.ffi as ffi

    subsetting = "HarfBuzz" if ffi.harfbuzz_subset is not None else "fontTools (slow)"
    print(f"  first Chinese render in this process: {first:.2f} s; {len(pdf) / 1024:.0f} KB")
    print(f"  peak RSS of the largest child process (the one-shot sheet): {peak:.0f} MB")
    print(f"  font subsetting by {subsetting}")


def sizing(quick: bool) -> None:
    """``size()`` per call, and ``size_many`` against a bare searchsorted, interleaved."""
    import timeit

    import numpy as np

    import sitesurvey
    from sitesurvey.sizing.table import default_table

    print("\nin process")
    sitesurvey.size(5500)
    n = 20_000 if quick else 200_000
    per_call = min(timeit.repeat(lambda: sitesurvey.size(5500), number=n, repeat=5)) / n
    print(
        f"  {'size(5500) per call, best of 5':<44}{per_call * 1e6:8.2f} µs  target ≤ 5 µs  "
        + ("met" if per_call <= 5e-6 else "MISSED")
    )
    per_call = min(timeit.repeat(lambda: sitesurvey.size(5000), number=n, repeat=5)) / n
    print(f"  {'size(5000) per call (between rows, a note)':<44}{per_call * 1e6:8.2f} µs")

    table = default_table()
    supply = table.supply_for(220.0)
    assert supply is not None
    row_powers = np.array(table.powers_of(supply))
    # from the smallest plausible heater (half the first row: below is refused) to the top
    powers = np.random.default_rng(0).uniform(row_powers[0] / 2, row_powers[-1], 1_000_000)
    wires = np.array([r.wire for r in table.rows_of(supply)])
    bare = Figure(
        "numpy searchsorted + gather, 10⁶", lambda: wires[np.searchsorted(row_powers, powers)]
    )
    ours = Figure("size_many(10⁶).wire", lambda: sitesurvey.size_many(powers).wire, 2.0)
    assert np.array_equal(
        wires[np.searchsorted(row_powers, powers)], sitesurvey.size_many(powers).wire
    )
    interleaved(bare, [ours], 3 if quick else 9)
    header("size_many against numpy")
    report(bare, [ours])


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and print every figure (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="rounds per figure (default 15)")
    parser.add_argument("--quick", action="store_true", help="fewer in-process repetitions")
    parser.add_argument(
        "--only",
        choices=["commands", "sheet", "sizing"],
        action="append",
        help="run only this part (repeatable; default: every part)",
    )
    args = parser.parse_args(argv)
    runs = max(1, args.runs)
    parts = set(args.only or ["commands", "sheet", "sizing"])

    from sitesurvey._files import data_dir

    exe = installed_command()
    print(f"python {sys.version.split()[0]}, {' '.join(exe)}, {runs} interleaved rounds")
    print(f"load average at start: {load()}")
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        shutil.copy(data_dir("templates") / "survey-example.toml", tmp / "survey.toml")
        if "commands" in parts:
            commands(exe, runs, tmp)
        if "sheet" in parts:
            sheet(exe, runs, tmp)
    if "sizing" in parts:
        sizing(args.quick)
    print(f"\nload average at end: {load()}")


if __name__ == "__main__":
    main()
