"""Command line: ``python -m calculators evaluate FILE [--format json|table]`` and
``python -m calculators schema``.

An invalid scenario exits with status 2 and one line on stderr naming the field.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import evaluate, schema
from .codecarbon_data import CodeCarbonDataMissing
from .scenario import MAX_FILE_BYTES, ScenarioError
from .table import format_table
from .uncertainty import UncertaintyError, format_summary

EXIT_INVALID = 2


def _read(path_text: str) -> bytes:
    if path_text == "-":
        return sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
    path = Path(path_text)
    if not path.is_file():
        raise ScenarioError("file", f"{path_text} does not exist or is not a file")
    with path.open("rb") as handle:
        return handle.read(MAX_FILE_BYTES + 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m calculators",
        description="Environmental balance of an AI project (footprint against avoided "
                    "emissions).")
    sub = parser.add_subparsers(dest="command", required=True)
    ev = sub.add_parser("evaluate", help="evaluate a scenario file and print the result")
    ev.add_argument("scenario", help="scenario JSON file, or - for standard input")
    ev.add_argument("--format", choices=("json", "table"), default="json")
    ev.add_argument("--samples", type=int, default=None, metavar="N",
                    help="add an uncertainty block from N Monte Carlo samples (e.g. 10000)")
    ev.add_argument("--seed", type=int, default=0, metavar="S",
                    help="seed of the Monte Carlo samples (default 0: same figures every run)")
    sub.add_parser("schema", help="print the scenario's JSON Schema")
    args = parser.parse_args(argv)

    if args.command == "schema":
        json.dump(schema(), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    try:
        result = evaluate(_read(args.scenario), samples=args.samples, seed=args.seed)
    except ScenarioError as exc:
        print(f"invalid scenario: {exc}", file=sys.stderr)
        return EXIT_INVALID
    except UncertaintyError as exc:
        print(f"invalid option: {exc}", file=sys.stderr)
        return EXIT_INVALID
    except (OSError, CodeCarbonDataMissing) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INVALID
    if args.format == "table":
        print(format_table(result))
        if "uncertainty" in result:
            print("\n" + format_summary(result["uncertainty"]))
    else:
        json.dump(result, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
