"""Import CodeCarbon ``emissions.csv`` files: measured energy for training or inference.

What users really upload is parsed without a traceback:
- files from older and newer CodeCarbon versions: only ``timestamp``, ``duration`` (s),
  ``emissions`` (kgCO2e) and ``energy_consumed`` (kWh) are required; other columns are used when
  present (``project_name``, ``run_id``, ``experiment_id``, ``country_iso_code``, ``pue``,
  ``codecarbon_version``) and extra ones are ignored;
- UTF-8 with or without a byte order mark, UTF-16 or cp1252 (``textfile``); ``,`` or ``;``
  separators (read from the header line); decimal commas in ``;``-separated files (as French
  Excel saves them);
- blank lines skipped, repeated header lines (files pasted together) skipped, malformed lines
  rejected with their line number and the reason; empty files and files over ``MAX_BYTES``
  refused with a clear message.

CodeCarbon applies its PUE setting to the energy columns; the IT energy kept here is
``energy_consumed / pue`` so that the scenario's own PUE is not applied twice.
"""

from __future__ import annotations

import csv
import io
import math
from typing import Any, Iterable, NamedTuple

from . import textfile
from .i18n import Message, Text, msg
from .scenario.parse import SMALLEST_NUMBER
from .units import BYTES_PER_MB, G_PER_KG, WH_PER_KWH

MAX_BYTES = 20 * 1024 * 1024
REQUIRED = ("timestamp", "duration", "emissions", "energy_consumed")


class CodeCarbonFileError(ValueError):
    """A file that holds no usable run: ``file`` names it, the message says why."""

    def __init__(self, file: str, message: Text):
        self.file = file
        # "file: message" as a Message: English as a string, French through i18n.text
        self.text = msg("{file}: {message}", file=file, message=message)
        super().__init__(self.text)


class Run(NamedTuple):
    """One measured run (one line of an emissions.csv)."""

    file: str
    line: int
    timestamp: str
    project_name: str
    run_id: str
    experiment_id: str
    duration_s: float
    emissions_kgco2e: float
    energy_kwh: float        # as CodeCarbon reports it (PUE included when set)
    it_energy_kwh: float     # energy_kwh / pue
    pue: float
    country_iso3: str
    codecarbon_version: str


class Rejected(NamedTuple):
    file: str
    line: int
    reason: Text


def _decode(data: bytes, name: str) -> str:
    text = textfile.decode(data)
    if text is None:
        raise CodeCarbonFileError(name, msg("is not a text file (expected a CSV saved by "
                                            "CodeCarbon, UTF-8 or Windows-1252)"))
    return text


# The most one run can hold (no measured run comes near: the scenario's measurement accepts
# 1e10 kWh and kgCO2e in all), so that the sums of up to MAX_BYTES of lines stay finite; and
# the least non-zero value computed with (5e-324 would overflow any ratio).
LARGEST = {"duration": 1e12, "emissions": 1e10, "energy_consumed": 1e10}
SMALLEST = SMALLEST_NUMBER  # the scenario's own rule (scenario/parse.py)
# Assumption (no published figure): an implied intensity above this is an error in the file,
# not a grid. The highest national figure among the grid sources the tool reads is 1,306
# gCO2e/kWh (Turkmenistan, EcoLogits' mixes, checked with grid.for_country over every ISO
# country); this leaves more than seven times that.
MAX_INTENSITY_G_PER_KWH = 10_000


def _number(text: str, decimal_comma: bool) -> float:
    text = text.strip()
    if decimal_comma:
        text = text.replace(",", ".")
    if len(text) > 100:  # no number has 100 characters (float() would take a million digits)
        raise ValueError(text[:20])
    value = float(text)
    if not math.isfinite(value):
        raise NotFinite(text)
    return value


class NotFinite(ValueError):
    """A number column holds nan or inf."""


