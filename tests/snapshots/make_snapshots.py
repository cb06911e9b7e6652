"""Write the command line's JSON result of every scenario the tests know, with and without
uncertainty, under tests/snapshots/results/: the figures a refactoring must keep
(tests/test_snapshots.py compares them). Run it again only when a figure is meant to change,
and say which and why in the commit.

    python tests/snapshots/make_snapshots.py
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
SAMPLES = 2000


def scenarios() -> dict[str, Path]:
    """{snapshot name: scenario file}: the worked examples (English and French), the golden
    cases and the scenarios written for the snapshots."""
    groups = {"example": ROOT / "examples", "example_fr": ROOT / "examples" / "fr",
              "golden": ROOT / "tests" / "golden", "scenario": HERE / "scenarios"}
    return {f"{group}__{path.stem}": path for group, folder in groups.items()
            for path in sorted(folder.glob("*.json")) if path.name != "public_cases.json"}


def run(path: Path, *options: str) -> dict:
    done = subprocess.run([sys.executable, "-m", "calculators", "evaluate", str(path),
                           "--format", "json", *options], cwd=ROOT, capture_output=True,
                          text=True, check=True)
    return json.loads(done.stdout)


def main() -> None:
    out = HERE / "results"
    out.mkdir(exist_ok=True)
    for name, path in scenarios().items():
        result = {"plain": run(path), "uncertain": run(path, "--samples", str(SAMPLES),
                                                       "--seed", "0")}
        (out / f"{name}.json").write_text(json.dumps(result, indent=1, ensure_ascii=False,
                                                     sort_keys=True) + "\n", encoding="utf-8")
        print(name)


if __name__ == "__main__":
    main()
