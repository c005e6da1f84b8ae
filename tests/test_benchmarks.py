"""benchmarks/bench.py runs and prints every figure against its reference (never timed here)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "benchmarks" / "bench.py"


def _bench(*args: str, timeout: int) -> str:
    """What ``bench.py args`` prints, once it has exited 0."""
    result = subprocess.run(
        [sys.executable, str(BENCH), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.slow  # renders sheets and starts some twenty processes
def test_bench_runs_once_and_prints_each_target_with_its_verdict():
    out = _bench("--runs", "1", "--quick", timeout=600)
    assert out.count("load average at") == 2
    for reference in ('python -c "import click"', 'python -c "import weasyprint"'):
        assert re.search(re.escape(reference) + r" .* ms .* ms  \(reference\)", out), reference
    targets = {
        "sitesurvey check survey.toml": "1.50",
        "sitesurvey size --power 5500": "1.30",
        "sitesurvey --help": "1.30",
        "sitesurvey sheet survey.toml -o sheet.pdf": "1.50",
        "Chinese sheet warm": "0.90",
        "size_many(10⁶).wire": "2.00",
    }
    for name, target in targets.items():
        line = next(line for line in out.splitlines() if line.strip().startswith(name))
        assert re.search(rf"\d\.\d\d \(\d\.\d\d\)  ≤ {target}  (met|MISSED)$", line), line


def test_only_runs_the_parts_asked_for():
    out = _bench("--runs", "1", "--only", "commands", timeout=120)
    assert "cold commands (a new process each)" in out
    assert out.count("load average at") == 2
    for other in ("design sheet", "size_many against numpy", "in process"):
        assert other not in out