def _numbers(get, decimal_comma: bool) -> tuple[Message | None, dict[str, float], float]:
    """(why the line cannot be used or None, its duration, emissions and energy, its PUE)."""
    values: dict[str, float] = {}
    try:
        for column in ("duration", "emissions", "energy_consumed"):
            values[column] = value = _number(get(column), decimal_comma)
            if value < 0:
                return msg("{column} is negative", column=column), values, 1.0
            if value > LARGEST[column]:
                return msg("{column} {value} is above {limit_number}, more than any run "
                           "measures", column=column, value=get(column)[:30],
                           limit_number=LARGEST[column]), values, 1.0
            if 0 < value < SMALLEST:
                return msg("{column} {value} is too close to zero to compute with (write 0)",
                           column=column, value=get(column)[:30]), values, 1.0
        pue_text = get("pue")
        pue = _number(pue_text, decimal_comma) if pue_text else 1.0
    except NotFinite:
        return msg("a number column is not finite (nan or inf)"), values, 1.0
    except ValueError:
        return msg("a number column holds text"), values, 1.0
    if not 1.0 <= pue <= 3.0:
        return msg("pue {pue_exact} is outside 1 to 3", pue_exact=pue), values, pue
    return None, values, pue


def parse(data: bytes, name: str = "emissions.csv") -> tuple[list[Run], list[Rejected]]:
    """The runs of one file and the lines rejected with their reasons.

    Raises CodeCarbonFileError when the file cannot be read at all (too large, not text,
    empty, required columns missing).
    """
    if len(data) > MAX_BYTES:
        raise CodeCarbonFileError(name, msg(
            "is {size_number} MB; the limit is {limit_number} MB (split the file by project)",
            size_number=len(data) / BYTES_PER_MB, limit_number=MAX_BYTES / BYTES_PER_MB))
    text = _decode(data, name)
    lines = text.splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        raise CodeCarbonFileError(name, msg("is empty: expected CodeCarbon's emissions.csv "
                                            "with a header line"))
    header_line = lines[first]
    separator = ";" if header_line.count(";") > header_line.count(",") else ","
    decimal_comma = separator == ";"
    try:
        return _rows(csv.reader(io.StringIO("\n".join(lines[first:])), delimiter=separator),
                     name, first, decimal_comma)
    except csv.Error as exc:  # a field over csv's limit (131,072 characters), a NUL byte...
        raise CodeCarbonFileError(name, msg(
            "cannot be read as CSV ({reason}): not an emissions.csv written by CodeCarbon",
            reason=str(exc))) from None


def _rows(reader: Any, name: str, first: int, decimal_comma: bool
          ) -> tuple[list[Run], list[Rejected]]:
    header = [column.strip().lower() for column in next(reader)]
    twice = sorted({column for column in header if header.count(column) > 1 and column})
    if twice:
        raise CodeCarbonFileError(name, msg(
            "has the column(s) {columns} more than once: which one holds the figures is not "
            "known; keep one", columns=", ".join(twice)))
    missing = [column for column in REQUIRED if column not in header]
    if missing:
        raise CodeCarbonFileError(name, msg(
            "is missing the column(s) {missing}; a CodeCarbon emissions.csv has {required}",
            missing=", ".join(missing), required=", ".join(REQUIRED)))
    index = {column: position for position, column in enumerate(header)}
    runs: list[Run] = []
    rejected: list[Rejected] = []
    for offset, fields in enumerate(reader):
        line_no = first + 2 + offset
        if not fields or all(not f.strip() for f in fields):
            continue
        if [f.strip().lower() for f in fields] == header:
            continue  # a repeated header: files pasted together
        if len(fields) != len(header):
            rejected.append(Rejected(name, line_no, msg(
                "has {fields} fields; the header has {columns}", fields=len(fields),
                columns=len(header))))
            continue

        def get(column: str, default: str = "", fields: list[str] = fields) -> str:
            return fields[index[column]].strip() if column in index else default
        problem, values, pue = _numbers(get, decimal_comma)
        if problem is not None:
            rejected.append(Rejected(name, line_no, problem))
            continue
        if not get("timestamp"):
            rejected.append(Rejected(name, line_no, msg("timestamp is empty")))
            continue
        runs.append(Run(name, line_no, get("timestamp"), get("project_name"), get("run_id"),
                        get("experiment_id"), values["duration"], values["emissions"],
                        values["energy_consumed"], values["energy_consumed"] / pue, pue,
                        get("country_iso_code").upper(), get("codecarbon_version")))
    if not runs and not rejected:
        raise CodeCarbonFileError(name, msg("holds a header line but no run: measure with "
                                            "CodeCarbon first, then upload its emissions.csv"))
    return runs, rejected


