"""Filling a validated scenario's omitted values, section by section, from ``data/`` or
from a documented default; each value used is recorded with its provenance: ``entered`` by the
user, ``measured`` (CodeCarbon), ``default`` (a published or derived value from ``data/``) or
``assumption`` (a value nobody published)."""

from __future__ import annotations

import datetime
from typing import Any

from .. import benefits, codecarbon_data, ecologits_data, fields, finance, grid, refdata
from .. import hosted as hosted_models
from ..grid import GridFactor
from ..i18n import CALENDAR_YEAR, Text, msg, msg_n
from ..impacts import electricity_saved, others
from ..units import G_PER_KG
from .checks import input_warnings
from .errors import ScenarioError, unknown
from .parse import validate
from .paths import copy_tree, extract_ranges
from .types import Provenance, Scenario


def _factor_prov(field: str, factor: refdata.Factor, unit: str | None = None) -> Provenance:
    status = "assumption" if factor.status == "assumption" else "default"
    return Provenance(field, factor.value, unit or factor.unit, status, factor.cite(),
                      factor.low, factor.high)


def resolve_grid(location: dict[str, Any]) -> tuple[GridFactor, str, str]:
    """Grid intensity for a validated ``location``: (intensity, status, PUE key for the site).

    The explicit ``grid_intensity_g_per_kwh`` wins; then the cloud region; then the country.
    A country (or a region mapped to its country) takes the figure of ``grid_source`` and
    ``grid_year`` when given, else its default (``grid.default_for``).
    """
    region_key = location.get("cloud_region")
    country = location.get("country")
    source_key, year = location.get("grid_source"), location.get("grid_year")
    pue_key = "default"
    found: GridFactor | None = None
    if region_key is not None:
        ours = refdata.cloud_regions()
        google = codecarbon_data.gcp_regions()
        if region_key in google:
            if source_key is not None or year is not None:
                raise ScenarioError("location.grid_source", msg(
                    "applies to a country or to a region mapped to its country; Google's "
                    "regions carry Google's own figure (remove grid_source and grid_year, or "
                    "choose the country)"))
            region_grid, iso3 = google[region_key]
            found = GridFactor(region_grid.intensity_g_per_kwh, region_grid.year,
                               region_grid.label, region_grid.source, region_grid.source_url,
                               iso3 or None, "google")
            pue_key = "hyperscaler"
        elif region_key in ours:
            region = ours[region_key]
            if not grid.for_country(region.country_iso3):  # a data error: the data tests
                raise ScenarioError("location.cloud_region", msg(
                    "{region} maps to {country}, which has no grid data", region=region_key,
                    country=region.country_iso3))
            found = _chosen_grid(region.country_iso3, source_key, year)
            found = found._replace(
                label=msg("{region}, grid of {country_iso3}", region=region.label,
                          country_iso3=region.country_iso3),
                source=msg("{source}; region mapped to its country in data/cloud_regions.csv",
                           source=found.source))
            pue_key = region.pue_key
        else:
            raise unknown("location.cloud_region", region_key, refdata.all_cloud_region_keys())
    elif country is not None:
        code = country.upper()
        if code not in grid.countries():
            raise unknown("location.country", country, grid.countries())
        found = _chosen_grid(code, source_key, year)
    elif source_key is not None or year is not None:
        raise ScenarioError("location.grid_source", msg(
            "needs a country or a cloud region: the source's figure is that country's"))
    explicit = location.get("grid_intensity_g_per_kwh")
    if explicit is not None:
        label = found.label if found else msg("given in the scenario")
        return (GridFactor(float(explicit), None, label, msg("entered in the scenario"), "",
                           found.country_iso3 if found else None), "entered", pue_key)
    if found is None:
        raise ScenarioError("location", msg("give one of country (e.g. FRA), cloud_region (e.g. "
                                            "gcp:europe-west9) or grid_intensity_g_per_kwh"))
    return found, "default", pue_key


def _chosen_grid(iso3: str, source_key: str | None, year: int | None) -> GridFactor:
    try:
        return grid.choose(iso3, source_key, year)
    except grid.GridChoiceError as exc:
        raise ScenarioError(exc.field, exc.message) from None


