"""Chart builders as functions: values from the tidy rows, units on axes, palette, fonts large
enough for a projector, text on the bars."""

import json
import re

import plotly.graph_objects as go
import pytest

from calculators import i18n, compare, evaluate
from conftest import EXAMPLES
from report import charts

RESULTS = {p.stem: evaluate(p.read_bytes()) for p in EXAMPLES}
OKABE = set(charts.OKABE_ITO.values())


def colours(fig):
    out = set()
    for trace in fig.data:
        marker = getattr(trace, "marker", None)
        if marker is not None and isinstance(marker.color, str):
            out.add(marker.color)
        line = getattr(trace, "line", None)
        if line is not None and isinstance(getattr(line, "color", None), str):
            out.add(line.color)
    return out


def check_legible(fig: go.Figure):
    assert fig.layout.font.size >= 18
    assert fig.layout.title.font.size >= 24
    assert fig.layout.title.text


@pytest.mark.parametrize("name", sorted(RESULTS))
def test_footprint_vs_benefits(name):
    result = RESULTS[name]
    fig = charts.footprint_vs_benefits(result)
    check_legible(fig)
    divisor, unit = charts.scale_for([result["footprint_kgco2e"]["total"],
                                      result["benefits_kgco2e"]])
    small = result["footprint_kgco2e"]["total"] < 0.05 * result["benefits_kgco2e"]
    axis = fig.layout.xaxis2 if small else fig.layout.xaxis  # the lowest plot carries it
    assert unit in axis.title.text and "years" in axis.title.text
    footprint = sum(t.x[0] for t in fig.data if t.y[0] == "Footprint")
    assert footprint * divisor == pytest.approx(result["footprint_kgco2e"]["total"])
    avoided = [t.x[0] for t in fig.data if t.y[0] == "Avoided emissions"]
    assert avoided[0] * divisor == pytest.approx(result["benefits_kgco2e"])
    assert all(t.text and t.text[0] for t in fig.data)  # every bar carries its label
    assert colours(fig) <= OKABE


def test_a_footprint_tiny_beside_the_benefits_is_drawn_again_on_its_own_scale():
    """Water leaks: 2.73 t of footprint against 262.5 t avoided (1 %). The footprint's bar
    would be a sliver: it is drawn a second time alone, in the same unit, and the chart says
    by how much its scale is enlarged."""
    result = RESULTS["water_leak_detection"]
    assert result["footprint_kgco2e"]["total"] == pytest.approx(2729.8755)
    fig = charts.footprint_vs_benefits(result, lang="fr")
    alone = [t for t in fig.data if t.y[0] == "Empreinte seule"]
    assert sum(t.x[0] for t in alone) == pytest.approx(2.7298755)  # tCO2e, as above
    assert all(t.showlegend is False for t in alone)
    assert fig.layout.xaxis2.title.text == "tCO2e sur 6 ans"
    assert fig.layout.xaxis2.range[1] < 4  # tonnes: the footprint fills this scale
    notes = [a.text for a in fig.layout.annotations]
    assert "<b>Dessous : l'empreinte seule, sur une échelle agrandie 96 fois</b>" in notes
    # 1.46 t against 12.5 t avoided (12 %): one plot only
    one = charts.footprint_vs_benefits(RESULTS["admin_llm_assistant"])
    assert {t.y[0] for t in one.data} == {"Footprint", "Avoided emissions"}
    assert "xaxis2" not in one.layout


def test_the_ai_project_against_its_non_ai_alternative():
    result = RESULTS["water_leak_detection"]
    fig = charts.ai_against_alternative(result, lang="fr")
    check_legible(fig)
    by_name = {t.name: list(t.x) for t in fig.data}
    # the example's alternative: 3 t a year of footprint, 15 t avoided, over 6 years
    assert by_name["Alternative sans IA"] == pytest.approx([18.0, 90.0, 72.0])
    assert by_name["Le projet d'IA"] == pytest.approx([2.7298755, 262.5, 259.7701245])
    assert fig.layout.xaxis.title.text == "tCO2e sur 6 ans"
    assert "Le projet d'IA : 262,5" in fig.data[1].text