def select(runs: Iterable[Run], project: str | None = None, experiment: str | None = None,
           run_ids: Iterable[str] | None = None) -> list[Run]:
    """The runs of one project, one experiment and/or the given run ids."""
    wanted = set(run_ids or ())
    return [r for r in runs
            if (project is None or r.project_name == project)
            and (experiment is None or r.experiment_id == experiment)
            and (not wanted or r.run_id in wanted)]


def run_year(run: Run) -> int | None:
    """The calendar year a run started (its ``timestamp`` begins with it: 2026-03-01T...), or
    None when the timestamp does not say."""
    head = run.timestamp.strip()[:4]
    return int(head) if len(head) == 4 and head.isdigit() and run.timestamp.strip()[4:5] in (
        "-", "/", "") else None


def of_year(runs: Iterable[Run], year: int) -> tuple[list[Run], int]:
    """The runs of ``year``, and how many others were left out (another year, or no date)."""
    runs = list(runs)
    kept = [r for r in runs if run_year(r) == year]
    return kept, len(runs) - len(kept)


def summarise(runs: list[Run], rejected: Iterable[Rejected] = (),
              intensity_g_per_kwh: float | None = None,
              location_label: str = "") -> dict[str, Any]:
    """Totals of ``runs``: energy (kWh), duration (s), CodeCarbon's own emissions (kgCO2e),
    and the emissions of the same energy at ``intensity_g_per_kwh``, with why they differ."""
    energy = sum(r.energy_kwh for r in runs)
    it_energy = sum(r.it_energy_kwh for r in runs)
    reported = sum(r.emissions_kgco2e for r in runs)
    countries = sorted({r.country_iso3 for r in runs if r.country_iso3})
    pues = sorted({r.pue for r in runs})
    out: dict[str, Any] = {
        "runs": len(runs),
        "files": sorted({r.file for r in runs}),
        "projects": sorted({r.project_name for r in runs if r.project_name}),
        "codecarbon_versions": sorted({r.codecarbon_version for r in runs
                                       if r.codecarbon_version}),
        "duration_s": sum(r.duration_s for r in runs),
        "energy_kwh": energy,
        "it_energy_kwh": it_energy,
        "pue_in_files": pues,
        "reported_emissions_kgco2e": reported,
        "reported_countries": countries,
        "lines_rejected": [r._asdict() for r in rejected],
    }
    if intensity_g_per_kwh is not None:
        ours = energy * intensity_g_per_kwh / G_PER_KG
        out["emissions_at_location_kgco2e"] = ours
        out["location_intensity_g_per_kwh"] = intensity_g_per_kwh
        out["why_they_differ"] = why_they_differ(
            reported, energy, intensity_g_per_kwh, countries,
            location_label or msg("its location"), files_pue=pues)
    return out