ENTERED = msg("entered by the user")
NOT_GIVEN = msg("not given: the scenario format's default")


def _electricity_benefit(ben: dict[str, Any], field: str, electricity: str,
                         grid_used: GridFactor, grid_status: str) -> Provenance:
    """One kWh, one factor: electricity saved on the grid the computing draws from is valued
    with the footprint's own factor (same source and year, and the same draw in the Monte
    Carlo: ``factor_from_grid``); on another grid, with that country's default. Sets the
    benefit's country and factor; returns the factor's provenance."""
    where = electricity if electricity != "any" else ben.get("country") or \
        grid_used.country_iso3
    if where is None:
        raise ScenarioError(f"{field}.country", msg(
            "is required: the country where the electricity is saved (ISO 3166 alpha-3, e.g. "
            "FRA); the computing's grid names no country"))
    ben["country"] = where
    factor_field = f"{field}.factor_kgco2e_per_unit"
    same_grid = grid_used.country_iso3 == where and grid_used.source_key != "google"
    ben["factor_from_grid"] = same_grid
    if same_grid:
        ben["factor_kgco2e_per_unit"] = grid_used.intensity_g_per_kwh / G_PER_KG
        source = ENTERED if grid_status == "entered" else grid_used.cite()
        return Provenance(factor_field, ben["factor_kgco2e_per_unit"], "kgCO2e/kWh",
                          "entered" if grid_status == "entered" else "default",
                          msg("the grid factor of the footprint, same source and year: "
                              "{source}", source=source))
    other = grid.default_for(where)
    assert other is not None  # a country validated: every one has a figure (grid.countries)
    ben["factor_kgco2e_per_unit"] = other.intensity_g_per_kwh / G_PER_KG
    return Provenance(factor_field, ben["factor_kgco2e_per_unit"], "kgCO2e/kWh", "default",
                      other.cite())


class _Record:
    """The provenance of every value used, as the sections fill them; ``user_ranges``: the
    ranges the user gave, by path (their likely values are in the scenario)."""

    def __init__(self, user_ranges: dict[str, tuple[float, float, float]]):
        self.user_ranges = user_ranges
        self.rows: list[Provenance] = []

    def add(self, provenance: Provenance) -> None:
        self.rows.append(provenance)

    def activity(self, container: dict[str, Any], key: str, field: str, unit: str,
                 default: Any) -> None:
        """An activity figure (hours, runs, counts, requests, GB...): entered when the
        scenario gives it, else ``default`` set and recorded as the format's default, so that
        every figure a committee needs to redo the sums is listed with its unit."""
        if key in container:
            self.entered(field, container[key], unit)
        else:
            container[key] = default
            self.rows.append(Provenance(field, default, unit, "default", NOT_GIVEN))

    def entered(self, field: str, value: Any, unit: str, source: Any = ENTERED,
                spread: tuple[float, float] | None = None) -> None:
        given = self.user_ranges.get(field)
        low, high = (given[0], given[2]) if given else (spread or (None, None))
        self.rows.append(Provenance(field, value, unit, "entered", source, low, high))


def _location(res: dict[str, Any], rec: _Record) -> tuple[GridFactor, str, Text]:
    """Where the computing runs: the grid intensity (with its status and citation) and the PUE."""
    loc = res["location"]
    if "country" in loc and "cloud_region" in loc:
        raise ScenarioError("location", msg("give either country or cloud_region, not both"))
    grid_used, grid_status, pue_key = resolve_grid(loc)
    grid_citation = ENTERED if grid_status == "entered" else grid_used.cite()
    if "country" in loc:
        loc["country"] = loc["country"].upper()
    grid_range = rec.user_ranges.get("location.grid_intensity_g_per_kwh")
    if grid_range is None and grid_status != "entered" and grid_used.country_iso3 and \
            grid_used.source_key != "google":
        # the sources disagree: their hull is the figure's range (grid.disagreement)
        low, high, _ = grid.disagreement(grid_used.country_iso3, grid_used)
        grid_range = (low, grid_used.intensity_g_per_kwh, high) if high > low else None
    rec.add(Provenance("location.grid_intensity_g_per_kwh", grid_used.intensity_g_per_kwh,
                       "gCO2e/kWh", grid_status,
                       grid_citation,
                       grid_range[0] if grid_range else None,
                       grid_range[2] if grid_range else None))
    loc["grid_intensity_g_per_kwh"] = grid_used.intensity_g_per_kwh
    pues = refdata.factors("pue.csv")
    if "pue" in loc:
        rec.entered("location.pue", loc["pue"], "ratio")
    else:
        loc["pue"] = pues[pue_key].value
        rec.add(_factor_prov("location.pue", pues[pue_key]))
    if "renewable_share" in loc:
        rec.entered("location.renewable_share", loc["renewable_share"], "fraction")
    else:
        loc["renewable_share"] = 0.0
    _water_and_resources(loc, rec, grid_used.country_iso3)
    return grid_used, grid_status, grid_citation


