"""Page 5: where the computing runs (grid intensity, PUE, renewable contract) and the data
moved over networks, with the same project compared in other locations."""

import streamlit as st

from calculators import codecarbon_data, compare, grid, i18n, refdata
from calculators.scenario.defaults import electricity_mix
from report import charts
from ui.figures import show
from ui import editing, language, method, router, state
from ui.language import num, say, t

router.ensure_routed()


def page() -> None:
    """The location page: the grid, the PUE, renewables, water and the network."""
    sc = state.scenario()
    old = sc.get("location", {})
    pues = refdata.factors("pue.csv")
    ours, google = refdata.cloud_regions(), codecarbon_data.gcp_regions()
    lang = language.current()

    st.title(t("5. Data centre and location"))
    st.caption(t("The electricity of training and inference is counted at the grid intensity of "
                 "where the computing runs, times the data centre's overhead (PUE)."))

    MODES = {"country": t("A data centre in a country"), "cloud_region": t("A cloud region"),
             "grid_intensity_g_per_kwh": t("I know the grid intensity")}
    current_mode = next((m for m in MODES if m in old), "country")
    mode = st.radio(t("Where does the computing run?"), list(MODES), format_func=MODES.get,
                    index=list(MODES).index(current_mode), horizontal=True, key=state.key("mode"))

    def country_name(code: str) -> str:
        return i18n.country(code, lang) or code

    def source_picker(code: str) -> None:
        """The source of the country's grid factor (its default unless another is chosen), with
        every source's figure side by side."""
        found = grid.for_country(code)
        if len(found) < 2:
            return
        choices = [(g.source_key, g.year) for g in found]
        asked = (old.get("grid_source"), old.get("grid_year"))
        current = next((i for i, c in enumerate(choices)
                        if asked[0] == c[0] and asked[1] in (None, c[1])), 0)

        def label(i: int) -> str:
            g = found[i]
            return t("{source} {year}: {intensity} gCO2e/kWh ({scope}){default}",
                     source=t(method.SOURCE_NAMES[g.source_key]),
                     year=g.year or "", intensity=num(g.intensity_g_per_kwh, 1),
                     scope=t(method.SCOPE_NAMES[g.scope]),
                     default=t(", the default") if i == 0 else "")
        picked = st.selectbox(
            t("Source of the grid intensity"), list(range(len(found))), index=current,
            format_func=language.labels(range(len(found)), label),
            key=state.key(f"grid_source_{code}"),
            help=t("The default is the figure a French public body's greenhouse-gas report uses "
                   "where there is one (ADEME, for France), else Our World in Data's. The sources "
                   "do not count the same kWh: a kWh consumed carries imports and grid losses, a "
                   "kWh generated does not."))
        # not the default: the scenario names the source (and the year if it has several)
        if picked:
            g = found[picked]
            new["grid_source"] = g.source_key
            if sum(other.source_key == g.source_key for other in found) > 1:
                new["grid_year"] = g.year
        with st.expander(t("Every source for {country}, side by side", country=country_name(code))):
            st.dataframe(method.grid_sources_arrow(code, lang), hide_index=True, width="stretch")

    new = {}
    if mode == "country":
        codes, labels = method.country_choices(lang)  # written once per language and server
        chosen = old.get("country", "FRA").upper()
        new["country"] = st.selectbox(
            t("Country"), codes,
            index=codes.index(chosen) if chosen in codes else codes.index("FRA"),
            format_func=labels.get, key=state.key("country"),
            help=t("The country of the data centre, with its default grid intensity and its year "
                   "(ADEME for France, Our World in Data elsewhere)."))
        source_picker(new["country"])
    elif mode == "cloud_region":
        regions = refdata.all_cloud_region_keys()

        def region_label(key: str) -> str:
            if key in google:
                region_grid = google[key][0]
                return t("{key}: {label}, {intensity} gCO2e/kWh (Google)", key=key,
                         label=region_grid.label,
                         intensity=num(region_grid.intensity_g_per_kwh, 0))
            region = ours[key]
            return t("{key}: {label}, grid of {country} ({intensity} gCO2e/kWh)", key=key,
                     label=region.label, country=country_name(region.country_iso3),
                     intensity=num(grid.default_for(region.country_iso3).intensity_g_per_kwh, 0))
        chosen = old.get("cloud_region", "ovh:gra")
        new["cloud_region"] = st.selectbox(
            t("Cloud region"), regions, index=regions.index(chosen) if chosen in regions else 0,
            format_func=language.labels(regions, region_label), key=state.key("region"),
            help=t("Google Cloud regions carry Google's own figure; other providers' regions use "
                   "their country's grid."))
        if new["cloud_region"] in ours:
            source_picker(ours[new["cloud_region"]].country_iso3)
    else:
        known = {"grid_intensity_g_per_kwh": old.get(
            "grid_intensity_g_per_kwh", grid.default_for("FRA").intensity_g_per_kwh)}
        editing.number(known, "grid_intensity_g_per_kwh", t("Grid intensity (gCO2e/kWh)"),
                       path="location.grid_intensity_g_per_kwh", key="intensity", uncertain=True,
                       help=t("Your supplier's or your data centre's published figure, in gCO2e "
                              "per kWh. France about 46 (ADEME 2025), Germany about 380, Poland "
                              "about 660 (Our World in Data 2023)."))
        new.update(known)

    PUE_CHOICES = ["auto", "default", "hyperscaler", "efficient", "municipal_room", "none",
                   "custom"]

    def pue_label(choice: str) -> str:
        if choice == "auto":
            return t("Automatic for this location (average, or the cloud provider's class)")
        if choice == "custom":
            return t("My data centre's own figure")
        return t("{name}: {value}", name=say(pues[choice].label), value=num(pues[choice].value))

    if "pue" not in old:
        pue_choice = "auto"
    else:
        pue_choice = next((k for k in PUE_CHOICES[1:-1] if pues[k].value == old["pue"]), "custom")
    # a preset carries its published range into the uncertainty analysis (data/pue.csv)
    choice = st.selectbox(t("Data centre overhead (PUE)"), PUE_CHOICES,
                          format_func=language.labels(PUE_CHOICES, pue_label),
                          index=PUE_CHOICES.index(pue_choice), key=state.key("pue_choice"),
                          help=t("Power usage effectiveness: total energy of the data centre over "
                                 "the energy of its IT equipment. Large cloud providers about 1.1; "
                                 "the average data centre 1.58 (Uptime Institute 2023); a local "
                                 "server room often 2 or more."))
    if choice == "custom":
        own = {"pue": old.get("pue", 1.5)}
        editing.number(own, "pue", "PUE", path="location.pue", key="pue_custom", uncertain=True,
                       help=t("Your data centre's own PUE, e.g. 1.4."))
        new.update(own)
    elif choice != "auto":
        new["pue"] = pues[choice].value
    editing.percent_slider(old, new, "renewable_share",
                           t("Share of electricity under a renewable contract (%)"),
                           key="renewable",
                           help=t("Used only for the market-based figure reported beside the "
                                  "footprint, never instead of it: the grid's electrons are the "
                                  "same."))

    st.subheader(t("Water"))
    st.caption(t("Water consumed (evaporated), counted beside carbon: on site, the data centre's "
                 "cooling per kWh of IT energy (its WUE); off site, the water of generating its "
                 "electricity, per kWh drawn (Li et al. 2023, Method page)."))
    waters = refdata.factors("water.csv")
    COOLINGS = list(waters)

    def cooling_label(key: str) -> str:
        return t("{label}: {value} L/kWh", label=i18n.short(waters[key].label, lang),
                 value=num(waters[key].value))

    cooling = st.selectbox(
        t("How the data centre is cooled"), COOLINGS,
        index=COOLINGS.index(old["cooling"]) if old.get("cooling") in COOLINGS else 0,
        format_func=language.labels(COOLINGS, cooling_label), key=state.key("cooling"),
        help=t("Cooling towers evaporate water; dry coolers and air-conditioned server rooms do "
               "not. Not known: the average of a survey of data centres, with a wide range. Ask "
               "your operator for its WUE."))
    if cooling != "average":
        new["cooling"] = cooling
    if mode == "country":
        where_iso3 = new["country"]
    elif mode == "cloud_region":
        where_iso3 = ours[new["cloud_region"]].country_iso3 if new["cloud_region"] in ours \
            else google[new["cloud_region"]][1] or None
    else:
        where_iso3 = None
    electricity = electricity_mix(where_iso3)[0]
    water_left, water_right = st.columns(2)
    with water_left:
        own_water = {k: old[k] for k in ("wue_onsite_l_per_kwh",) if k in old}
        editing.number(own_water, "wue_onsite_l_per_kwh", t("On-site water, WUE (L/kWh)"),
                       path="location.wue_onsite_l_per_kwh", key="wue", optional=True,
                       uncertain=True, placeholder=editing.field_text(waters[cooling].value),
                       help=t("Empty: the cooling's figure above. Litres the data centre consumes "
                              "on site per kWh of IT energy: 0 without evaporative cooling, 1.8 "
                              "on average, up to 9 in a hot summer."))
        new.update(own_water)
    with water_right:
        own_grid_water = {k: old[k] for k in ("electricity_water_l_per_kwh",) if k in old}
        editing.number(own_grid_water, "electricity_water_l_per_kwh",
                       t("Water of the electricity (L/kWh)"),
                       path="location.electricity_water_l_per_kwh", key="grid_water",
                       optional=True, uncertain=True,
                       placeholder=editing.field_text(electricity.wue_l_per_kwh),
                       help=t("Empty: {value} L/kWh, the country's figure in EcoLogits' "
                              "electricity mixes (World Resources Institute's method). Litres "
                              "consumed to generate one kWh: mostly the cooling of thermal and "
                              "nuclear plants.",
                              value=num(electricity.wue_l_per_kwh)))
        new.update(own_grid_water)
    sc["location"] = new

    st.subheader(t("Data moved over networks"))
    net = sc.setdefault("network", {})
    left, right = st.columns(2)
    with left:
        editing.number(net, "gb_per_year", t("Data moved per year (GB)"),
                       path="network.gb_per_year", key="net_gb", optional=True, uncertain=True,
                       placeholder="0",
                       help=t("Data sent between sensors, users and the data centre each year, in "
                              "GB. Example: 300 sensors sending 1 MB a night is about 110 GB a "
                              "year."))
    with right:
        factor = refdata.factors("network.csv")["network_kwh_per_gb"]
        editing.number(net, "kwh_per_gb", t("Network intensity (kWh/GB)"),
                       path="network.kwh_per_gb", key="net_kwh_per_gb", optional=True,
                       uncertain=True, placeholder=editing.field_text(factor.value),
                       help=t("Empty: {value} kWh/GB ({source}). Recent estimates are lower (down "
                              "to {low}).", value=num(factor.value), source=say(factor.cite()),
                              low=num(factor.low)))

    result = state.current()[0]
    if result:
        used = result["grid_intensity_g_per_kwh"]
        spread, drawn = used.get("spread_g_per_kwh"), used.get("drawn_g_per_kwh")
        st.info(t("**Grid intensity used: {intensity} gCO2e/kWh** ({where}). Source: {source}. "
                  "PUE used: {pue}. Market-based footprint: {market} kgCO2e.",
                  intensity=num(used["value"], 1),
                  where=say(used["label"]) + (f", {used['year']}" if used["year"] else ""),
                  source=say(used["citation"]), pue=num(result["pue"]),
                  market=num(result["market_based_footprint_kgco2e"], 0))
                + ("  \n" + t("The sources for this country range from {low} to {high} "
                               "gCO2e/kWh (latest figure of each).", low=num(spread["low"], 1),
                               high=num(spread["high"], 1))
                   if spread and spread["high"] > spread["low"] else "")
                + ("  \n" + t("The uncertainty analysis draws it from {low} to {high} gCO2e/kWh: "
                               "the sources' and years' figures, so that their disagreement counts "
                               "in the verdict's probability.", low=num(drawn["low"], 1),
                               high=num(drawn["high"], 1))
                   if drawn and used["status"] != "entered" else ""),
                icon=":material/electrical_services:")
        figure = state.memo(f"chart_locations_{lang}", lambda: charts.locations(
            compare.footprint_by_location(state.scenario()), result["horizon_years"], lang=lang))
        show(figure)


page()
