"""Packaging: the wheel works from a fresh virtual environment, and the API is tidy."""

from __future__ import annotations

import doctest
import importlib
import os
import pkgutil
import shutil
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
        [
            str(python),
            "-c",
            "import sitesurvey, sitesurvey.sizing.table as t;"
            "print(t.data_dir(), *sitesurvey.__path__, sep=chr(10))",
        ],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env=env,
        check=True,
    ).stdout.strip()
    data, *package_path = where.split("\n")
    assert str(env_dir) in data  # tables/ inside the installed package, not the checkout
    assert len(package_path) == 1  # only an editable install adds the checkout's cli/


#: What an editable install needs from the checkout (the sdist minus tests and benchmarks).
_CHECKOUT_PARTS = ("pyproject.toml", "README.md", "src", "cli", "tables", "templates")


@pytest.mark.slow
def test_editable_install_runs_the_live_checkout(tmp_path):
    """`pip install -e .` gives a working CLI whose cli/, tables/, templates/ are live."""
    checkout = tmp_path / "checkout"
    for part in _CHECKOUT_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, checkout / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            checkout.mkdir(exist_ok=True)
            shutil.copy2(source, checkout / part)
    env_dir = tmp_path / "venv"
    # As for the wheel: reuse the test environment's packages, install only ours.
    venv.create(env_dir, with_pip=True, system_site_packages=True)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", "-e", str(checkout)],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    command = str(env_dir / "bin" / "sitesurvey")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        proc = subprocess.run(
            args, cwd=elsewhere, capture_output=True, text=True, env=env, check=False
        )
        assert proc.returncode == 0, proc.stderr
        return proc

    assert "4 mm²" in run(command, "size", "--power", "5500").stdout
    assert str(checkout / "tables") in run(command, "table").stdout
    where = run(
        str(python),
        "-c",
        "import sitesurvey.cli as c, sitesurvey.sizing.table as t;"
        "print(c.__file__); print(t.data_dir()); print(t.data_dir('templates'))",
    ).stdout.split("\n")
    assert where[:3] == [
        str(checkout / "cli" / "__init__.py"),
        str(checkout / "tables"),
        str(checkout / "templates"),
    ]

    # An edit in the checkout shows without reinstalling.
    cli_init = checkout / "cli" / "__init__.py"
    old = "Print the manufacturer's spec table with its provenance."
    text = cli_init.read_text(encoding="utf-8")
    assert old in text
    before = run(command, "--help").stdout
    cli_init.write_text(text.replace(old, "Edited in the checkout."), encoding="utf-8")
    after = run(command, "--help").stdout
    assert "Edited in the checkout." not in before
    assert "Edited in the checkout." in after
