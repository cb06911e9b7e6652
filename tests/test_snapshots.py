"""The figures of every scenario the tests know, as the command line printed them when
tests/snapshots/make_snapshots.py last ran: a change of structure must not change a figure.
A figure meant to change (a factor corrected) is written again with that script, and the
commit says which and why."""

from __future__ import annotations

import contextlib
import io
import json
import math
from pathlib import Path

import pytest

from cli import main
from snapshots.make_snapshots import SAMPLES, scenarios

RESULTS = Path(__file__).resolve().parent / "snapshots" / "results"


def cli_json(path: Path, *options: str) -> dict:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["evaluate", str(path), "--format", "json", *options]) == 0
    return json.loads(out.getvalue())


def differences(saved, now, where="") -> list[str]:
    """Where ``now`` differs from ``saved``: numbers to 1e-9 relative, the rest exactly."""
    if isinstance(saved, dict) and isinstance(now, dict):
        out = [f"{where}.{k}: only in {'saved' if k in saved else 'now'}"
               for k in sorted(set(saved) ^ set(now))]
        for key in sorted(set(saved) & set(now)):
            out += differences(saved[key], now[key], f"{where}.{key}")
        return out
    if isinstance(saved, list) and isinstance(now, list):
        if len(saved) != len(now):
            return [f"{where}: {len(saved)} items saved, {len(now)} now"]
        return [d for i, (a, b) in enumerate(zip(saved, now))
                for d in differences(a, b, f"{where}[{i}]")]
    numbers = (int, float)
    if isinstance(saved, numbers) and isinstance(now, numbers) and \
            not isinstance(saved, bool) and not isinstance(now, bool):
        if math.isclose(saved, now, rel_tol=1e-9, abs_tol=1e-9):
            return []
        return [f"{where}: {saved!r} saved, {now!r} now"]
    return [] if saved == now else [f"{where}: {saved!r} saved, {now!r} now"]


@pytest.mark.parametrize("name", sorted(scenarios()))
def test_every_figure_is_the_one_saved(name):
    path = scenarios()[name]
    saved = json.loads((RESULTS / f"{name}.json").read_text(encoding="utf-8"))
    now = {"plain": cli_json(path),
           "uncertain": cli_json(path, "--samples", str(SAMPLES), "--seed", "0")}
    found = differences(saved, now)
    assert not found, "\n".join(found[:30])


def test_the_snapshots_cover_every_scenario_file():
    assert {p.stem for p in RESULTS.glob("*.json")} == set(scenarios())
    assert len(scenarios()) >= 18
