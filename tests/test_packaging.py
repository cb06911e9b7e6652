"""The project is installable (issue 36): pyproject.toml names it, takes its dependencies from
requirements.txt, and `make install` installs it editable into .venv."""

from __future__ import annotations

import importlib.metadata
import re
import subprocess
import sys
import tomllib

from calculators import TOOL_VERSION
from conftest import ROOT

NAME = "ai-environmental-balance"


def _requirements() -> list[str]:
    lines = (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
    return sorted(line.split("#")[0].strip() for line in lines
                  if line.split("#")[0].strip())


def test_the_installed_project_is_this_one_with_requirements_txt_as_its_dependencies():
    meta = importlib.metadata.metadata(NAME)
    assert meta["Version"] == TOOL_VERSION
    assert sorted(importlib.metadata.requires(NAME)) == _requirements()
    # editable: the packages imported are the clone's
    out = subprocess.run([sys.executable, "-c", "import calculators, store; "
                          "print(calculators.__file__); print(store.__file__)"],
                         cwd="/", capture_output=True, text=True, check=True).stdout.split()
    assert all(path.startswith(str(ROOT)) for path in out), out


def test_the_command_line_is_installed_and_runs_from_anywhere(tmp_path):
    command = ROOT / ".venv" / "bin" / "ai-balance"
    if not command.exists():  # another environment than make's: the module's entry point
        command = None
    example = ROOT / "examples" / "traffic_lights.json"
    argv = ([str(command)] if command else [sys.executable, "-m", "cli"]) + [
        "evaluate", str(example)]
    out = subprocess.run(argv, cwd=tmp_path, capture_output=True, text=True, check=True).stdout
    assert re.search(r"\bverdict\b", out, re.IGNORECASE), out[:500]


def test_the_tools_settings_are_in_pyproject():
    settings = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert {"ruff", "mypy", "pytest", "setuptools"} <= set(settings["tool"])
    assert not (ROOT / "pytest.ini").exists() and not (ROOT / "setup.cfg").exists()
