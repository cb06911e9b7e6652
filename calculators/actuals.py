"""A year of service observed: the balance redrawn with what was actually measured, beside the
forecast, with the gap explained by item.

The convention asks that the authority report to the ethics committee every year on its
projects' results. For a project in service, a year's actuals are what was observed: the
requests served, the energy measured (CodeCarbon files or meter readings) for inference and
for the trainings run that year, the data moved, the hardware actually bought or reused (how
many of each line and in which condition), and the benefits actually achieved, each with the
evidence cited.

Method. The year is drawn as the forecast scenario over a horizon of one year, with each
observed value in place of the forecast one (``actual_scenario``), through the same ``evaluate``
as every result: the same grid, PUE, factors and allocation rules. A value not observed keeps
the forecast's figure for an average year (a training not measured: the forecast's trainings
spread evenly over its horizon); a benefit not reported counts nothing (a saving is credited on
evidence only) and is listed. The forecast's year is its result over its horizon divided by
the horizon: an average year, the initial training and the manufacturing spread evenly. The
gap of each item is actual minus forecast; the balance has *turned* when its sign differs from
the forecast's.

Money, as the convention asks the ratio of investment to gains "before the project and then as
it is used": the year's running costs and financial gains actually paid and received, and the
investment spent to date, beside the forecast's (``calculators.finance``). A running cost or an
investment not reported keeps the forecast's figure (a cost is never left out); financial gains
not reported count nothing, like a benefit. The investment-to-gains ratio and the payback are
then drawn at the pace observed: the year's gains and running costs as if every year of the
horizon were like it.
"""

from __future__ import annotations

import math
from typing import Any, Mapping

from . import finance
from .evaluate import evaluate
from .i18n import Message, Text, msg
from .impacts import PHASE_LABELS
from .scenario import Scenario, ScenarioError, load
from .scenario.parse import SMALLEST_NUMBER, SURROGATE
from .scenario.schema import field_spec
from .scenario.paths import copy_tree, likely
from .units import DAYS_PER_YEAR, WH_PER_KWH

ONE_YEAR = 1.0
MAX_YEAR, MIN_YEAR = 2100, 2000
MAX_AMOUNT = 1e12   # requests, kWh, GB: beyond is a typing error
MAX_EVIDENCE_CHARS = 2000
NUMBER_FIELDS = ("requests", "inference_energy_kwh", "training_energy_kwh", "network_gb")
FINANCE_FIELDS = ("investment_eur", "running_eur", "gains_eur")  # to date; the year's; the year's
CONDITIONS = ("new", "refurbished", "reused")
# the money rows of a year (``finance_year``): their words and units
FINANCE_LABELS = {"investment_eur": msg("Investment (spent to date)"),
                  "running_eur": msg("Running costs of the year"),
                  "gains_eur": msg("Financial gains of the year"),
                  "margin_eur": msg("Gains less running costs"),
                  "investment_to_gains_ratio": msg("Investment / gains over the horizon"),
                  "payback_years": msg("Financial payback")}
FINANCE_UNITS = {"investment_eur": "EUR", "running_eur": "EUR", "gains_eur": "EUR",
                 "margin_eur": "EUR", "investment_to_gains_ratio": "", "payback_years": "years"}


class ActualsError(ValueError):
    """A year's actuals that cannot be used: ``field`` names the value, ``message`` says what
    is accepted."""

    def __init__(self, field: str, message: Text):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def maximum(field: str) -> float:
    """The largest value ``field`` accepts: MAX_AMOUNT, or less where the year's scenario
    holds it in a field of its own with a lower limit (the trainings' kWh: 10 TWh)."""
    if field == "training_energy_kwh":
        return min(MAX_AMOUNT, field_spec("training.energy_kwh").maximum or MAX_AMOUNT)
    return MAX_AMOUNT