def test_the_tornado_can_write_each_name_above_its_bar():
    from calculators import load, uncertainty

    scenario = load((EXAMPLES[0].parent / "water_leak_detection.json").read_bytes())
    drivers = uncertainty.sensitivity(scenario)
    fig = charts.tornado(drivers, RESULTS["water_leak_detection"]["net_kgco2e"], lang="fr",
                         rows=4, labels_above=True)
    assert list(fig.data[0].y) == [0, 2, 4, 6]
    names = [a.text for a in fig.layout.annotations if a.xref == "paper" and a.x == 0]
    assert len(names) == 4 and fig.layout.yaxis.showticklabels is False
    assert names[-1] == charts._wrap(i18n.text(drivers[0]["label"], "fr"), 90)  # widest on top


@pytest.mark.parametrize("name", sorted(RESULTS))
def test_cumulative_marks_break_even(name):
    result = RESULTS[name]
    fig = charts.cumulative(result)
    check_legible(fig)
    assert fig.layout.xaxis.title.text == "Years from the start"
    assert "cumulative" in fig.layout.yaxis.title.text
    texts = " ".join(a.text for a in fig.layout.annotations)
    if result["payback_years"] is None:
        assert "No break-even" in texts
    else:
        # a duration people read: weeks or months under a year, never "0.0 years"
        assert i18n.duration(result["payback_years"], "en") in texts
        assert "0.0 years" not in texts
    # the last point of each curve is the total over the horizon
    final_footprint = (result["one_off_kgco2e"]
                       + result["recurring_kgco2e_per_year"] * result["horizon_years"])
    divisor, unit = charts.scale_for([final_footprint, result["benefits_kgco2e"]])
    assert unit in fig.layout.yaxis.title.text
    assert fig.data[0].y[-1] * divisor == pytest.approx(final_footprint)
    assert fig.data[1].y[-1] * divisor == pytest.approx(result["benefits_kgco2e"])
    assert colours(fig) <= OKABE


@pytest.mark.parametrize("name", sorted(RESULTS))
def test_waterfall_ends_at_the_net_balance(name):
    result = RESULTS[name]
    fig = charts.waterfall(result)
    check_legible(fig)
    trace = fig.data[0]
    divisor, unit = charts.scale_for([result["benefits_kgco2e"], result["net_kgco2e"],
                                      result["footprint_kgco2e"]["total"]])
    assert unit in fig.layout.yaxis.title.text
    assert trace.y[0] * divisor == pytest.approx(result["benefits_kgco2e"])
    assert trace.y[-1] * divisor == pytest.approx(result["net_kgco2e"])
    assert sum(trace.y[1:-1]) * divisor == pytest.approx(-result["footprint_kgco2e"]["total"])
    assert len(trace.text) == len(trace.y)


def test_charts_read_the_result_s_fields_not_the_table_s_words(monkeypatch):
    """Reword every row of the table: the charts do not change (they used to look figures up
    by the rows' English labels). Change a figure of the result: the chart follows."""
    from report import table

    result = json.loads(json.dumps(i18n.plain(RESULTS["water_leak_detection"])))
    builders = (charts.footprint_vs_benefits, charts.waterfall, charts.cumulative)
    before = [b(result).to_plotly_json() for b in builders]
    monkeypatch.setattr(table, "msg", lambda code, **params: f"reworded: {code}")
    monkeypatch.setattr(table, "PHASE_LABELS", {k: f"reworded: {v}"
                                                for k, v in table.PHASE_LABELS.items()})
    items = {r["item"] for r in table.result_rows(result)}
    assert {"reworded: Total footprint", "reworded: Total avoided emissions",
            "reworded: Net balance (avoided minus footprint)", "reworded: Avoided emissions",
            "reworded: Manufacturing of equipment"} <= items
    assert [b(result).to_plotly_json() for b in builders] == before

    result["footprint_kgco2e"]["embodied"] *= 2
    result["net_kgco2e"] = -1.0e6
    result["one_off_kgco2e"] += 1000.0
    bars = {t.name: t.x[0] for t in charts.footprint_vs_benefits(result).data
            if t.y[0] == "Footprint"}
    assert bars["Manufacturing"] * 1000 == pytest.approx(
        2 * RESULTS["water_leak_detection"]["footprint_kgco2e"]["embodied"])
    assert charts.waterfall(result).data[0].y[-1] == pytest.approx(-1000.0)  # tCO2e
    start = charts.cumulative(result).data[0].y[0]
    assert start * 1000 == pytest.approx(
        RESULTS["water_leak_detection"]["one_off_kgco2e"] + 1000.0)


