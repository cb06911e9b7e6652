"""The command line (``python -m cli``, or ``python -m calculators`` as before):

- ``python -m calculators evaluate FILE [--format json|table] [--samples N --seed S]``
- ``python -m calculators schema [--result]``
- ``python -m calculators codecarbon-summary FILE... [--country ISO3] [--project P]``
- ``python -m calculators measure [--country ISO3] [--output-dir DIR] -- COMMAND ...``
- ``python -m calculators report FILE --format pdf|html -o OUT [--lang fr|en] [--samples N]``
- ``python -m calculators import-registers FILE_OR_FOLDER... --by NAME``: other authorities'
  public registers into the library (``DATABASE_URL``, else the built-in SQLite file)

Invalid input exits with status 2 and one line on stderr naming what is wrong.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from calculators import evaluate, schema
from calculators.codecarbon_data import CodeCarbonDataMissing
from calculators.i18n import msg, plain
from calculators.scenario import MAX_FILE_BYTES, ScenarioError
from calculators.uncertainty import UncertaintyError, format_summary
from report.table import format_table

EXIT_INVALID = 2


def _read(path_text: str) -> bytes:
    if path_text == "-":
        return sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
    path = Path(path_text)
    if not path.is_file():
        raise ScenarioError("file", msg("{path} does not exist or is not a file",
                                        path=path_text))
    with path.open("rb") as handle:
        return handle.read(MAX_FILE_BYTES + 1)


def main(argv: list[str] | None = None) -> int:
    """Run one command; its exit status. Output that cannot be written ends the command with a
    message (a full disk) or quietly (a reader that stopped reading, as `| head` does)."""
    try:
        status = _command(argv)
        sys.stdout.flush()  # a write error shows here, not as a traceback at exit
        return status
    except BrokenPipeError:
        # the rest of the output has nowhere to go: send it to /dev/null so that the flush at
        # exit does not fail again, and stop as Unix tools do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except OSError as exc:  # reading is handled by each command: this is writing
        print(f"error: cannot write the output: {exc.strerror or exc}", file=sys.stderr)
        return 1


def _command(argv: list[str] | None) -> int:
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
    sc = sub.add_parser("schema", help="print the scenario's JSON Schema")
    sc.add_argument("--result", action="store_true",
                    help="print the JSON Schema of evaluate's result instead (generated from "
                         "the types of calculators/result.py)")
    cc = sub.add_parser("codecarbon-summary",
                        help="read CodeCarbon emissions.csv files and print their totals")
    cc.add_argument("files", nargs="+", metavar="FILE")
    cc.add_argument("--country", metavar="ISO3",
                    help="also count the energy at this country's grid (e.g. FRA)")
    cc.add_argument("--project", help="keep the runs of this project_name only")
    cc.add_argument("--experiment", help="keep the runs of this experiment_id only")
    cc.add_argument("--run", action="append", metavar="RUN_ID",
                    help="keep this run_id (repeat for several)")
    me = sub.add_parser("measure", help="run a command under CodeCarbon's offline tracker "
                                        "(no network) and write emissions.csv")
    me.add_argument("--country", metavar="ISO3", default="FRA",
                    help="country of the machine's grid (default FRA)")
    me.add_argument("--output-dir", default=".", help="where emissions.csv goes (default .)")
    me.add_argument("--project", default="measure", help="project_name in the file")
    me.add_argument("cmd", nargs=argparse.REMAINDER, metavar="-- COMMAND ...")
    rp = sub.add_parser("report", help="write the dossier for the ethics committee (verdict, "
                                       "figures, charts, uncertainty, sources) as PDF or HTML")
    rp.add_argument("scenario", help="scenario JSON file, or - for standard input")
    rp.add_argument("--format", choices=("pdf", "html"), required=True)
    rp.add_argument("-o", "--output", required=True, metavar="FILE")
    rp.add_argument("--samples", type=int, default=10_000, metavar="N",
                    help="Monte Carlo samples for the uncertainty (default 10000)")
    rp.add_argument("--seed", type=int, default=0, metavar="S")
    rp.add_argument("--lang", choices=("fr", "en"), default="fr",
                    help="language of the dossier (default fr)")
    ir = sub.add_parser("import-registers",
                        help="import other authorities' public register files (a file, or "
                             "every .json and .csv of a folder) into the library")
    ir.add_argument("paths", nargs="+", metavar="FILE_OR_FOLDER")
    ir.add_argument("--by", required=True, metavar="NAME",
                    help="who imports them (signs the audit log), e.g. 'Claire Martin'")
    args = parser.parse_args(argv)

    if args.command == "import-registers":
        return _import_registers(args)
    if args.command == "codecarbon-summary":
        return _codecarbon_summary(args)
    if args.command == "measure":
        return _measure(args)
    if args.command == "report":
        return _report(args)

    if args.command == "schema":
        json.dump(_result_schema() if args.result else schema(), sys.stdout, indent=2,
                  ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    try:
        result = evaluate(_read(args.scenario), samples=args.samples, seed=args.seed)
    except (ScenarioError, UncertaintyError, OSError, CodeCarbonDataMissing) as exc:
        return _failed(exc)
    if args.format == "table":
        print(format_table(result))
        if "uncertainty" in result:
            print("\n" + format_summary(result["uncertainty"]))
    else:
        # evaluate has checked every figure is finite: never Infinity nor NaN in the JSON
        json.dump(plain(result), sys.stdout, indent=2, ensure_ascii=False, allow_nan=False)
        sys.stdout.write("\n")
    return 0


def _result_schema() -> dict:
    """The result's JSON Schema, generated by pydantic from ``calculators.result.Result``."""
    from pydantic import TypeAdapter  # only this command needs it
    from pydantic.json_schema import GenerateJsonSchema

    from calculators.result import Result

    class _Untitled(GenerateJsonSchema):
        """No title made up from each key ("Net Kgco2E"): the keys are their own names."""

        def field_title_should_be_set(self, schema) -> bool:
            return False

    out = TypeAdapter(Result).json_schema(schema_generator=_Untitled)
    _criteria_in_schema(out)
    out["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    out["title"] = "AI project environmental balance result"
    return out


def _criteria_in_schema(out: dict) -> None:
    """A criterion added to ``impacts.CRITERIA`` after ``Result`` was written: its blocks
    (consumed by phase and part, saved, net) and its harm's name, from its record."""
    from calculators.impacts import others

    number = {"type": "number"}
    harm = out["$defs"]["Harm"]["properties"]["criterion"]
    for c in others():
        if harm.get("enum") is not None and c.key not in harm["enum"]:
            harm["enum"].append(c.key)
        if c.result_key in out["properties"]:
            continue
        names = [*c.phases, *c.parts, "total"]
        out["properties"].update({
            c.result_key: {"type": "object", "properties": {n: number for n in names},
                           "required": names, "additionalProperties": False},
            c.saved_key: number, c.net_key: number})
        out["required"] += [c.result_key, c.saved_key, c.net_key]


def _failed(exc: Exception) -> int:
    """One line on stderr naming what is wrong; the exit status of invalid input."""
    prefix = ("invalid scenario" if isinstance(exc, ScenarioError) else
              "invalid option" if isinstance(exc, UncertaintyError) else "error")
    print(f"{prefix}: {exc}", file=sys.stderr)
    return EXIT_INVALID


def _report(args) -> int:
    # the dossier needs plotly, Kaleido and Chromium: imported only for this command
    from report.dossier import DossierError, build_html, print_pdf
    from report.renderer import RENDERER

    RENDERER.tabs = 1  # one dossier: one tab opens fastest (a server keeps more, for the next)
    output = Path(args.output)
    if not output.parent.is_dir():
        print(f"invalid option: -o {args.output}: its folder does not exist", file=sys.stderr)
        return EXIT_INVALID
    try:
        from calculators.scenario import parse_json
        document = build_html(parse_json(_read(args.scenario)), lang=args.lang,
                              samples=args.samples, seed=args.seed)
        if args.format == "html":
            output.write_text(document, encoding="utf-8")
        else:
            output.write_bytes(print_pdf(document))
    except (ScenarioError, UncertaintyError, DossierError, OSError) as exc:
        return _failed(exc)
    print(f"wrote {output} ({output.stat().st_size:,} bytes)")
    return 0


def _grid(country: str | None):
    if country is None:
        return None
    from calculators.grid import default_for  # the country's default, as a scenario there would use
    grid = default_for(country.upper())
    if grid is None:
        raise ValueError(f"--country: unknown ISO 3166 alpha-3 code {country!r} (e.g. FRA, "
                         f"DEU, USA)")
    return grid


def _codecarbon_summary(args) -> int:
    from calculators import codecarbon_import as cci
    try:
        grid = _grid(args.country)
    except ValueError as exc:
        print(f"invalid option: {exc}", file=sys.stderr)
        return EXIT_INVALID
    files = []
    for name in args.files:
        path = Path(name)
        if not path.is_file():
            print(f"invalid file: {name} does not exist or is not a file", file=sys.stderr)
            return EXIT_INVALID
        with path.open("rb") as handle:
            files.append((name, handle.read(cci.MAX_BYTES + 1)))
    runs, rejected, errors = cci.read_files(files)
    chosen = cci.select(runs, args.project, args.experiment, args.run)
    if not chosen:
        why = "; ".join(map(str, errors)) if errors else (
            "no run matches the --project/--experiment/--run given" if runs else
            "no usable run in the file(s)" + (f" ({len(rejected)} line(s) rejected, first: "
                                               f"line {rejected[0].line}: {rejected[0].reason})"
                                               if rejected else ""))
        print(f"nothing to import: {why}", file=sys.stderr)
        return EXIT_INVALID
    summary = cci.summarise(chosen, rejected, grid.intensity_g_per_kwh if grid else None,
                            grid.label if grid else "")
    summary["files_rejected"] = errors
    json.dump(plain(summary), sys.stdout, indent=2, ensure_ascii=False, allow_nan=False)
    sys.stdout.write("\n")
    return 0


def _measure(args) -> int:
    import subprocess
    cmd = args.cmd[1:] if args.cmd[:1] == ["--"] else args.cmd
    if not cmd:
        print("invalid option: give the command to measure after --, e.g. "
              "python -m calculators measure -- python my_inference.py", file=sys.stderr)
        return EXIT_INVALID
    try:
        grid = _grid(args.country)
    except ValueError as exc:
        print(f"invalid option: {exc}", file=sys.stderr)
        return EXIT_INVALID
    out_dir = Path(args.output_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    # imported here only: importing codecarbon starts GPU probes; the offline tracker makes
    # no network call (the online one geolocates through a web service: never used)
    from codecarbon import OfflineEmissionsTracker
    tracker = OfflineEmissionsTracker(country_iso_code=args.country.upper(),
                                      output_dir=str(out_dir), project_name=args.project,
                                      measure_power_secs=1, log_level="error",
                                      save_to_file=True)
    tracker.start()
    try:
        status = subprocess.call(cmd)
    except OSError as exc:
        tracker.stop()
        print(f"invalid command: {exc}", file=sys.stderr)
        return EXIT_INVALID
    emissions = tracker.stop()
    print(f"measured {cmd[0]}: {tracker.final_emissions_data.energy_consumed:.6g} kWh, "
          f"{emissions:.6g} kgCO2e at {grid.label} ({grid.intensity_g_per_kwh:.0f} gCO2e/kWh); "
          f"written to {out_dir / 'emissions.csv'}", file=sys.stderr)
    return status


def _import_registers(args) -> int:
    """Each file read and kept, or said why not; exit status 2 when one was refused."""
    from calculators.elsewhere import MAX_FILE_BYTES as MAX_REGISTER_BYTES
    from calculators.i18n import text
    from store import LibraryError, LibraryUnavailable, StoreFailure, open_library
    from store.committee import ADMIN, Actor
    from store.elsewhere import Elsewhere

    files: list[Path] = []
    for given in args.paths:
        path = Path(given)
        if path.is_dir():
            files += sorted(p for p in path.iterdir() if p.suffix.lower() in (".json", ".csv")
                            and p.is_file())
        elif path.is_file():
            files.append(path)
        else:
            print(f"error: {given}: no such file or folder", file=sys.stderr)
            return EXIT_INVALID
    if not files:
        print("error: no .json or .csv file found", file=sys.stderr)
        return EXIT_INVALID
    try:
        library = open_library()
    except LibraryUnavailable as exc:
        print(f"error: {text(exc.args[0], 'en')}", file=sys.stderr)
        return 1
    store = Elsewhere(library.engine)
    actor = Actor("command-line", args.by.strip()[:200], frozenset({ADMIN}))
    refused = 0
    for path in files:
        try:
            with path.open("rb") as handle:
                data = handle.read(MAX_REGISTER_BYTES + 1)
            _, found = store.add(actor, path.name, data)
        except (LibraryError, OSError, StoreFailure) as exc:
            reason = (text(exc.message, "en") if isinstance(exc, LibraryError) else
                      getattr(exc, "reason", None) or str(exc))
            print(f"error: {path.name}: {reason}", file=sys.stderr)
            refused += 1
            if isinstance(exc, LibraryError) and exc.field == "author":
                break
            continue
        print(f"{path.name}: {len(found.projects)} project(s) read ({found.standard})"
              + (f"; {len(found.skipped)} left out" if found.skipped else ""))
    library.engine.dispose()
    return EXIT_INVALID if refused else 0
