"""Packaging: the wheel works from a fresh virtual environment, and the API is tidy."""

from __future__ import annotations

import doctest
import importlib
import os
import pkgutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

import sitesurvey

REPO = Path(__file__).resolve().parent.parent


def test_public_api_is_declared():
    for name in sitesurvey.__all__:
        assert getattr(sitesurvey, name) is not None, name


def _modules():
    for info in pkgutil.walk_packages(sitesurvey.__path__, "sitesurvey."):
        yield info.name


@pytest.mark.parametrize("name", list(_modules()))
def test_every_module_imports_declares_all_and_its_examples_run(name):
    module = importlib.import_module(name)
    if not name.endswith("__main__"):
        assert hasattr(module, "__all__"), f"{name} has no __all__"
    failures, _ = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert failures == 0


def test_py_typed_is_installed():
    assert (Path(sitesurvey.__file__).parent / "py.typed").is_file()


@pytest.mark.slow
def test_wheel_installs_into_a_fresh_venv_and_runs(tmp_path):
    """Build the wheel, install it into a new venv, run the CLI from elsewhere."""
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(REPO)],
        check=True,
        capture_output=True,
    )
    wheel = next(dist.glob("sitesurvey-*.whl"))
    env_dir = tmp_path / "venv"
    # Reuse the test environment's packages (no network needed), install only our wheel.
    venv.create(env_dir, with_pip=True, system_site_packages=True)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    proc = subprocess.run(
        [str(env_dir / "bin" / "sitesurvey"), "size", "--power", "5500"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "4 mm²" in proc.stdout
    where = subprocess.run(
        [str(python), "-c", "import sitesurvey.sizing.table as t; print(t.data_dir())"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env=env,
        check=True,
    ).stdout.strip()
    assert str(env_dir) in where  # tables/ inside the installed package, not the checkout
