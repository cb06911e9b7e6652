"""One tidy table of a result: a row per line item with value, unit, source and status.

The charts, the on-screen table and the CSV export are all built from these rows, so they
cannot disagree. Plain dicts (no pandas) so the command line stays fast.
"""

from __future__ import annotations

from typing import Any

COLUMNS = ("section", "item", "value", "unit", "status", "source")

PHASE_LABELS = {
    "training": "Training", "inference": "Inference", "embodied": "Manufacturing of equipment",
    "transport": "Transport of equipment", "network": "Data moved over networks",
}


def result_rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Rows for the figures of ``result`` (from ``evaluate``), then the inputs used."""
    grid = result["grid_intensity_g_per_kwh"]
    grid_source = grid["source"] + (f" ({grid['year']})" if grid["year"] else "")
    computed = "computed from the inputs below"
    rows: list[dict[str, Any]] = []

    def add(section, item, value, unit, status="computed", source=computed):
        rows.append({"section": section, "item": item, "value": value, "unit": unit,
                     "status": status, "source": source})

    for key, label in PHASE_LABELS.items():
        add("footprint", label, result["footprint_kgco2e"][key], "kgCO2e")
    add("footprint", "Total footprint", result["footprint_kgco2e"]["total"], "kgCO2e")
    for item in result["hardware"]:
        add("equipment", f"{item['name']} ({item['count']} x {item['kind']}, {item['condition']})"
            " manufacturing", item["embodied_kgco2e"], "kgCO2e")
        if item["transport_kgco2e"]:
            add("equipment", f"{item['name']} transport", item["transport_kgco2e"], "kgCO2e")
    for ben in result["benefits"]:
        add("benefits", ben["label"], ben["kgco2e"], "kgCO2e")
    add("benefits", "Total avoided emissions", result["benefits_kgco2e"], "kgCO2e")
    add("balance", "Net balance (avoided minus footprint)", result["net_kgco2e"], "kgCO2e")
    add("balance", "Benefit to footprint ratio", result["benefit_to_footprint_ratio"], "ratio")
    add("balance", "Payback time", result["payback_years"], "years")
    add("balance", "Market-based footprint (renewable contract credited)",
        result["market_based_footprint_kgco2e"], "kgCO2e")
    add("timeline", "One-off footprint at the start (first training, equipment, transport)",
        result["one_off_kgco2e"], "kgCO2e")
    add("timeline", "Recurring footprint (retraining, inference, network)",
        result["recurring_kgco2e_per_year"], "kgCO2e/year")
    add("timeline", "Avoided emissions", result["benefits_kgco2e_per_year"], "kgCO2e/year")
    for key in ("training", "inference", "network", "total"):
        add("energy", f"Energy: {key}", result["energy_kwh"][key], "kWh")
    add("location", f"Grid intensity ({grid['label']})", grid["value"], "gCO2e/kWh",
        grid["status"], grid_source)
    for m in result.get("measurements", ()):
        why = " ".join(m["why_they_differ"])
        add("measured", f"{m['phase'].capitalize()}: CodeCarbon's own emissions figure "
            f"({m['runs']} runs)", m["codecarbon_emissions_kgco2e"], "kgCO2e", "measured",
            "CodeCarbon emissions.csv")
        add("measured", f"{m['phase'].capitalize()}: the same runs at this scenario's grid "
            f"and PUE", m["scenario_emissions_kgco2e"], "kgCO2e", source=why)
    block = result.get("uncertainty")
    if block:
        method = f"{block['method']}; {block['samples']:,} samples, seed {block['seed']}"
        for key, label in (("footprint_kgco2e", "Footprint"), ("benefits_kgco2e", "Avoided"),
                           ("net_kgco2e", "Net balance")):
            for q in ("p5", "p50", "p95"):
                add("uncertainty", f"{label}, {q[1:]}th percentile", block[key][q], "kgCO2e",
                    source=method)
        add("uncertainty", "Probability that the net balance is positive",
            block["probability_positive"], "probability", source=method)
        add("uncertainty", "Probability that the convention's rule is met",
            block["probability_rule_met"], "probability", source=method)
        add("uncertainty", f"Verdict under uncertainty: {block['verdict']}",
            block["probability_threshold"], "threshold", source=method)
        for driver in block["drivers"]:
            add("driver", f"{driver['label']}: net balance at its low value",
                driver["net_at_low_kgco2e"], "kgCO2e", source=method)
            add("driver", f"{driver['label']}: net balance at its high value",
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
        add("input", prov["field"], prov["value"], prov["unit"], prov["status"],
            prov["source"])
    return rows


def format_table(result: dict[str, Any]) -> str:
    """Plain-text summary for people at a terminal."""
    lines = [f"{result['name']} ({result['domain']}, {result['horizon_years']:g} years)",
             f"Verdict: {result['verdict'].upper()}"
             + ("  -> ethics committee review required"
                if result["committee_review_required"] else ""),
             f"Rule: {result['rule']}"]
    lines += [f"  - {reason}" for reason in result["reasons"]]
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
