"""One tidy table of a result: a row per line item with value, unit, source and status.

The charts, the on-screen table and the CSV export are all built from these rows, so they
cannot disagree. Plain dicts (no pandas) so the command line stays fast.
"""

from __future__ import annotations

from typing import Any

from calculators import frugality, i18n, refdata, sci
from calculators.embodied import CONDITIONS
from calculators.i18n import msg
from calculators.impacts import CRITERIA, PHASE_LABELS, others

COLUMNS = ("section", "item", "value", "unit", "status", "source")

ENERGY_LABELS = {"training": msg("training"), "inference": msg("inference"),
                 "network": msg("network"), "total": msg("total")}
# the sections' names as people read them
SECTION_WORDS = {"footprint": msg("footprint"), "equipment": msg("equipment"),
                 "benefits": msg("benefits"), "balance": msg("balance"),
                 "timeline": msg("timeline"), "energy": msg("energy"),
                 "location": msg("location"), "measured": msg("measured"),
                 "uncertainty": msg("uncertainty"), "driver": msg("driver"),
                 "frugality": msg("frugality"), "input": msg("input"),
                 "finance": msg("costs and gains"), "rate": msg("carbon per unit served")}


def section_words(section: str) -> Any:
    """A section's name as people read it (a criterion's: its own)."""
    if section in CRITERIA:
        return CRITERIA[section].label
    return SECTION_WORDS.get(section, section)


def _criteria_rows(result: dict[str, Any], add: Any) -> None:
    """Water, metals and primary energy: by phase, where the water is consumed, what the
    benefits save, the net, and the significant-harm flags."""
    for c in others():
        key = c.key
        figures = result[c.result_key]
        for phase in c.phases:
            add(key, PHASE_LABELS[phase], figures[phase], c.unit)
        for part, label in c.parts.items():  # water's: where it is consumed
            add(key, label, figures[part], c.unit)
        add(key, msg("Total consumed"), figures["total"], c.unit)
        add(key, msg("Saved by the benefits"), result[c.saved_key], c.unit)
        add(key, msg("Net (saved minus consumed)"), result[c.net_key], c.unit)
    for harm in result["harms"]:
        add("balance", harm["text"], harm["net_per_year"],
            CRITERIA[harm["criterion"]].unit + "/year")
    for note in result["not_counted"]:
        add("balance", note, None, "", "not counted", msg("no published figure"))


def _finance_rows(fin: dict[str, Any], add: Any) -> None:
    """Costs and gains in euros, and the cost of a tonne avoided against the reference."""
    for key, label, unit in (
            ("hardware_eur", msg("Investment: hardware"), "EUR"),
            ("development_eur", msg("Investment: development and set-up"), "EUR"),
            ("licences_eur", msg("Investment: licences"), "EUR"),
            ("investment_eur", msg("Investment, total"), "EUR"),
            ("running_eur_per_year", msg("Running costs per year"), "EUR/year"),
            ("gains_eur_per_year", msg("Financial gains per year"), "EUR/year"),
            ("cost_eur", msg("Cost over the horizon (investment and running costs)"), "EUR"),
            ("gains_eur", msg("Financial gains over the horizon"), "EUR"),
            ("net_eur", msg("Financial balance (gains minus cost)"), "EUR"),
            ("investment_to_gains_ratio", msg("Investment to gains ratio"), "ratio"),
            ("payback_years", msg("Financial payback time"), "years"),
            ("cost_eur_per_tco2e", msg("Net cost per tonne of CO2e avoided"), "EUR/tCO2e")):
        add("finance", label, fin[key], unit)
    add("finance", msg("Value of climate action for {year}", year=fin["climate_value_year"]),
        fin["climate_value_eur_per_tco2e"], "EUR/tCO2e", "default", fin["climate_value_source"])
    add("finance", fin["text"], None, "")