def test_locations_chart_highlights_the_current_location():
    scenario = json.loads(EXAMPLES[0].read_text())
    rows = compare.footprint_by_location(scenario)
    fig = charts.locations(rows, scenario["horizon_years"])
    check_legible(fig)
    bar = fig.data[0]
    assert len(bar.y) == len(rows)
    current = [c for c in bar.marker.color if c == charts.OKABE_ITO["blue"]]
    assert len(current) == 1
    assert "Footprint" in fig.layout.xaxis.title.text


def test_location_comparison_matches_a_rerun():
    scenario = json.loads(EXAMPLES[0].read_text())
    rows = compare.footprint_by_location(scenario, ["POL"])
    moved = dict(scenario, location={"country": "POL",
                                     "pue": evaluate(scenario)["pue"]})
    assert rows[1]["footprint_kgco2e"] == pytest.approx(
        evaluate(moved)["footprint_kgco2e"]["total"])
    assert rows[0]["current"] and not rows[1]["current"]


def test_scale_for_switches_units():
    assert charts.scale_for([500]) == (1.0, "kgCO2e")
    assert charts.scale_for([2500, -10]) == (1000.0, "tCO2e")
    assert charts.scale_for([999.9, -999.9]) == (1.0, "kgCO2e")


def test_uncertainty_charts():
    from calculators import load
    from calculators import uncertainty as mc

    scenario = load(EXAMPLES[0].read_bytes())
    simulation = mc.simulate(scenario, 4000, 0)
    block = mc.monte_carlo(scenario, simulation=simulation)
    net = mc.net_samples(simulation)
    fig = charts.net_distribution(net, block)
    check_legible(fig)
    texts = " ".join(a.text for a in fig.layout.annotations)
    assert f"{block['probability_positive']:.0%}" in texts
    assert sum(sum(t.y) for t in fig.data) == pytest.approx(100.0)  # every sample, in %
    assert any(shape.x0 == 0 for shape in fig.layout.shapes)  # zero is marked
    assert "over the horizon" in fig.layout.xaxis.title.text

    tornado = charts.tornado(block["drivers"], evaluate(scenario)["net_kgco2e"])
    check_legible(tornado)
    assert len(tornado.data[0].y) == min(len(block["drivers"]), charts.TORNADO_ROWS)
    assert tornado.layout.height <= 640  # fits a 720-pixel screen with the page around it

    bands = charts.cumulative_bands(mc.cumulative_bands(simulation, scenario.resolved[
                                        "horizon_years"]),
                                    block["payback_years"])
    check_legible(bands)
    texts = " ".join(a.text for a in bands.layout.annotations)
    # the example pays back within its horizon in every sample: the range is written
    assert block["payback_years"]["probability_within_horizon"] == 1.0
    assert "Break-even between" in texts and "No break-even" not in texts
    assert colours(bands) <= OKABE | {None}


def _every_chart(lang: str) -> list[go.Figure]:
    from calculators import load
    from calculators import uncertainty as mc

    result = RESULTS["water_leak_detection"]  # it has a non-AI alternative
    scenario = load(EXAMPLES[0].read_bytes())
    simulation = mc.simulate(scenario, 2000, 0)
    block = mc.monte_carlo(scenario, simulation=simulation)
    review = {"forecast_net_kgco2e": 1000.0, "actual_net_kgco2e": 800.0}
    return [charts.footprint_vs_benefits(result, lang=lang),
            charts.ai_against_alternative(result, lang=lang), charts.cumulative(result, lang=lang),
            charts.waterfall(result, lang=lang),
            charts.locations(compare.footprint_by_location(load(EXAMPLES[0].read_bytes())),
                             result["horizon_years"], lang=lang),
            charts.net_distribution(mc.net_samples(simulation), block, lang=lang),
            charts.tornado(block["drivers"], evaluate(scenario)["net_kgco2e"], lang=lang),
            charts.cumulative_bands(mc.cumulative_bands(
                simulation, scenario.resolved["horizon_years"]), block["payback_years"], lang),
            charts.compare_bars(["A", "B"], [result, RESULTS["traffic_lights"]], lang=lang),
            charts.compare_net(["A", "B"], [result, RESULTS["traffic_lights"]], lang=lang),
            charts.review_net(["A"], [review], 2026, lang=lang),
            *(charts.criterion_by_phase(result, key, lang=lang) for key in ("adpe", "pe")),
            charts.water_balance(result, lang=lang)]