def why_they_differ(reported_kgco2e: float, energy_kwh: float, intensity_g_per_kwh: float,
                    countries: list[str], where: Text, *, files_pue: list[float],
                    scenario_pue: float | None = None) -> list[Message]:
    """Why CodeCarbon's own figure for some runs differs from the scenario's: the grid each
    counted (CodeCarbon's implied intensity, ``reported_kgco2e`` over ``energy_kwh``, against
    ``intensity_g_per_kwh`` at ``where``) and the PUE (the files' against ``scenario_pue``, or,
    before a scenario applies one, whether the files include one). The only place these
    sentences are built: the upload's summary and the result's measurements use it."""
    reasons: list[Message] = []
    implied = reported_kgco2e / energy_kwh * G_PER_KG if energy_kwh else None  # gCO2e/kWh
    if implied is not None and not (math.isfinite(implied)
                                    and implied <= MAX_INTENSITY_G_PER_KWH):
        reasons.append(msg("CodeCarbon's emissions figure is out of all proportion to its "
                           "energy (more than {limit_number} gCO2e/kWh): check the files.",
                           limit_number=MAX_INTENSITY_G_PER_KWH))
    elif implied is not None and not math.isclose(implied, intensity_g_per_kwh, rel_tol=1e-3):
        reasons.append(msg(
            "CodeCarbon counted the grid where the runs were measured{countries} at about "
            "{measured_number} gCO2e/kWh; the scenario counts the grid of {where} at "
            "{ours_number} gCO2e/kWh.",
            countries=" (" + ", ".join(countries) + ")" if countries else "",
            measured_number=round(implied), where=where,
            ours_number=round(intensity_g_per_kwh)))
    if scenario_pue is None:
        if any(p != 1.0 for p in files_pue):
            reasons.append(msg("The files include a PUE; the scenario applies its own PUE to "
                               "the IT energy (energy divided by the files' PUE)."))
        return reasons or [msg("Both figures use the same grid intensity.")]
    file_pue = files_pue[0]  # the runs' energy over their IT energy: one figure
    if abs(file_pue - scenario_pue) > 1e-9:
        reasons.append(msg("The scenario applies a PUE of {pue_exact} to the IT energy; the "
                           "CodeCarbon files used {files_exact}.", pue_exact=scenario_pue,
                           files_exact=file_pue))
    return reasons or [msg("Same grid intensity and PUE: the figures agree.")]


def read_files(files: Iterable[tuple[str, bytes]]) -> tuple[list[Run], list[Rejected],
                                                             list[Text]]:
    """Runs, rejected lines and file-level errors of several files (a bad file does not stop
    the others)."""
    runs: list[Run] = []
    rejected: list[Rejected] = []
    errors: list[Text] = []
    for name, data in files:
        try:
            file_runs, file_rejected = parse(data, name)
        except CodeCarbonFileError as exc:
            errors.append(exc.text)
            continue
        runs += file_runs
        rejected += file_rejected
    return runs, rejected, errors


def measurement_block(summary: dict[str, Any], requests: float | None = None
                      ) -> dict[str, Any]:
    """The scenario's ``measurement`` entry for a summary (see docs/scenario.md); ``requests``
    served during the runs, for an inference benchmark."""
    block = {"source": "codecarbon",
            "files": [name.replace("\\", "/").rsplit("/", 1)[-1]
                      for name in summary["files"]][:100],
            "projects": summary["projects"][:100],
            "runs": summary["runs"],
            "duration_s": summary["duration_s"],
            "energy_kwh": summary["energy_kwh"],
            "it_energy_kwh": summary["it_energy_kwh"],
            "codecarbon_emissions_kgco2e": summary["reported_emissions_kgco2e"],
            "countries": [c[:3] for c in summary["reported_countries"]][:300],
            "codecarbon_versions": [v[:50] for v in summary["codecarbon_versions"]][:50]}
    if requests is not None:
        block["requests"] = requests
    return block


def energy_wh_per_request(summary: dict[str, Any], requests: float) -> float:
    """IT energy of one request (Wh) measured over a benchmark of ``requests`` requests."""
    return summary["it_energy_kwh"] * WH_PER_KWH / requests
