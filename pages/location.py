"""Page 5: where the computing runs (grid intensity, PUE, renewable contract) and the data
moved over networks, with the same project compared in other locations."""

import streamlit as st

from calculators import codecarbon_data, compare, refdata
from ui import charts, editing, router, state

router.ensure_routed()

sc = state.scenario()
old = sc.get("location", {})
grids = codecarbon_data.country_intensities()
pues = refdata.factors("pue.csv")
ours, google = refdata.cloud_regions(), codecarbon_data.gcp_regions()

st.title("5. Data centre and location")
st.caption("The electricity of training and inference is counted at the grid intensity of "
           "where the computing runs, times the data centre's overhead (PUE).")

MODES = {"country": "A data centre in a country", "cloud_region": "A cloud region",
         "grid_intensity_g_per_kwh": "I know the grid intensity"}
current_mode = next((m for m in MODES if m in old), "country")
mode = st.radio("Where does the computing run?", list(MODES), format_func=MODES.get,
                index=list(MODES).index(current_mode), horizontal=True, key=state.key("mode"))
new = {}
if mode == "country":
    codes = sorted(grids, key=lambda c: grids[c].label)
    chosen = old.get("country", "FRA").upper()
    new["country"] = st.selectbox(
        "Country", codes, index=codes.index(chosen) if chosen in codes else codes.index("FRA"),
        format_func=lambda c: f"{grids[c].label} ({c}): {grids[c].intensity_g_per_kwh:.0f} "
                              f"gCO2e/kWh, {grids[c].year}",
        key=state.key("country"), help="The country of the data centre: its average grid "
        "intensity from CodeCarbon's data, with the year of the mix.")
elif mode == "cloud_region":
    regions = refdata.all_cloud_region_keys()

    def region_label(key: str) -> str:
        if key in google:
            grid = google[key][0]
            return f"{key}: {grid.label}, {grid.intensity_g_per_kwh:.0f} gCO2e/kWh (Google)"
        region = ours[key]
        return (f"{key}: {region.label}, grid of {region.country_iso3} "
                f"({grids[region.country_iso3].intensity_g_per_kwh:.0f} gCO2e/kWh)")
    chosen = old.get("cloud_region", "ovh:gra")
    new["cloud_region"] = st.selectbox(
        "Cloud region", regions, index=regions.index(chosen) if chosen in regions else 0,
        format_func=region_label, key=state.key("region"),
        help="Google Cloud regions carry Google's own figure; other providers' regions use "
             "their country's grid.")
else:
    known = {"grid_intensity_g_per_kwh": old.get("grid_intensity_g_per_kwh", 56.0)}
    editing.number(known, "grid_intensity_g_per_kwh", "Grid intensity (gCO2e/kWh)",
                   key="intensity", max_value=2000.0, step=1.0, uncertain=True,
                   help="Your supplier's or your data centre's published figure, in gCO2e per "
                        "kWh. France is about 56, Germany about 380, Poland about 660.")
    new.update(known)

PUE_CHOICES = ["auto", "default", "hyperscaler", "efficient", "municipal_room", "none",
               "custom"]


def pue_label(choice: str) -> str:
    if choice == "auto":
        return "Automatic for this location (average, or the cloud provider's class)"
    if choice == "custom":
        return "My data centre's own figure"
    return f"{pues[choice].label}: {pues[choice].value:g}"


if "pue" not in old:
    pue_choice = "auto"
else:
    pue_choice = next((k for k in PUE_CHOICES[1:-1] if pues[k].value == old["pue"]), "custom")
# a preset carries its published range into the uncertainty analysis (data/pue.csv)
choice = st.selectbox("Data centre overhead (PUE)", PUE_CHOICES, format_func=pue_label,
                      index=PUE_CHOICES.index(pue_choice), key=state.key("pue_choice"),
                      help="Power usage effectiveness: total energy of the data centre over the "
                           "energy of its IT equipment. Large cloud providers about 1.1; the "
                           "average data centre 1.58 (Uptime Institute 2023); a local server "
                           "room often 2 or more.")
if choice == "custom":
    own = {"pue": old.get("pue", 1.5)}
    editing.number(own, "pue", "PUE", key="pue_custom", min_value=1.0, max_value=3.0,
                   step=0.05, uncertain=True, help="Accepted: 1.0 to 3.0.")
    new.update(own)
elif choice != "auto":
    new["pue"] = pues[choice].value
editing.percent_slider(old, new, "renewable_share",
                       "Share of electricity under a renewable contract (%)", key="renewable",
                       help="Used only for the market-based figure reported beside the "
                            "footprint, never instead of it: the grid's electrons are the same.")
sc["location"] = new

st.subheader("Data moved over networks")
net = sc.setdefault("network", {})
left, right = st.columns(2)
with left:
    editing.number(net, "gb_per_year", "Data moved per year (GB)", key="net_gb", max_value=1e12,
                   step=10.0, optional=True, uncertain=True,
                   help="Data sent between sensors, users and the data centre each year, in "
                        "GB. Example: 300 sensors sending 1 MB a night is about 110 GB a year.")
with right:
    factor = refdata.factors("network.csv")["network_kwh_per_gb"]
    editing.number(net, "kwh_per_gb", "Network intensity (kWh/GB)", key="net_kwh_per_gb",
                   max_value=10.0, step=0.001, fmt="%.4f", optional=True, uncertain=True,
                   help=f"Empty: {factor.value:g} kWh/GB ({factor.cite()}). Recent estimates "
                        f"are lower (down to {factor.low:g}).")

result = state.current()[0]
if result:
    grid = result["grid_intensity_g_per_kwh"]
    st.info(f"**Grid intensity used: {grid['value']:.1f} gCO2e/kWh** ({grid['label']}"
            + (f", {grid['year']}" if grid["year"] else "") + f"). Source: {grid['source']}. "
            f"PUE used: {result['pue']:g}. Market-based footprint: "
            f"{result['market_based_footprint_kgco2e']:,.0f} kgCO2e.", icon=":material/electrical_services:")
    figure = state.memo("chart_locations", lambda: charts.locations(
        compare.footprint_by_location(state.scenario()), result["horizon_years"]))
    st.plotly_chart(figure, width="stretch", theme=None)
