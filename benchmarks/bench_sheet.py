"""Speed and memory of the design sheet; called by ``benchmarks/bench.py --sheet``.

Run alone:  python benchmarks/bench_sheet.py [runs]

Prints each figure with its target (never asserts; timings depend on the machine):

* one Chinese sheet rendered warm (in a process that has rendered one already): ≤ 0.5 s;
* the English sheet warm, for comparison;
* ``sitesurvey sheet`` as a one-shot process (import, load, check, render, write): ≤ 2 s;
* peak memory (max RSS) of that one-shot process: ≤ 250 MB.

Timings are judged on the median; the minimum is printed too, as on a shared or
virtual machine other load inflates the median (the minimum is the better estimate
of the code's own cost).
"""

from __future__ import annotations

import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _line(name: str, value: str, target: str = "", ok: bool | None = None) -> None:
    verdict = "" if ok is None else ("  ok" if ok else "  OVER TARGET")
    print(f"{name:<46}{value:>14}  {target}{verdict}")


def _one_shot(exe: list[str], survey: Path, out: Path) -> tuple[float, float]:
    """Wall time [s] and peak RSS [MB] of one ``sitesurvey sheet`` child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run(
        [*exe, "sheet", str(survey), "-o", str(out)],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wall = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux
    # ru_maxrss of RUSAGE_CHILDREN is the largest child so far: report it when it grew,
    # else the previous maximum (the children are alike).
    return wall, max(peak, before) / 1024


def main(runs: int = 5) -> None:
    from sitesurvey.sheet import render_pdf
    from sitesurvey.sizing.table import data_dir
    from sitesurvey.survey import load_survey

    example = data_dir("templates") / "survey-example.toml"
    survey = load_survey(example)
    try:
        import weasyprint.text.ffi as ffi

        subsetting = "HarfBuzz" if ffi.harfbuzz_subset is not None else "fontTools (slow)"
    except Exception:  # pragma: no cover - informative only
        subsetting = "unknown"
    print(f"design sheet: {runs} runs each, font subsetting by {subsetting}")

    start = time.perf_counter()
    pdf = render_pdf(survey, lang="zh")
    first = time.perf_counter() - start
    _line("Chinese sheet, first render in process", f"{first:.2f} s")
    for lang, target in (("zh", 0.5), ("en", None)):
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            render_pdf(survey, lang=lang)
            times.append(time.perf_counter() - start)
        warm = statistics.median(times)
        name = "Chinese" if lang == "zh" else "English"
        _line(
            f"{name} sheet warm, median (min)",
            f"{warm:.2f} ({min(times):.2f}) s",
            f"target ≤ {target} s" if target else "",
            None if target is None else warm <= target,
        )
    import io

    from pypdf import PdfReader

    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    _line("pages / size of the Chinese sheet", f"{pages} / {len(pdf) / 1024:.0f} KB")

    from bench import installed_command  # the same `sitesurvey` that bench.py times

    exe = installed_command()
    with tempfile.TemporaryDirectory() as tmp:
        survey_file = Path(tmp) / "survey.toml"
        shutil.copy(example, survey_file)
        out = Path(tmp) / "sheet.pdf"
        walls, peaks = [], []
        for _ in range(runs):
            wall, peak = _one_shot(exe, survey_file, out)
            walls.append(wall)
            peaks.append(peak)
    wall = statistics.median(walls)
    _line(
        "sitesurvey sheet one-shot, median (min)",
        f"{wall:.2f} ({min(walls):.2f}) s",
        "target ≤ 2 s",
        wall <= 2,
    )
    _line(
        "  peak RSS of the one-shot process",
        f"{max(peaks):.0f} MB",
        "target ≤ 250 MB",
        max(peaks) <= 250,
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