def electricity_mix(iso3: str | None) -> tuple[ecologits_data.ElectricityMix, Any]:
    """EcoLogits' electricity mix of a country (the world's when it has none, or when no country
    is known) and the citation of its figures."""
    mixes = ecologits_data.electricity_mixes()
    mix = mixes.get(iso3 or "")
    if mix is None:
        mix = mixes[ecologits_data.WORLD]
        where = msg("the world average (no figure for {country})", country=iso3) if iso3 else \
            msg("the world average (no country given)")
    else:
        where = msg("{country_iso3}", country_iso3=iso3)
    return mix, msg("EcoLogits {version} electricity mix of {where} (water: World Resources "
                    "Institute's method; metals and primary energy: ADEME Base Empreinte, as "
                    "EcoLogits' documentation says; no year given)",
                    version=ecologits_data.ecologits_version(), where=where)


def _water_and_resources(loc: dict[str, Any], rec: "_Record", iso3: str | None) -> None:
    """The data centre's on-site water (its cooling's WUE, or the one entered) and the water,
    metals and primary energy of a kWh of its electricity (EcoLogits' mix of its country)."""
    cooling = refdata.factors("water.csv")[loc.setdefault("cooling", "average")]
    if "wue_onsite_l_per_kwh" in loc:
        rec.entered("location.wue_onsite_l_per_kwh", loc["wue_onsite_l_per_kwh"], "L/kWh")
    else:
        loc["wue_onsite_l_per_kwh"] = cooling.value
        rec.add(_factor_prov("location.wue_onsite_l_per_kwh", cooling))
    mix, source = electricity_mix(iso3)
    for c in others():  # each criterion's factor per kWh: the one entered, or the mix's
        if c.electricity is None:
            continue
        field, unit = f"location.{c.electricity_key}", f"{c.unit}/kWh"
        if c.electricity_key in loc:
            rec.entered(field, loc[c.electricity_key], unit)
        else:
            loc[c.electricity_key] = c.electricity(mix)
            rec.add(Provenance(field, loc[c.electricity_key], unit, "default", source))


# what a device does, by the row of data/utilisation.csv its family's draw is read from:
# <family>_<use> (gpu_training...), or <family> alone when its draw does not depend on the use
USES = {"training": "training", "intermittent": "serving", "continuous": "serving_busy"}


def default_utilisation(model: str, use: str = "training") -> refdata.Factor | None:
    """The utilisation a device of ``model`` takes when none is given, for what it does
    (``use``: training, or serving requests as they come, ``intermittent``, or kept busy,
    ``continuous``): the measured average draw of its family over its rated power for that
    use (data/utilisation.csv); None for a model not in data/accelerators.csv (its power
    entered: then drawn the whole time)."""
    accelerators = refdata.factors("accelerators.csv")
    if model not in accelerators:
        return None
    family = accelerators[model].extra["utilisation_key"]
    table = refdata.factors("utilisation.csv")
    return table.get(f"{family}_{USES[use]}") or table[family]