def test_hover_labels_are_punctuated_the_french_way():
    """In French a colon has a space before it, in the hover labels too ("Entraînement : 1,2
    tCO2e"), as everywhere else on the page; in English none."""
    seen = 0
    for lang, wrong in (("fr", r"\S:"), ("en", r"\s:")):
        for fig in _every_chart(lang):
            for trace in fig.data:
                template = trace.hovertemplate
                if not template:
                    continue
                words = re.sub(r"%\{[^}]*\}", "X", template)  # plotly's fields hold colons
                assert not re.search(wrong, words), (lang, template)
                seen += 1
    assert seen >= 30  # the charts' bars and lines, in both languages


def test_the_distribution_s_percentiles_are_written_per_language():
    """The 5th and 95th percentile marks: "5%" in English, "5 %" (a narrow no-break space)
    in French, as every other percentage of the page."""
    from calculators import load
    from calculators import uncertainty as mc

    scenario = load(EXAMPLES[0].read_bytes())
    simulation = mc.simulate(scenario, 2000, 0)
    block = mc.monte_carlo(scenario, simulation=simulation)
    for lang, marks in (("en", {"5%", "95%"}), ("fr", {"5\u202f%", "95\u202f%"})):
        fig = charts.net_distribution(mc.net_samples(simulation), block, lang=lang)
        assert marks <= {a.text for a in fig.layout.annotations}, lang
        bands = charts.cumulative_bands(mc.cumulative_bands(
            simulation, scenario.resolved["horizon_years"]), block["payback_years"], lang)
        names = " ".join(t.name or "" for t in bands.data)
        assert ("5-95%" if lang == "en" else "5-95 %") in names, names


def test_compared_footprints_tiny_beside_the_avoided_are_drawn_again_on_their_own_scale():
    """Water leaks (2.73 t) beside traffic lights (12.2 t) against 744 t avoided: on one
    scale both footprints are slivers; they are drawn again below, alone, in the same unit,
    and the chart says by how much (744 / 12.2: 61 times). Without so large a gap, one plot."""
    water, traffic = RESULTS["water_leak_detection"], RESULTS["traffic_lights"]
    assert traffic["benefits_kgco2e"] / traffic["footprint_kgco2e"]["total"] > 20
    fig = charts.compare_bars(["A. Fuites", "B. Feux"], [water, traffic], lang="fr")
    lower = [t for t in fig.data if t.yaxis == "y2"]
    stacked = sum(t.y[1] for t in lower if t.type == "bar")
    assert stacked == pytest.approx(traffic["footprint_kgco2e"]["total"] / 1000)
    assert all(t.showlegend is False for t in lower)
    assert fig.layout.yaxis2.range[1] < 20  # tonnes: the footprints fill this scale
    notes = [a.text for a in fig.layout.annotations]
    assert "<b>Dessous : les empreintes seules, sur une échelle agrandie 61 fois</b>" in notes
    assert fig.layout.yaxis.title.text == "tCO2e, chacun sur sa durée de service"
    close = charts.compare_bars(["A", "B"], [RESULTS["admin_llm_assistant"]] * 2)
    assert "yaxis2" not in close.layout and not [t for t in close.data if t.yaxis == "y2"]


def test_every_chart_carries_its_text_alternative_and_the_table_of_its_figures():
    """RGAA 1.6 (WCAG 1.1.1): a chart is read from a text that says what it shows, with its
    figures, and its figures are a table one click away. Every builder keeps both in its
    figure (``charts.table_of``), in the reader's language, with no markup."""
    for fig in _every_chart("fr"):
        kept = charts.table_of(fig)
        title = re.sub(r"<[^>]+>", " ", fig.layout.title.text)
        assert kept is not None, title
        alt, columns, rows = kept
        assert alt.startswith("Graphique : ") and title.split()[0] in alt, alt
        assert rows and all(len(row) == len(columns) for row in rows), title
        assert not [c for row in rows for c in row if "<" in c or "." in c.replace("...", "")
                    and re.search(r"\d\.\d", c)], (title, rows)  # French numbers, no markup
        assert len(rows) <= 14, (title, len(rows))