def result_rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Rows for the figures of ``result`` (from ``evaluate``), then the inputs used."""
    grid = result["grid_intensity_g_per_kwh"]
    grid_source = msg("{source} ({year})", source=grid["source"], year=grid["year"]) \
        if grid["year"] else grid["source"]
    computed = msg("computed from the inputs below")
    rows: list[dict[str, Any]] = []

    def add(section, item, value, unit, status="computed", source=computed):
        rows.append({"section": section, "item": item, "value": value, "unit": unit,
                     "status": status, "source": source})

    for key, label in PHASE_LABELS.items():
        add("footprint", label, result["footprint_kgco2e"][key], "kgCO2e")
    add("footprint", msg("Total footprint"), result["footprint_kgco2e"]["total"], "kgCO2e")
    rate = result.get("sci")
    if rate:  # the Software Carbon Intensity (a result saved before it was drawn has none)
        # the unit as the scenario names it (a text someone typed: never translated nor read
        # as a unit symbol), the request in the reader's language
        standard, what = i18n.Quote(rate["standard"]), sci.unit_words(rate["functional_unit"])
        add("rate", msg("Carbon per {what} served, consumer boundary (SCI: operation, "
                        "equipment in service)", what=what), rate["consumer_gco2e_per_unit"],
            "gCO2e", source=standard)
        add("rate", msg("Carbon per {what} served, whole project (SCI: consumer and provider "
                        "boundaries, training included)", what=what),
            rate["project_gco2e_per_unit"], "gCO2e", source=standard)
        add("rate", msg("Units served over the horizon ({what})", what=what), rate["units"],
            "", source=rate["not_drawn"] or computed)
    for item in result["hardware"]:
        kinds = refdata.factors("embodied.csv")
        kind = kinds[item["kind"]].label if item["kind"] in kinds else item["kind"]
        add("equipment", msg("{name} ({count} x {kind_short}, {condition}) manufacturing",
                             name=item["name"], count=item["count"], kind_short=kind,
                             condition=CONDITIONS[item["condition"]]),
            item["embodied_kgco2e"], "kgCO2e")
        if item["transport_kgco2e"]:
            add("equipment", msg("{name} transport", name=item["name"]),
                item["transport_kgco2e"], "kgCO2e")
    for ben in result["benefits"]:
        add("benefits", ben["label"], ben["kgco2e"], "kgCO2e")
    add("benefits", msg("Total avoided emissions"), result["benefits_kgco2e"], "kgCO2e")
    add("balance", msg("Net balance (avoided minus footprint)"), result["net_kgco2e"], "kgCO2e")
    add("balance", msg("Benefit to footprint ratio"), result["benefit_to_footprint_ratio"],
        "ratio")
    add("balance", msg("Payback time"), result["payback_years"], "years")
    add("balance", msg("Market-based footprint (renewable contract credited)"),
        result["market_based_footprint_kgco2e"], "kgCO2e")
    _criteria_rows(result, add)
    if result.get("finance"):
        _finance_rows(result["finance"], add)
    add("timeline", msg("One-off footprint at the start (first training, equipment, "
                        "transport)"), result["one_off_kgco2e"], "kgCO2e")
    add("timeline", msg("Recurring footprint (retraining, inference, network)"),
        result["recurring_kgco2e_per_year"], "kgCO2e/year")
    add("timeline", msg("Avoided emissions"), result["benefits_kgco2e_per_year"], "kgCO2e/year")
    for key in ("training", "inference", "network", "total"):
        add("energy", msg("Energy: {phase}", phase=ENERGY_LABELS[key]), result["energy_kwh"][key],
            "kWh")
    add("location", msg("Grid intensity ({where})", where=grid["label"]), grid["value"],
        "gCO2e/kWh", grid["status"], grid_source)
    for m in result.get("measurements", ()):
        why: Any = ""  # its sentences one after the other, each in the reader's language
        for sentence in m["why_they_differ"]:
            why = sentence if not why else msg("{first} {then}", first=why, then=sentence)
        add("measured", msg("{phase}: CodeCarbon's own emissions figure ({runs} runs)",
                            phase=PHASE_LABELS[m["phase"]], runs=m["runs"]),
            m["codecarbon_emissions_kgco2e"], "kgCO2e", "measured", "CodeCarbon emissions.csv")
        add("measured", msg("{phase}: the same runs at this scenario's grid and PUE",
                            phase=PHASE_LABELS[m["phase"]]),
            m["scenario_emissions_kgco2e"], "kgCO2e", source=why)
    block = result.get("uncertainty")
    if block:
        method = msg("{method}; {samples_number} samples, seed {seed}", method=block["method"],
                     samples_number=block["samples"], seed=block["seed"])
        for key, label in (("footprint_kgco2e", msg("Footprint")),
                           ("benefits_kgco2e", msg("Avoided")),
                           ("net_kgco2e", msg("Net balance"))):
            for q in ("p5", "p50", "p95"):
                add("uncertainty", msg("{figure}, {rank}th percentile", figure=label,
                                       rank=q[1:]), block[key][q], "kgCO2e", source=method)
        add("uncertainty", msg("Probability that the net balance is positive"),
            block["probability_positive"], "probability", source=method)
        add("uncertainty", msg("Probability that the convention's rule is met"),
            block["probability_rule_met"], "probability", source=method)
        add("uncertainty", msg("Verdict under uncertainty"),
            i18n.VERDICT_WORDS[block["verdict"]], "", source=method)
        add("uncertainty", msg("Threshold of the verdict under uncertainty (the probability "
                               "a positive or negative verdict needs, else uncertain)"),
            block["probability_threshold"], "threshold", source=method)
        for c in others():
            for figure_key, label in ((c.result_key, msg("{criterion}: consumed",
                                                         criterion=c.label)),
                                      (c.net_key, msg("{criterion}: net",
                                                      criterion=c.label))):
                for q in ("p5", "p50", "p95"):
                    add("uncertainty", msg("{figure}, {rank}th percentile", figure=label,
                                           rank=q[1:]),
                        block["criteria"][figure_key][q], c.unit, source=method)
        add("uncertainty", msg("Probability of a significant harm"),
            block["probability_significant_harm"], "probability", source=method)
        for driver in block["drivers"]:
            add("driver", msg("{input}: net balance at its low value", input=driver["label"]),
                driver["net_at_low_kgco2e"], "kgCO2e", source=method)
            add("driver", msg("{input}: net balance at its high value", input=driver["label"]),
                driver["net_at_high_kgco2e"], "kgCO2e", source=method)
            if driver["break_even"]:
                add("driver", driver["break_even"]["text"], driver["break_even"]["value"],
                    driver["unit"], source=method)
    for item in result.get("frugality", ()):
        add("frugality", item["question"], item["answer"], "",
            "not answered" if item["answer"] == "not answered" else "entered", item["source"])
    for prov in result["provenance"]:
        if prov["field"] == "location.grid_intensity_g_per_kwh":
            continue
        # named for a reader ("Hardware, line 1 (Sensors): lifetime"), not by its key
        add("input", prov.get("label", prov["field"]), prov["value"], prov["unit"],
            prov["status"], prov["source"])
    return rows


# sections whose figures are one rubric, in one unit (the inputs are each their own quantity)
TOGETHER_SECTIONS = frozenset(SECTION_WORDS) - {"input", "frugality", "location", "finance"}


def _together(rows: list[dict[str, Any]]) -> dict[int, tuple[Any, str]]:
    """(value, unit) of each row of a rubric, the rubric's masses, water and primary energy in
    one unit (``i18n.figures_together``): a spreadsheet's column adds up, and no "0 L" stands
    beside "2.8 m³"."""
    groups: dict[tuple[str, str], list[int]] = {}
    scaled = {"kgCO2e"} | {c.unit for c in others() if c.larger}  # a larger unit for totals
    for i, row in enumerate(rows):
        if (row["section"] in TOGETHER_SECTIONS or row["section"] in CRITERIA) and \
                row["unit"].partition("/")[0] in scaled:
            groups.setdefault((row["section"], row["unit"]), []).append(i)
    out: dict[int, tuple[Any, str]] = {}
    for (_, unit), members in groups.items():
        values, shown_unit = i18n.figures_together([rows[i]["value"] for i in members], unit)
        out.update({i: (v, shown_unit) for i, v in zip(members, values, strict=True)})
    return out


def shown_rows(rows: list[dict[str, Any]], lang: str, as_text: bool = True
               ) -> list[dict[str, Any]]:
    """``rows`` as people read them in ``lang``: column names, sections, items, statuses,
    units and sources in that language; each value at a meaningful precision in the unit a
    reader expects (``i18n.figure``: 2.7 tCO2e, not 2729.8755 kgCO2e), one unit a rubric
    (``_together``), written as ``lang`` writes it (``as_text``: 2,7) or as a number (a
    spreadsheet's cell); durations and words in words either way (a payback of 2 days is
    "2 days", not "0.0 years"); ``_section`` keeps the section's key."""
    together = _together(rows)
    out = []
    for i, row in enumerate(rows):
        value, unit = together.get(i, (row["value"], row["unit"]))
        if row["section"] == "frugality":
            value = i18n.word(frugality.ANSWER_WORDS, value, lang)
        elif isinstance(value, i18n.Message):
            value = i18n.text(value, lang)
        elif value is None or isinstance(value, bool) or unit == "years":
            value, unit = i18n.figure_text(value, unit, lang)
        elif as_text:
            value, unit = i18n.figure_text(value, unit, lang) if i not in together else \
                (i18n.plain_number(value, lang), unit)
        elif i not in together:
            value, unit = i18n.figure(value, unit)
        out.append({
            "_section": row["section"],
            i18n.tr("section", lang): i18n.text(section_words(row["section"]), lang),
            i18n.tr("item", lang): i18n.text(row["item"], lang),
            i18n.tr("value", lang): value,
            i18n.tr("unit", lang): i18n.unit(unit, lang),
            i18n.tr("status", lang): i18n.word(i18n.STATUS_WORDS, row["status"], lang),
            i18n.tr("source", lang): i18n.text(row["source"], lang)})
    return out