def _device(dev: dict[str, Any], field: str, rec: "_Record", use: str) -> None:
    """Fill a training or serving device (``use``: see USES): its power, count and
    utilisation."""
    accelerators = refdata.factors("accelerators.csv")
    model = dev.get("model")
    if "power_w" in dev:
        rec.entered(f"{field}.power_w", dev["power_w"], "W")
    else:
        if model is None:
            raise ScenarioError(f"{field}.power_w", msg(
                "is required when no model is given (rated power in W, e.g. 400)"))
        if model not in accelerators:
            raise unknown(f"{field}.model", model, accelerators)
        dev["power_w"] = accelerators[model].value
        rec.add(_factor_prov(f"{field}.power_w", accelerators[model]))
    rec.activity(dev, "count", f"{field}.count", "devices", 1)
    # the kind of equipment it is made as (data/embodied.csv), so that a Hardware line of that
    # kind used for training is charged for its hours
    known = accelerators.get(model) if isinstance(model, str) else None
    dev["embodied_kind"] = known.extra["embodied_kind"] if known else ""
    if "utilisation" in dev:
        rec.entered(f"{field}.utilisation", dev["utilisation"], "fraction")
    elif (average := default_utilisation(model, use) if isinstance(model, str) else None) \
            is not None:
        dev["utilisation"] = average.value
        rec.add(_factor_prov(f"{field}.utilisation", average))
    else:
        dev["utilisation"] = 1.0
        rec.add(Provenance(f"{field}.utilisation", 1.0, "fraction", "assumption",
                           msg("Assumption: the power entered is drawn the whole time "
                               "(give a utilisation if it is a rated power)")))


def _training(res: dict[str, Any], rec: _Record) -> None:
    """Training: the energy of one run (entered or measured), the devices, runs and retrainings."""
    train = res.setdefault("training", {})
    train.setdefault("energy_kwh", 0.0)
    train.setdefault("devices", [])
    rec.activity(train, "runs", "training.runs", "runs", 1)
    rec.activity(train, "retrains_per_year", "training.retrains_per_year", "/year", 0)
    measured = train.get("measurement")
    if measured and train["energy_kwh"]:
        given = rec.user_ranges.get("training.energy_kwh")
        rec.add(Provenance(
            "training.energy_kwh", train["energy_kwh"], "kWh", "measured",
            msg_n("measured with CodeCarbon {versions}: {runs} run from {files}",
                  "measured with CodeCarbon {versions}: {runs} runs from {files}", "runs",
                  versions=", ".join(measured.get("codecarbon_versions", [])),
                  runs=measured["runs"], files=", ".join(measured.get("files", [])) or "-"),
            given[0] if given else None, given[2] if given else None))
    elif train["energy_kwh"]:
        rec.entered("training.energy_kwh", train["energy_kwh"], "kWh")
    for i, dev in enumerate(train["devices"]):
        _device(dev, f"training.devices[{i}]", rec, "training")
        rec.entered(f"training.devices[{i}].hours", dev["hours"], "h")


