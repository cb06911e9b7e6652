"""Page 6: the emissions the project is declared to avoid."""

import streamlit as st

from calculators import benefits, finance, grid, i18n, refdata
from ui import editing, language, router, state, tables
from ui.language import kg, num, pct, say, status, t

router.ensure_routed()


def page() -> None:
    """The benefits page: what the project avoids each year, then costs and gains in euros."""
    sc = state.scenario()
    factors = refdata.factors("benefits.csv")

    st.title(t("6. Benefits"))
    st.caption(t("What the project avoids each year, the kind of what is avoided (its emission "
                 "factor comes from the table below, or enter your own) and the share due to the "
                 "AI rather than to other measures (attribution)."))

    UNITS = {k: i18n.unit(benefits.quantity_unit(k), language.current()) for k in factors}

    def kind_name(key: str) -> str:
        """A kind as the list shows it: its name, its unit in brackets (once: some names carry
        it already), and a word when it has no published factor."""
        name = editing.factor_name(factors)(key)
        unit = UNITS.get(key, "")
        if unit and not name.endswith(f"({unit})"):
            name = f"{name} ({unit})"
        if key in factors and factors[key].status == "assumption":
            name += " · " + t("no published factor: enter yours with its source")
        return name

    editing.lines("benefits", ("benefits",), [
        editing.Field("label", t("What is avoided"), "text", required=True,
                      placeholder=t("e.g. Drinking water no longer lost to leaks"),
                      help=t("e.g. 'Drinking water no longer lost to leaks'.")),
        editing.Field("kind", t("Kind"), "choice", options=tuple(factors), required=True,
                      format=kind_name,
                      help=t("Sets the unit and the emission factor (table below); '{kind}' for "
                             "a figure already in CO2e.", kind=kind_name("kgco2e"))),
        editing.Field("quantity_per_year", t("Quantity per year"), "number", required=True,
                      uncertain=True, placeholder=t("in the kind's unit"),
                      uncertainty_help=t("empty: plus or minus {spread_share}",
                                         spread_share=refdata.factors("policy.csv")[
                                             "benefit_quantity_spread"].value),
                      help=t("In the kind's unit (in brackets beside the kind): m3, kWh, litres, "
                             "km, tonnes, kg...")),
        editing.Field("attribution", t("Share due to the AI (0 to 1)"), "number", uncertain=True,
                      placeholder="1",
                      help=t("The part of the saving the AI brings, not the other measures taken "
                             "at the same time: 1 if the saving would not happen without it; 0.5 "
                             "when crews, works or campaigns share the credit; 0.2 when the AI "
                             "only speeds up what was done anyway. Empty: counted as 1, and the "
                             "verdict waits for it ('to be completed').")),
        editing.Field("factor_kgco2e_per_unit", t("Own factor (kgCO2e per unit)"), "number",
                      uncertain=True, more=True, placeholder=t("the table's"),
                      help=t("Your own emission factor, e.g. your water utility's. Empty: the "
                             "table's (for electricity: the grid's, the same as the footprint's on "
                             "the same grid).")),
        editing.Field("factor_source", t("Source of your factor"), "text", more=True,
                      placeholder=t("e.g. water utility's carbon footprint 2024, p. 12"),
                      max_chars=500,
                      help=t("Where your own factor comes from: shown beside it in every list of "
                             "values and in the committee's dossier.")),
        editing.Field("country", t("Country (electricity)"), "choice", options=grid.countries(),
                      format=lambda c: i18n.country(c, language.current()) or c, more=True,
                      placeholder=t("where the computing runs"),
                      help=t("Only for 'Electricity saved (in the country given)': where the kWh "
                             "are saved. Empty: where the computing runs.")),
    ], title=lambda item: item.get("label", ""), add_label=t("Add a benefit"),
        empty_text=t("No benefit declared yet: without one, the balance can only be negative."),
        template={})
    st.caption(t("Uncertainty: a quantity left without '± %' counts as plus or minus "
                 "{spread_share} (declared benefits are rarely known better); a factor from "
                 "the table keeps its published range.",
                 spread_share=refdata.factors("policy.csv")["benefit_quantity_spread"].value))

    st.subheader(t("Costs and financial gains (euros)"))
    st.caption(t("The convention asks that costs be measured in money too, with the ratio of the "
                 "investment to the gains. In euros as your budget counts them (the same taxes in "
                 "every figure). An amount left empty counts as 0; leave them all empty to skip."))
    fin = sc.setdefault("finance", {})
    left, right = st.columns(2)
    with left:
        editing.number(fin, "hardware_eur", t("Investment: hardware (€)"),
                       path="finance.hardware_eur",
                       key="finance_hardware", optional=True, placeholder=t("e.g. 45,000"),
                       help=t("Equipment bought for the project (sensors, servers), in euros. "
                              "Example: 300 sensors at €150 = 45,000."))
        editing.number(fin, "development_eur", t("Investment: development and set-up (€)"),
                       path="finance.development_eur", key="finance_development", optional=True,
                       placeholder=t("e.g. 80,000"),
                       help=t("Paid once: staff time, contractors, data preparation, in euros."))
        editing.number(fin, "licences_eur", t("Investment: licences (€)"),
                       path="finance.licences_eur", key="finance_licences", optional=True,
                       placeholder=t("e.g. 0 (open source)"),
                       help=t("Licences and subscriptions paid once, in euros (0 for open "
                              "source)."))
    with right:
        editing.number(fin, "running_eur_per_year", t("Running costs per year (€)"),
                       path="finance.running_eur_per_year", key="finance_running", optional=True,
                       placeholder=t("e.g. 12,000"),
                       help=t("Each year: hosting, energy, maintenance, yearly licences, staff, in "
                              "euros a year."))
        editing.number(fin, "gains_eur_per_year", t("Financial gains per year (€)"),
                       path="finance.gains_eur_per_year", key="finance_gains", optional=True,
                       placeholder=t("e.g. 30,000"),
                       help=t("Spending avoided or savings each year thanks to the project (water "
                              "no longer bought, trips no longer made), in euros a year."))
        # a year is written 2027, not grouped as an amount (2 027): a whole-number field; a value
        # it cannot show (a file's wrong type) is left for the scenario's error to name
        given = fin.get("start_year")
        showable = isinstance(given, int) and not isinstance(given, bool) and \
            finance.first_year() <= given <= finance.last_year()
        year = st.number_input(
            t("First year of service"), min_value=finance.first_year(),
            max_value=finance.last_year(), step=1, format="%d", value=given if showable else None,
            placeholder=t("this year"), key=state.key("finance_start_year"),
            help=t("Sets the year of France's value of climate action the cost of a tonne avoided "
                   "is compared with ({first} to {last}). Empty: this year.",
                   first=finance.first_year(), last=finance.last_year()))
        if year is None:
            if showable:  # emptied by the user
                fin.pop("start_year", None)
        else:
            fin["start_year"] = int(year)
    if not fin:
        sc.pop("finance", None)

    result = state.current()[0]
    if result and result.get("finance"):
        st.markdown(language.plain(say(result["finance"]["text"])))
        st.caption(t("Page 7 shows the whole financial balance beside the carbon one."))
    if result and result.get("electricity_factors"):
        st.subheader(t("One kWh, one factor"))
        st.caption(t("Electricity saved is valued with the grid factor of where it is saved: the "
                     "same factor as the footprint's when it is the same grid."))
        tables.static([{t("what"): e["label"],
                   t("country"): i18n.country(e["country_iso3"], language.current()) or "",
                   t("saved (gCO2e/kWh)"): num(e["saved_g_per_kwh"], 1),
                   t("used by the project (gCO2e/kWh)"): num(e["used_g_per_kwh"], 1),
                   t("same factor"): t("yes") if e["same_factor"] else t("no"),
                   t("source"): say(e["saved_source"])} for e in result["electricity_factors"]])
    if result and result["benefits"]:
        st.subheader(t("Avoided emissions"))
        tables.static([{t("what"): b["label"], t("per year"): kg(b["kgco2e_per_year"]),
                   t("over {duration}", duration=i18n.duration(result["horizon_years"],
                                                               language.current())):
                       kg(b["kgco2e"]),
                   t("factor (kgCO2e/unit)"): num(i18n.significant(b["factor_kgco2e_per_unit"])),
                   t("attribution"): pct(b["attribution"])} for b in result["benefits"]])

    st.subheader(t("Emission factors"))
    lang = language.current()
    tables.reference("benefit_factors", lambda: [
        {t("what"): say(f.label), t("factor"): num(f.value), t("unit"): i18n.unit(f.unit, lang),
         t("range"): t("{low} to {high}", low=num(f.low), high=num(f.high)),
         t("status"): status(f.status), t("source"): say(f.cite())}
        for k, f in factors.items()])


page()