def _number(field: str, value: Any, *, integer: bool = False) -> float | int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (
            isinstance(value, float) and not math.isfinite(value)):  # an int of 400 digits
        raise ActualsError(field, msg("must be a number"))                # is compared below
    top = maximum(field)
    if value < 0 or value > top:
        raise ActualsError(field, msg("must be between 0 and {maximum_exact}",
                                      maximum_exact=top))
    if 0 < value < SMALLEST_NUMBER:  # the year could not be drawn with it (the scenario's rule)
        raise ActualsError(field, msg("is too close to zero to compute with ({got}): enter 0 "
                                      "or a number of at least {smallest} in size",
                                      got=value, smallest="1e-300"))
    if integer and value != int(value):
        raise ActualsError(field, msg("must be a whole number"))
    return int(value) if integer else float(value)


def _text(field: str, value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ActualsError(field, msg("must be a text"))
    if len(value) > MAX_EVIDENCE_CHARS:
        raise ActualsError(field, msg("at most {maximum} characters", maximum=MAX_EVIDENCE_CHARS))
    bad = None if value.isascii() else SURROGATE.search(value)
    if bad is not None:  # the database could not store it
        raise ActualsError(field, msg("holds a character that is not text (U+{point}, half of a "
                                      "pair that lost its other half): remove it",
                                      point=f"{ord(bad.group()):04X}"))
    if "\x00" in value:  # PostgreSQL refuses it in a text
        raise ActualsError(field, msg("contains a NUL character"))
    return value.strip()


def validate(actuals: Any, forecast: Scenario,
             planned: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """``actuals`` checked against the forecast's lines, in the form ``actual_scenario`` reads
    (every key present, None where nothing was observed). Raises ActualsError naming the field.
    Actuals are accepted only if the year can be drawn with them: the year's scenario is built
    and checked here (``planned``: the forecast's result, when the caller has it), so a record
    the results page cannot draw is refused when it is typed, not when it is shown.

    ``{"year": 2026, "requests": .., "inference_energy_kwh": .., "inference_energy_includes_pue":
    bool, "training_energy_kwh": .., "network_gb": .., "investment_eur": .. (spent to date),
    "running_eur": .., "gains_eur": .. (the year's), "evidence": "..", "hardware": [{"count":
    .., "condition": ..}, ...] (one per forecast line, None for a line as forecast), "benefits":
    [{"quantity_per_year": .., "evidence": ".."}, ...] (one per forecast benefit)}``."""
    if not isinstance(actuals, Mapping):
        raise ActualsError("actuals", msg("must be an object"))
    known = {"year", *NUMBER_FIELDS, *FINANCE_FIELDS, "inference_energy_includes_pue",
             "evidence", "hardware", "benefits"}
    for key in actuals:
        if key not in known:
            name = str(key)[:60].encode("utf-8", "backslashreplace").decode("utf-8")
            raise ActualsError(name, msg("is not a field of a year's actuals"))
    year = actuals.get("year")
    if isinstance(year, bool) or not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        raise ActualsError("year", msg("must be a year from {first} to {last}",
                                       first=MIN_YEAR, last=MAX_YEAR))
    out: dict[str, Any] = {"year": year}
    for key in NUMBER_FIELDS + FINANCE_FIELDS:
        out[key] = _number(key, actuals.get(key))
    includes = actuals.get("inference_energy_includes_pue", False)
    if not isinstance(includes, bool):
        raise ActualsError("inference_energy_includes_pue", msg("must be true or false"))
    out["inference_energy_includes_pue"] = includes
    out["evidence"] = _text("evidence", actuals.get("evidence"))
    res = forecast.resolved
    lines = actuals.get("hardware") or []
    if not isinstance(lines, list) or len(lines) > len(res["hardware"]):
        raise ActualsError("hardware", msg("one entry per hardware line of the forecast, at "
                                           "most {count}", count=len(res["hardware"])))
    out["hardware"] = []
    for i in range(len(res["hardware"])):
        line = lines[i] if i < len(lines) else None
        field = f"hardware[{i}]"
        if line is None:
            out["hardware"].append(None)
            continue
        if not isinstance(line, Mapping) or set(line) - {"count", "condition"}:
            raise ActualsError(field, msg("an object with count and condition"))
        count = _number(f"{field}.count", line.get("count"), integer=True)
        condition = line.get("condition")
        if condition is not None and condition not in CONDITIONS:
            raise ActualsError(f"{field}.condition", msg("must be new, refurbished or reused"))
        out["hardware"].append({"count": count, "condition": condition})
    lines = actuals.get("benefits") or []
    if not isinstance(lines, list) or len(lines) > len(res["benefits"]):
        raise ActualsError("benefits", msg("one entry per benefit of the forecast, at most "
                                           "{count}", count=len(res["benefits"])))
    out["benefits"] = []
    for i in range(len(res["benefits"])):
        line = lines[i] if i < len(lines) else None
        field = f"benefits[{i}]"
        if line is None:
            out["benefits"].append({"quantity_per_year": None, "evidence": ""})
            continue
        if not isinstance(line, Mapping) or set(line) - {"quantity_per_year", "evidence"}:
            raise ActualsError(field, msg("an object with quantity_per_year and evidence"))
        out["benefits"].append({
            "quantity_per_year": _number(f"{field}.quantity_per_year",
                                         line.get("quantity_per_year")),
            "evidence": _text(f"{field}.evidence", line.get("evidence"))})
    try:
        load(actual_scenario(forecast, planned or evaluate(forecast), out))
    except ScenarioError as exc:  # said on the actuals' field that led to it
        raise ActualsError(_actuals_field(exc.field), exc.message) from None
    return out


# where a value of the year's scenario comes from in the actuals (``actual_scenario``)
_SCENARIO_TO_ACTUALS = {"training.energy_kwh": "training_energy_kwh",
                        "inference.energy_wh_per_request": "inference_energy_kwh",
                        "inference.requests_per_day": "requests",
                        "inference.hosted_model.requests_per_day": "requests",
                        "network.gb_per_year": "network_gb"}


def _actuals_field(scenario_field: str) -> str:
    """The actuals' field a refused value of the year's scenario was drawn from."""
    if scenario_field in _SCENARIO_TO_ACTUALS:
        return _SCENARIO_TO_ACTUALS[scenario_field]
    head = scenario_field.split(".")[0]
    if head.startswith(("hardware[", "benefits[")):
        return scenario_field
    return "actuals"


def actual_scenario(forecast: Scenario, forecast_result: Mapping[str, Any],
                    actuals: Mapping[str, Any]) -> dict[str, Any]:
    """The forecast scenario over one year, each observed value of ``actuals`` (validated) in
    place of the forecast's (see the module's method)."""
    raw, res = copy_tree(forecast.raw), forecast.resolved
    horizon = float(res["horizon_years"])
    raw["horizon_years"] = ONE_YEAR
    raw.pop("finance", None)  # the year's costs are not part of this redraw
    pue = float(forecast_result["pue"])
    # trainings: the year's measured IT energy, or the forecast's average year
    trained_kwh = actuals["training_energy_kwh"]
    if trained_kwh is None:
        trained_kwh = forecast_result["energy_kwh"]["training"] / pue / horizon
    raw["training"] = {"energy_kwh": trained_kwh, "runs": 1, "retrains_per_year": 0}
    # inference: the energy measured, and the requests served
    inf = raw.setdefault("inference", {})
    days = float(res["inference"]["days_per_year"])
    requests = actuals["requests"]
    if actuals["inference_energy_kwh"] is not None:
        for key in ("devices", "measurement"):
            inf.pop(key, None)
        inf.update(days_per_year=DAYS_PER_YEAR,
                   per_request_includes_pue=actuals["inference_energy_includes_pue"],
                   **_measured_inference(actuals["inference_energy_kwh"], requests))
    elif requests is not None and (likely(inf.get("requests_per_day")) or 0) > 0:
        inf["requests_per_day"] = requests / days
    if requests is not None and inf.get("hosted_model"):
        inf["hosted_model"]["requests_per_day"] = requests / days
    if actuals["network_gb"] is not None:
        raw.setdefault("network", {})["gb_per_year"] = actuals["network_gb"]
    for item, line, planned in zip(raw.get("hardware", []), actuals["hardware"],
                                   forecast_result["hardware"], strict=False):
        if line:
            item.update({k: v for k, v in line.items() if v is not None})
        item.pop("use_years", None)  # the year: its own share of each item's life
        if planned["use_hours"] is not None:  # by the hour or for training: the year's hours
            item["use_hours"] = planned["use_hours"] / horizon
    if raw.get("hardware"):  # a line of which none was bought or used: no manufacturing
        raw["hardware"] = [item for item in raw["hardware"] if item.get("count") != 0]
    for ben, line in zip(raw.get("benefits", []), actuals["benefits"], strict=False):
        ben["quantity_per_year"] = line["quantity_per_year"] or 0.0
    return raw


def _measured_inference(kwh: float, requests: float | None) -> dict[str, float]:
    """The year's measured inference energy as requests a day times Wh per request, the form
    the scenario draws. Only the product counts (nothing else reads the requests), so the
    split keeps within what the scenario accepts: 50,000 kWh measured for 5 requests is
    10 MWh a request, beyond its limit of 1 MWh (``energy_wh_per_request``); drawn as more,
    smaller requests it is the same energy. No energy: nothing served is drawn."""
    if kwh == 0:
        return {"requests_per_day": 0.0, "energy_wh_per_request": 0.0}
    wh = kwh * WH_PER_KWH
    largest_wh = field_spec("inference.energy_wh_per_request").maximum
    assert largest_wh is not None  # the schema bounds a request's energy
    served = requests if requests else DAYS_PER_YEAR
    served = min(max(served, wh / largest_wh), wh / SMALLEST_NUMBER)
    return {"requests_per_day": served / DAYS_PER_YEAR, "energy_wh_per_request": wh / served}


def yearly_balance(forecast_raw: Mapping[str, Any], actuals: Any) -> dict[str, Any]:
    """The year observed beside the forecast's average year: footprint by phase, each benefit,
    the net, the gap of each (actual minus forecast, kgCO2e over the year) and what explains
    it. Raises ScenarioError for a forecast that does not load, ActualsError for actuals that
    cannot be used."""
    forecast = load(dict(forecast_raw))
    planned = evaluate(forecast)
    checked = validate(actuals, forecast, planned)
    horizon = float(planned["horizon_years"])
    observed = evaluate(actual_scenario(forecast, planned, checked))
    rows = []

    def row(key: str, label: Any, planned_kgco2e: float, actual_kgco2e: float,
            why: Any = "") -> None:
        rows.append({"key": key, "label": label, "forecast_kgco2e": planned_kgco2e,
                     "actual_kgco2e": actual_kgco2e, "gap_kgco2e": actual_kgco2e - planned_kgco2e,
                     "explanation": why})

    reasons = _phase_reasons(checked, planned, observed, horizon)
    for phase, label in PHASE_LABELS.items():
        row(phase, label, planned["footprint_kgco2e"][phase] / horizon,
            observed["footprint_kgco2e"][phase], reasons.get(phase, ""))
    row("footprint", msg("Total footprint"), planned["footprint_kgco2e"]["total"] / horizon,
        observed["footprint_kgco2e"]["total"])
    not_reported = []
    for i, (fore, seen, line) in enumerate(zip(planned["benefits"], observed["benefits"],
                                               checked["benefits"], strict=False)):
        if line["quantity_per_year"] is None:
            not_reported.append(fore["label"])
            why = msg("not reported: nothing is credited without evidence")
        else:
            why = msg("achieved {achieved_number} against {declared_number} declared; evidence: "
                      "{evidence}", achieved_number=line["quantity_per_year"],
                      declared_number=fore["quantity_per_year"],
                      evidence=line["evidence"] or msg("(none cited)"))
        row(f"benefits[{i}]", fore["label"], fore["kgco2e_per_year"], seen["kgco2e_per_year"],
            why)
    row("benefits", msg("Total avoided emissions"), planned["benefits_kgco2e_per_year"],
        observed["benefits_kgco2e"])
    forecast_net, actual_net = planned["net_kgco2e"] / horizon, observed["net_kgco2e"]
    row("net", msg("Net balance (avoided minus footprint)"), forecast_net, actual_net)
    turned = (forecast_net > 0) != (actual_net > 0)
    return {"year": checked["year"], "name": planned["name"], "horizon_years": horizon,
            "forecast_net_kgco2e": forecast_net, "actual_net_kgco2e": actual_net,
            "actual_verdict": observed["verdict"], "forecast_verdict": planned["verdict"],
            "turned": turned, "rows": rows, "not_reported": not_reported,
            "evidence": checked["evidence"], "actuals": checked,
            "finance": finance_year(planned["finance"], horizon, checked),
            "data_version": observed["data_version"],
            "text": _summary(turned, forecast_net, actual_net, not_reported)}


def finance_year(planned: Mapping[str, Any] | None, horizon_years: float,
                 checked: Mapping[str, Any]) -> dict[str, Any] | None:
    """The year's money beside the forecast's (see the module's method): ``rows`` of (key,
    forecast, actual) in EUR, or a ratio, or years (None: not declared or not drawn; a
    payback of ``math.inf``: never repaid at that pace), and
    the sentence that weighs them. None when neither the forecast nor the year gives an amount.
    ``planned``: the forecast result's ``finance`` block."""
    if planned is None and all(checked[k] is None for k in FINANCE_FIELDS):
        return None
    declared = planned or {}
    fore_invest = declared.get("investment_eur")
    fore_running = declared.get("running_eur_per_year")
    fore_gains = declared.get("gains_eur_per_year")
    invest = checked["investment_eur"] if checked["investment_eur"] is not None else fore_invest
    running = checked["running_eur"] if checked["running_eur"] is not None else fore_running
    gains = checked["gains_eur"] or 0.0   # not reported: nothing credited
    ratio = None if invest is None else finance.investment_to_gains_ratio(
        invest, gains * horizon_years)
    payback = None if invest is None else finance.payback_years(invest, running or 0.0, gains)
    fore_payback = declared.get("payback_years")
    if planned is not None and fore_payback is None:
        fore_payback = math.inf  # never repaid, as forecast
    margin = gains - (running or 0.0)
    fore_margin = None if fore_gains is None else fore_gains - (fore_running or 0.0)
    rows = [("investment_eur", fore_invest, invest),
            ("running_eur", fore_running, running),
            ("gains_eur", fore_gains, gains),
            ("margin_eur", fore_margin, margin),
            ("investment_to_gains_ratio", declared.get("investment_to_gains_ratio"), ratio),
            ("payback_years", fore_payback,
             math.inf if payback is None and invest is not None else payback)]
    if invest is None:
        text = msg("No investment declared or reported: the ratio of investment to gains cannot "
                   "be drawn.")
    elif payback is None:
        text = msg("At the pace observed in {year}, the investment ({investment_eur}) is never "
                   "repaid: the year's financial gains ({gains_eur}) do not exceed its running "
                   "costs ({running_eur}).", year=checked["year"], investment_eur=invest,
                   gains_eur=gains, running_eur=running or 0.0)
    else:
        text = msg("At the pace observed in {year}, the investment ({investment_eur}) is repaid "
                   "in {payback_years_number} years (forecast: {forecast}).",
                   year=checked["year"], investment_eur=invest,
                   payback_years_number=round(payback, 1),  # as the table's durations
                   forecast=msg("never") if fore_payback in (None, math.inf) else msg(
                       "{years_number} years", years_number=round(fore_payback, 1)))
    return {"rows": [{"key": k, "label": FINANCE_LABELS[k], "unit": FINANCE_UNITS[k],
                      "forecast": f, "actual": a} for k, f, a in rows],
            "gains_reported": checked["gains_eur"] is not None, "text": text}


def recovery(balances: list[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The investment as the project runs: for each year recorded (``yearly_balance``, any
    order), the financial gains less running costs of every year recorded up to it (EUR), the
    investment spent to date (EUR) and the share of it they repay (None without investment).
    Years without money are left out; nothing when no year has any."""
    track, margin_to_date = [], 0.0
    for balance in sorted(balances, key=lambda b: b["year"]):
        fin = balance.get("finance")
        if not fin:
            continue
        rows = {r["key"]: r["actual"] for r in fin["rows"]}
        margin_to_date += rows["margin_eur"]
        invest = rows["investment_eur"]
        track.append({"year": balance["year"], "margin_to_date_eur": margin_to_date,
                      "investment_eur": invest,
                      "repaid_share": margin_to_date / invest if invest else None})
    return track


def _phase_reasons(checked: Mapping[str, Any], planned: Mapping[str, Any],
                   observed: Mapping[str, Any], horizon: float) -> dict[str, Message]:
    """What each phase's actual figure rests on, in words."""
    out = {}
    if checked["training_energy_kwh"] is None:
        out["training"] = msg("not measured: the forecast's average year")
    else:
        out["training"] = msg("{kwh_number} kWh measured (IT energy) against {forecast_number} "
                              "kWh a year forecast",
                              kwh_number=checked["training_energy_kwh"],
                              forecast_number=planned["energy_kwh"]["training"]
                              / float(planned["pue"]) / horizon)
    if checked["inference_energy_kwh"] is not None:
        if checked["inference_energy_includes_pue"]:
            out["inference"] = msg("{kwh_number} kWh read at the meter, the data centre "
                                   "included; {requests}",
                                   kwh_number=checked["inference_energy_kwh"],
                                   requests=_requests(checked))
        else:
            out["inference"] = msg("{kwh_number} kWh of IT energy measured, the PUE applied; "
                                   "{requests}", kwh_number=checked["inference_energy_kwh"],
                                   requests=_requests(checked))
    else:
        out["inference"] = msg("energy not measured: the forecast's per request; {requests}",
                               requests=_requests(checked))
    changed = sum(1 for line in checked["hardware"] if line)
    out["embodied"] = msg("hardware as recorded for the year: {changed} of {lines} lines "
                          "filled in, the others as forecast", changed=changed,
                          lines=len(checked["hardware"])) if changed else \
        msg("hardware as forecast")
    out["transport"] = out["embodied"]
    out["network"] = msg("{gb_number} GB moved", gb_number=checked["network_gb"]) \
        if checked["network_gb"] is not None else msg("not measured: as forecast")
    return out


def _requests(checked: Mapping[str, Any]) -> Message:
    if checked["requests"] is None:
        return msg("requests as forecast")
    return msg("{requests_number} requests served", requests_number=checked["requests"])


def _summary(turned: bool, forecast_net: float, actual_net: float,
             not_reported: list[str]) -> Message:
    if turned:
        text = msg("The balance has turned: {forecast_kgco2e} forecast for an average year, "
                   "{actual_kgco2e} observed.", forecast_kgco2e=forecast_net,
                   actual_kgco2e=actual_net)
    else:
        text = msg("The balance keeps its sign: {forecast_kgco2e} forecast for an average "
                   "year, {actual_kgco2e} observed.", forecast_kgco2e=forecast_net,
                   actual_kgco2e=actual_net)
    if not_reported:
        return msg("{text} Benefits not reported (nothing credited): {labels}.", text=text,
                   labels=not_reported)
    return text