def _inference(res: dict[str, Any], rec: _Record) -> None:
    """Inference: requests and their energy (entered or measured), serving devices, a
    hosted model."""
    inf = res.setdefault("inference", {})
    inf.setdefault("requests_per_day", 0)
    inf.setdefault("energy_wh_per_request", 0.0)
    inf.setdefault("per_request_includes_pue", False)
    inf.setdefault("devices", [])
    inf_measured = inf.get("measurement")
    if inf["requests_per_day"]:
        rec.entered("inference.requests_per_day", inf["requests_per_day"], "requests/day")
    if inf["energy_wh_per_request"] and not inf_measured:
        rec.entered("inference.energy_wh_per_request", inf["energy_wh_per_request"], "Wh")
    if inf_measured and inf["energy_wh_per_request"]:
        if "requests" not in inf_measured:
            raise ScenarioError("inference.measurement.requests", msg(
                "is required: the requests served during the measured runs (a whole number "
                "from 1)"))
        given = rec.user_ranges.get("inference.energy_wh_per_request")
        rec.add(Provenance(
            "inference.energy_wh_per_request", inf["energy_wh_per_request"], "Wh", "measured",
            msg("measured with CodeCarbon: {runs} run(s) serving {requests_number} requests, "
                "from {files}", runs=inf_measured["runs"],
                requests_number=inf_measured["requests"],
                files=", ".join(inf_measured.get("files", [])) or "-"),
            given[0] if given else None, given[2] if given else None))
    hosted = inf.get("hosted_model")
    if hosted:
        rec.entered("inference.hosted_model.requests_per_day", hosted["requests_per_day"],
                    "requests/day")
        source = msg("EcoLogits {version}: {provider} {model}, {tokens} output tokens, at the "
                     "provider's data centre (its grid and PUE)",
                     version=hosted["ecologits_version"], provider=hosted["provider"],
                     model=hosted["model"], tokens=hosted["output_tokens_per_request"])
        # what the provider declares itself, beside EcoLogits: the far end of the range the
        # Monte Carlo draws (the whole request's greenhouse gases stand against its usage,
        # its manufacturing being EcoLogits' own)
        stated = hosted_models.declared(hosted["provider"], hosted["model"],
                                        hosted["output_tokens_per_request"])
        for key, unit in (("energy_kwh_per_request", "kWh"),
                          ("usage_kgco2e_per_request", "kgCO2e"),
                          ("embodied_kgco2e_per_request", "kgCO2e"),
                          *((c.hosted_key, c.unit) for c in others() if c.ecologits)):
            if key not in hosted:  # imported before water was counted: not counted
                continue
            field = f"inference.hosted_model.{key}"
            given = rec.user_ranges.get(field)
            low, high = (given[0], given[2]) if given else (None, None)
            if key in stated:
                row, figure = stated[key]
                if key == "usage_kgco2e_per_request":
                    figure = max(figure - hosted["embodied_kgco2e_per_request"], 0.0)
                low = min(hosted[key] if low is None else low, figure)
                high = max(hosted[key] if high is None else high, figure)
                rec.add(Provenance(f"inference.hosted_model.declared_{key}", stated[key][1],
                                   unit, "declared", row.cite()))
            rec.add(Provenance(field, hosted[key], unit, "default", source, low, high))
    if inf["requests_per_day"] and not inf["energy_wh_per_request"]:
        raise ScenarioError("inference.energy_wh_per_request", msg(
            "is required when requests per day are given (Wh per request, e.g. 0.3 for an "
            "LLM answer)"))
    for i, dev in enumerate(inf["devices"]):
        _device(dev, f"inference.devices[{i}]", rec, dev.setdefault("load", "intermittent"))
        rec.activity(dev, "hours_per_day", f"inference.devices[{i}].hours_per_day", "h/day", 24)
    if inf["requests_per_day"] or inf["devices"] or inf.get("hosted_model"):
        rec.activity(inf, "days_per_year", "inference.days_per_year", "days/year", 365)
    inf.setdefault("days_per_year", 365)  # nothing served: counts for nothing
    if "served_per_year" in inf:  # the unit of the carbon per unit served (sci), not energy
        rec.entered("inference.served_per_year", inf["served_per_year"], "/year")


def _hardware(res: dict[str, Any], rec: _Record, horizon: float) -> None:
    """Equipment: manufacturing, lifetime, use, share, condition and transport of each item."""
    embodied = refdata.factors("embodied.csv")
    lifetimes = refdata.factors("lifetimes.csv")
    masses = refdata.factors("masses.csv")
    transport = refdata.factors("transport.csv")
    allocation = refdata.factors("allocation.csv")
    for i, item in enumerate(res.setdefault("hardware", [])):
        field = f"hardware[{i}]"
        kind = item["kind"]
        known = kind in embodied
        for key, table, unit in (("embodied_kgco2e", embodied, "kgCO2e"),
                                 ("lifetime_years", lifetimes, "years")):
            if key in item:
                rec.entered(f"{field}.{key}", item[key], unit)
            elif known:
                item[key] = table[kind].value
                rec.add(_factor_prov(f"{field}.{key}", table[kind]))
            else:
                raise ScenarioError(f"{field}.{key}", msg(
                    "is required for kind {kind}, which is not in data/embodied.csv (known "
                    "kinds: {kinds})", kind=repr(kind), kinds=", ".join(sorted(embodied))))
        for key, file_name in ((c.stem, c.manufacturing_file) for c in others()
                               if c.manufacturing_file):
            published = refdata.factors(file_name).get(kind)
            item[key] = published.value if published else 0.0  # not counted without a figure
            if published:
                rec.add(_factor_prov(f"{field}.{key}", published))
        rec.activity(item, "count", f"{field}.count", "items", 1)
        _use(item, field, rec, horizon, res)
        rec.activity(item, "share", f"{field}.share", "fraction", 1.0)
        condition = item.setdefault("condition", "new")
        item["condition_factor"] = allocation[f"condition_{condition}"].value
        rec.add(_factor_prov(f"{field}.condition_factor",
                             allocation[f"condition_{condition}"]))
        item["transport_km"] = item.get("transport_km", 0.0)
        mode = item.setdefault("transport_mode", "road")
        item["transport_factor_kgco2e_per_tonne_km"] = transport[mode].value
        if item["transport_km"] > 0:
            rec.entered(f"{field}.transport_km", item["transport_km"], "km")
            rec.add(_factor_prov(f"{field}.transport_factor_kgco2e_per_tonne_km",
                                 transport[mode]))
            if "mass_kg" in item:
                rec.entered(f"{field}.mass_kg", item["mass_kg"], "kg")
            elif kind in masses:
                item["mass_kg"] = masses[kind].value
                rec.add(_factor_prov(f"{field}.mass_kg", masses[kind]))
            else:
                raise ScenarioError(f"{field}.mass_kg", msg(
                    "is required to count transport for kind {kind} (shipped mass of one item "
                    "in kg)", kind=repr(kind)))
        else:
            item.setdefault("mass_kg", masses[kind].value if kind in masses else 0.0)