def format_table(result: dict[str, Any]) -> str:
    """Plain-text summary for people at a terminal."""
    lines = [f"{result['name']} ({result['domain']}, {result['horizon_years']:g} years)",
             f"Verdict: {result['verdict'].upper()}"
             + ("  -> ethics committee review required"
                if result["committee_review_required"] else ""),
             f"Rule: {result['rule']}"]
    lines += [f"  - {reason}" for reason in result["reasons"]]
    if result["to_complete"]:
        lines += ["To be completed:"] + [f"  - {c['text']}" for c in result["to_complete"]]
    if result["rests_on"]:
        lines += ["What the verdict rests on:"] + [f"  - {r['text']}" for r in result["rests_on"]]
    lines.append("")
    width = max(len(r["item"]) for r in result_rows(result)) + 2
    for row in result_rows(result):
        if row["section"] in ("input", "equipment", "timeline", "uncertainty", "driver",
                              "measured", "frugality"):
            continue
        value = row["value"]
        shown = "n/a" if value is None else (f"{value:,.1f}" if isinstance(value, float)
                                             else str(value))
        lines.append(f"{row['section']:<10}{row['item']:<{width}}{shown:>16} {row['unit']}")
    if result["recommendations"]:
        lines += ["", "Recommendations:"]
        lines += [f"  - {r['text']}" for r in result["recommendations"]]
    if result["warnings"]:
        lines += ["", "Warnings:"]
        lines += [f"  - {w}" for w in result["warnings"]]
    lines += ["", f"Data version {result['data_version']}, tool {result['tool_version']}"]
    return "\n".join(lines)