def test_a_chart_s_table_holds_the_figures_it_draws():
    """Written out by hand from the water-leak example's result: the footprint chart's table
    gives each phase, the total and the avoided emissions, in the chart's unit; the
    cumulative chart's, whole years to the horizon with the break-even said."""
    result = RESULTS["water_leak_detection"]
    alt, columns, rows = charts.table_of(charts.footprint_vs_benefits(result, lang="fr"))
    assert columns == ["Chiffre", "Valeur (tCO2e)"]
    table = dict(rows)
    assert table["Empreinte totale"] == "2,7"  # 2,729.9 kg
    assert table["Évité"] == "262,5"
    assert alt.startswith("Graphique : Empreinte par poste et émissions évitées (tCO2e). "
                          "Empreinte totale : 2,7\u202f; Évité : 262,5\u202f; ")
    alt, columns, rows = charts.table_of(charts.cumulative(result, lang="fr"))
    assert [row[0] for row in rows] == ["0", "1", "2", "3", "4", "5", "6"]  # 6 years
    assert rows[-1][2] == "262,5"  # avoided by the end
    assert alt.endswith(f"Équilibre atteint après {i18n.duration(result['payback_years'], 'fr')}.")


def test_the_tornado_writes_each_row_s_two_values_apart_even_when_they_are_close():
    """Traffic lights: the grid's intensity moves the net balance from 733.3 t (low) to
    731.8 t (high), both beside the likely 731.8: written at the ends of the bars they were
    drawn one over the other ("733,8"). The smaller value is written left of the row's bars,
    the larger right of them; a row whose two ends are one value says it once."""
    drivers = [{"label": "Réseau", "net_at_low_kgco2e": 733_300.0,
                "net_at_high_kgco2e": 731_800.0, "low": 300, "high": 400},
               {"label": "Quantité", "net_at_low_kgco2e": 508_600.0,
                "net_at_high_kgco2e": 955_000.0, "low": 1, "high": 2},
               {"label": "Exact", "net_at_low_kgco2e": 731_800.0,
                "net_at_high_kgco2e": 731_800.0, "low": 1, "high": 1}]
    fig = charts.tornado(drivers, 731_800.0, lang="fr")
    values = {(a.y, a.text): a.xanchor for a in fig.layout.annotations if a.xref != "paper"}
    rows = {y: [] for y, _ in values}
    for (y, text), side in values.items():
        rows[y].append((text, side))
    written = sorted(sorted(r) for r in rows.values())
    assert written == sorted([sorted([("731,8", "right"), ("733,3", "left")]),
                              sorted([("508,6", "right"), ("955,0", "left")]),
                              [("731,8", "right")]])
    assert all(not trace.text for trace in fig.data)  # no text drawn on the bars themselves


def test_every_label_inside_a_bar_reads_at_4_5_to_1_or_more():
    """RGAA 3.2 (WCAG 1.4.3): a label written inside a bar contrasts with the bar by 4.5:1 or
    more (plotly's own choice wrote white on vermillion, 3.9:1, and on green, 3.4:1)."""
    assert round(charts.contrast("#D55E00", "#FFFFFF"), 2) == 3.87  # WCAG's formula, by hand
    assert round(charts.contrast("#000000", "#FFFFFF"), 1) == 21.0
    checked = 0
    for fig in _every_chart("fr"):
        for trace in fig.data:
            if trace.type != "bar" or not trace.text or trace.textposition == "outside":
                continue
            colours = trace.marker.color if isinstance(trace.marker.color, (list, tuple)) \
                else [trace.marker.color] * len(trace.text)
            texts = trace.insidetextfont.color
            texts = texts if isinstance(texts, (list, tuple)) else [texts] * len(colours)
            for bar, text in zip(colours, texts):
                assert text and charts.contrast(bar, text) >= 4.5, (trace.name, bar, text)
                checked += 1
    assert checked >= 5