def _use(item: dict[str, Any], field: str, rec: _Record, horizon: float,
         res: dict[str, Any]) -> None:
    """How the project uses an item, which sets the part of its life charged: the years it
    serves the project (service), the training's hours (training) or the hours entered
    (hours, a rented or shared machine)."""
    use = item.setdefault("use", "service")
    if use == "service":
        if "use_hours" in item:
            raise ScenarioError(f"{field}.use_hours", msg(
                "counts only for equipment used by the hour or for training; choose that use, "
                "or give the years it is used instead"))
        if "use_years" in item:
            rec.entered(f"{field}.use_years", item["use_years"], "years")
        else:
            item["use_years"] = horizon
        return
    if "use_years" in item:
        raise ScenarioError(f"{field}.use_years", msg(
            "counts only for equipment used for the project's service; used by the hour or "
            "for training, it is charged for its hours of use"))
    item["use_years"] = horizon  # not used: its hours are charged
    if "use_hours" in item:
        rec.entered(f"{field}.use_hours", item["use_hours"], "h")
    elif use == "hours":
        raise ScenarioError(f"{field}.use_hours", msg(
            "is required for equipment used by the hour: the hours this project uses one "
            "item over the horizon, e.g. 400"))
    elif not res["training"]["devices"]:
        raise ScenarioError(f"{field}.use_hours", msg(
            "is required: the training gives no device to take the hours from (section 2, "
            "B); give the hours one item is used for the training, all runs included"))


def _network(res: dict[str, Any], rec: _Record) -> None:
    """Data moved over networks and the network's intensity."""
    net = res.setdefault("network", {})
    if "gb_per_year" in net:
        rec.entered("network.gb_per_year", net["gb_per_year"], "GB/year")
    net.setdefault("gb_per_year", 0.0)
    if "kwh_per_gb" in net:
        rec.entered("network.kwh_per_gb", net["kwh_per_gb"], "kWh/GB")
    else:
        factor = refdata.factors("network.csv")["network_kwh_per_gb"]
        net["kwh_per_gb"] = factor.value
        if net["gb_per_year"]:
            rec.add(_factor_prov("network.kwh_per_gb", factor))


def _benefits(res: dict[str, Any], rec: _Record, grid_used: GridFactor, grid_status: str) -> None:
    """Each benefit: its quantity (with the policy's spread), factor and attribution."""
    benefit_factors = refdata.factors("benefits.csv")
    spread = refdata.factors("policy.csv")["benefit_quantity_spread"]
    for i, ben in enumerate(res.setdefault("benefits", [])):
        field = f"benefits[{i}]"
        kind = ben["kind"]
        quantity = ben["quantity_per_year"]
        rec.entered(f"{field}.quantity_per_year", quantity,
                    f"{benefits.quantity_unit(kind) or 'unit'}/year",
                    source=msg("entered by the user; range plus or minus {spread_share}: {source}",
                               spread_share=spread.value, source=spread.cite())
                    if f"{field}.quantity_per_year" not in rec.user_ranges else ENTERED,
                    spread=(quantity * (1 - spread.value), quantity * (1 + spread.value)))
        electricity = benefit_factors[kind].extra["electricity_grid"] \
            if kind in benefit_factors else ""
        if "country" in ben:
            if electricity != "any":
                raise ScenarioError(f"{field}.country", msg(
                    "applies only to the kind 'Electricity saved (in the country given)': "
                    "leave it empty for this benefit"))
            ben["country"] = ben["country"].upper()
            if ben["country"] not in grid.countries():
                raise unknown(f"{field}.country", ben["country"], grid.countries())
        if "factor_kgco2e_per_unit" in ben:
            rec.entered(f"{field}.factor_kgco2e_per_unit", ben["factor_kgco2e_per_unit"],
                        benefit_factors[kind].unit if kind in benefit_factors else "kgCO2e/unit",
                        source=msg("entered by the user, from: {source}",
                                   source=ben["factor_source"]) if ben.get("factor_source")
                        else msg("entered by the user, its source not given"))
            if electricity:  # the user's own factor: compared with the footprint's below
                ben["factor_from_grid"] = False
        elif electricity:
            rec.add(_electricity_benefit(ben, field, electricity, grid_used, grid_status))
        elif kind in benefit_factors:
            ben["factor_kgco2e_per_unit"] = benefit_factors[kind].value
            rec.add(_factor_prov(f"{field}.factor_kgco2e_per_unit", benefit_factors[kind]))
        else:
            raise unknown(f"{field}.kind", kind, benefit_factors)
        _benefit_resources(ben, field, benefit_factors.get(kind), res["location"], grid_used,
                           rec)
        if "attribution" in ben:
            rec.entered(f"{field}.attribution", ben["attribution"], "fraction")
        else:
            ben["attribution"] = 1.0
            rec.add(Provenance(f"{field}.attribution", 1.0, "fraction", "assumption",
                               msg("Assumption: the whole benefit is credited to the AI")))


def _benefit_resources(ben: dict[str, Any], field: str, factor: refdata.Factor | None,
                       location: dict[str, Any], grid_used: GridFactor, rec: _Record) -> None:
    """What a benefit saves besides carbon, per unit: water (its litres, or the water of
    generating a kWh where it is saved: on the computing's own grid, the footprint's own
    figure, the one entered included, and the same draw in the Monte Carlo), and for
    electricity its metals and primary energy."""
    per_unit = factor.extra.get("water_l_per_unit", "") if factor else ""
    ben["water_from_grid"] = False
    by_electricity = [c for c in others() if c.saved is electricity_saved]
    for c in by_electricity:
        ben[c.benefit_key] = 0.0
    if per_unit == "grid":
        # where it is saved: the benefit's country, by default where the computing runs
        where = ben.get("country") or grid_used.country_iso3
        mix, source = electricity_mix(where)
        ben["water_from_grid"] = where == grid_used.country_iso3
        for c in by_electricity:  # metals, primary energy: the mix's factor per kWh
            if c.electricity is not None:
                ben[c.benefit_key] = c.electricity(mix)
        if ben["water_from_grid"]:
            ben["water_l_per_unit"] = location["electricity_water_l_per_kwh"]
            source = msg("the water of the footprint's own electricity")
        else:
            ben["water_l_per_unit"] = mix.wue_l_per_kwh
        rec.add(Provenance(f"{field}.water_l_per_unit", ben["water_l_per_unit"], "L/kWh",
                           "default", source))
    elif per_unit and factor is not None:
        ben["water_l_per_unit"] = float(per_unit)
        rec.add(Provenance(f"{field}.water_l_per_unit", ben["water_l_per_unit"],
                           "L/" + factor.unit.split("/")[1], "default",
                           msg("Definition: one cubic metre is 1,000 litres")))
    else:
        ben["water_l_per_unit"] = 0.0


def _policy(res: dict[str, Any], rec: _Record) -> None:
    """The committee's own settings."""
    pol = res.setdefault("policy", {})
    if "committee_threshold_kgco2e_per_year" in pol:
        rec.entered("policy.committee_threshold_kgco2e_per_year",
                    pol["committee_threshold_kgco2e_per_year"], "kgCO2e/year")
    else:
        factor = refdata.factors("policy.csv")["committee_threshold"]
        pol["committee_threshold_kgco2e_per_year"] = factor.value
        rec.add(_factor_prov("policy.committee_threshold_kgco2e_per_year", factor))
    for c in others():  # each criterion's significant-harm threshold
        key = c.policy_key
        if key in pol:
            rec.entered(f"policy.{key}", pol[key], f"{c.unit}/year")
        else:
            assert c.harm is not None  # others(): each has its threshold
            factor = c.harm.default()
            pol[key] = factor.value
            rec.add(_factor_prov(f"policy.{key}", factor))


FINANCE_AMOUNTS = (("hardware_eur", "EUR"), ("development_eur", "EUR"), ("licences_eur", "EUR"),
                   ("running_eur_per_year", "EUR/year"), ("gains_eur_per_year", "EUR/year"))


def _finance(res: dict[str, Any], rec: _Record, this_year: int) -> None:
    """Costs and gains in euros: None when no amount is given; otherwise an amount left out is
    0, the first year of service is this year unless given, and the value of climate action
    for that year is recorded with its source (``finance.climate_value``)."""
    given = res.get("finance") or {}
    if not any(key in given for key, _ in FINANCE_AMOUNTS):
        res["finance"] = None
        return
    fin = res["finance"] = dict(given)
    for key, unit in FINANCE_AMOUNTS:
        if key in fin:
            fin[key] = float(fin[key])
            rec.entered(f"finance.{key}", fin[key], unit)
        else:
            fin[key] = 0.0
    if "start_year" in fin:
        fin["start_year"] = int(fin["start_year"])  # a file may write 2026.0
        rec.entered("finance.start_year", float(fin["start_year"]), CALENDAR_YEAR)
    else:  # within the trajectory: a year beyond it takes its nearest end
        fin["start_year"] = min(max(this_year, finance.first_year()), finance.last_year())
        rec.add(Provenance("finance.start_year", float(fin["start_year"]), CALENDAR_YEAR,
                           "default",
                           msg("this year, the scenario giving none")))
    value = finance.climate_value(fin["start_year"])
    rec.add(Provenance("finance.climate_value_eur_per_tco2e", value.eur_per_tco2e,
                       "EUR/tCO2e", "assumption" if value.interpolated else "default",
                       value.source))


def resolve(data: dict[str, Any], *, owned: bool = False) -> Scenario:
    """Validate ``data`` and fill every default, section by section; returns a Scenario.
    ``owned``: nobody else holds ``data`` (``load`` parsed it), so the scenario keeps it as
    typed instead of a copy. Raises ScenarioError."""
    has_ranges = validate(data)  # a JSON tree from here: dicts, lists, texts, numbers
    raw = data if owned else copy_tree(data)
    res = copy_tree(data)
    rec = _Record(extract_ranges(res) if has_ranges else {})  # res: the likely values
    horizon = float(res["horizon_years"])
    rec.entered("horizon_years", horizon, "years")
    res.setdefault("description", "")
    grid_used, grid_status, grid_citation = _location(res, rec)
    _training(res, rec)
    _inference(res, rec)
    _hardware(res, rec, horizon)
    _network(res, rec)
    _benefits(res, rec, grid_used, grid_status)
    res.setdefault("alternative", None)
    if res["alternative"] is not None:
        for key in ("footprint_kgco2e_per_year", "benefits_kgco2e_per_year"):
            rec.entered(f"alternative.{key}", res["alternative"][key], "kgCO2e/year")
    _finance(res, rec, datetime.date.today().year)
    _policy(res, rec)
    prov = rec.rows
    label = fields.label
    ranges = {p.field: (p.low, p.value, p.high) for p in prov
              if p.low is not None and p.high is not None and p.low != p.high}
    ranges.update({f: r for f, r in rec.user_ranges.items() if r[0] != r[2]})
    return Scenario(raw, res, tuple(prov), grid_used, grid_status, grid_citation,
                    input_warnings(res, prov, grid_used),
                    tuple({"field": p.field, "value": p.value, "unit": p.unit,
                           "status": p.status, "source": p.source, "low": p.low,
                           "high": p.high, "label": label(p.field, res)[0]}
                          for p in prov), ranges)
