"""Uncertainty: Monte Carlo over every uncertain input, the probability that the balance is
positive, the three-state verdict, and the inputs that decide it.

Method:
- every uncertain input (``Scenario.ranges``: the user's ranges, the published spread of the
  reference factors in ``data/``, the default spread of declared benefits) follows a triangular
  distribution (low, likely, high), the usual reading of a three-point estimate in life-cycle
  assessment; inputs are sampled independently (correlations are not modelled);
- the samples run through ``model.numbers``, the same arithmetic as the deterministic result,
  vectorised with numpy (no per-sample Python loop), from a seeded generator (PCG64): the same
  seed gives the same figures;
- the verdict's probability is the share of samples in which the convention's rule is met (net
  balance above zero and, for a climate project with an alternative, no better alternative);
  ``positive`` at or above the threshold (default 0.9, ``data/policy.csv``), ``negative`` at or
  below one minus it, ``uncertain`` in between: an uncertain climate project goes to the
  committee;
- sensitivity: each input from its low to its high value, the others at their likely value
  (a tornado); for the inputs that move the net balance most, the value at which the balance
  turns negative (break-even), found on the same model.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from . import balance, decisive, fields, impacts, model, refdata
from .balance import format_kgco2e
from .i18n import Text, msg
from .scenario import Scenario, field_spec
from .scenario.checks import attribution_left
from .scenario.paths import set_value

if TYPE_CHECKING:
    from .scenario.types import ResolvedScenario

DEFAULT_SAMPLES = 10_000
MAX_SAMPLES = 1_000_000
PERCENTILES = (5, 50, 95)
TOP_DRIVERS = 8
BREAK_EVEN_DRIVERS = 3


class UncertaintyError(ValueError):
    """Bad Monte Carlo settings (sample count, seed)."""


def describe(scenario: Scenario, path: str) -> tuple[Text, str]:
    """A readable label and unit for an input path (``fields.label``; the unit the value was
    resolved with where it has one)."""
    label, unit = fields.label(path, scenario.resolved)
    prov_unit = next((p.unit for p in scenario.provenance if p.field == path), None)
    return label, (prov_unit if prov_unit and prov_unit not in ("ratio", "fraction")
                   else unit)


def bounds(path: str) -> tuple[float, float]:
    """The accepted range of an input, read from the scenario schema (``field_spec``; virtual
    inputs: the condition factor is a share, 0 to 1; others, such as the transport factor,
    0 to infinity)."""
    if path.endswith(".condition_factor"):
        return 0.0, 1.0
    try:
        spec = field_spec(path)
    except KeyError:
        return 0.0, float("inf")
    low = spec.minimum if spec.minimum is not None else spec.exclusive_minimum
    return (float(low if low is not None else 0.0),
            float(spec.maximum if spec.maximum is not None else float("inf")))


def _fmt_value(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.3g}"


def _percentiles(values: Any, n: int) -> dict[str, float]:
    array = np.broadcast_to(np.asarray(values), (n,))
    p5, p50, p95 = np.percentile(array, PERCENTILES)
    return {"p5": float(p5), "p50": float(p50), "p95": float(p95),
            "mean": float(array.mean())}


# Monte Carlo error (measured: percentiles within 1 % at 1e5 samples, 2.6 % at 1e4) is far
# above float32 rounding (about 1e-7)
SAMPLE_DTYPE = np.float32


def triangular(rng: np.random.Generator, low: float, likely: float, high: float,
               samples: int, dtype=SAMPLE_DTYPE) -> np.ndarray:
    """Samples of the triangular distribution (low, likely, high) by the min-max method of
    Stein & Keblis 2009 (Mathematical and Computer Modelling 49): with U, V uniform on [0, 1],
    (1 - c) min(U, V) + c max(U, V) is triangular on [0, 1] with mode c. No square root: about
    twice as fast as numpy's own triangular sampler here."""
    pair = rng.random((2, samples), dtype=dtype)
    small = np.minimum(pair[0], pair[1])
    spread = np.maximum(pair[0], pair[1], out=pair[1])
    spread -= small
    spread *= dtype((likely - low) / (high - low))
    small += spread
    small *= dtype(high - low)
    small += dtype(low)
    return small


def sample_inputs(scenario: Scenario, samples: int, seed: int,
                  dtype=SAMPLE_DTYPE) -> dict[str, np.ndarray]:
    """Triangular samples of every uncertain input, by path (seeded, reproducible)."""
    rng = np.random.Generator(np.random.PCG64(seed))
    # a zero-width range is not sampled: the input keeps its exact likely value. The inputs
    # of the other criteria alone are drawn after carbon's, so that counting them left every
    # carbon figure of a seeded run as it was
    ordered = sorted(scenario.ranges.items(), key=lambda item: (_other_criteria_only(item[0]),
                                                                item[0]))
    return {path: triangular(rng, low, likely, high, samples, dtype)
            for path, (low, likely, high) in ordered if high > low}


def _other_criteria_only(path: str) -> bool:
    """True for an input that moves water, metals or primary energy but no carbon figure."""
    last = path.rsplit(".", 1)[-1]
    return any(last in c.inputs_alone for c in impacts.others())


def _with(res: ResolvedScenario, values: dict[str, Any]) -> ResolvedScenario:
    out = copy.deepcopy(res)
    for path, value in values.items():
        set_value(out, path, value)
    return out


def threshold_for(scenario: Scenario) -> float:
    policy = scenario.resolved.get("policy", {})
    if "probability_threshold" in policy:
        return float(policy["probability_threshold"])
    return refdata.factors("policy.csv")["probability_threshold"].value


def three_state(domain: str, probability: float, threshold: float,
                footprint_large: bool, incomplete: bool = False
                ) -> tuple[str, bool, list[Text]]:
    """(verdict, committee review, reasons) from the probability that the rule is met.
    ``incomplete``: the rule cannot be checked yet (``balance.to_complete``): a verdict that
    is not negative is ``incomplete`` until the scenario says what is asked."""
    lower = round(1.0 - threshold, 12)  # 1 - 0.9 is 0.09999999999999998 in binary
    shares = {"met_share": probability, "threshold_share": threshold, "lower_share": lower}
    reasons: list[Text]
    if probability >= threshold:
        state = "positive"
        reasons = [msg("mc_positive", met_share=probability, threshold_share=threshold)]
    elif probability <= lower:
        state = "negative"
        reasons = [msg("mc_negative", met_share=probability, lower_share=lower)]
    else:
        state = "uncertain"
        reasons = [msg("mc_uncertain", **shares)]
    if incomplete and state != "negative":
        state = "incomplete"
        reasons = [msg("mc_incomplete", met_share=probability)]
    if domain == "climate":
        committee = state == "uncertain"
        if committee:
            reasons.append(msg("mc_climate_committee"))
    else:  # a large footprint, or a balance not shown positive under the uncertainty
        committee = footprint_large or state in ("negative", "uncertain")
        if committee:
            reasons.append(msg("committee_arbitration"))
    return state, committee, reasons


def sensitivity(scenario: Scenario, top: int = TOP_DRIVERS) -> list[dict[str, Any]]:
    """Inputs ranked by how much they move the net balance between their low and high values
    (others at their likely value), with break-even values for the first few."""
    # the inputs of the other criteria alone do not move the carbon balance
    ranges = [(path, r) for path, r in sorted(scenario.ranges.items())
              if r[2] > r[0] and not _other_criteria_only(path)]
    if not ranges:
        return []
    k = 2 * len(ranges)
    net = np.broadcast_to(np.asarray(model.one_at_a_time(scenario.resolved, ranges).net_kgco2e,
                                     dtype=float), (k,))
    rows: list[dict[str, Any]] = []
    for j, (path, (low, likely, high)) in enumerate(ranges):
        label, unit = describe(scenario, path)
        rows.append({"field": path, "label": label, "unit": unit, "low": low, "likely": likely,
                     "high": high, "net_at_low_kgco2e": float(net[2 * j]),
                     "net_at_high_kgco2e": float(net[2 * j + 1]),
                     "swing_kgco2e": float(abs(net[2 * j + 1] - net[2 * j])),
                     "break_even": None})
    rows.sort(key=lambda r: -float(r["swing_kgco2e"]))
    rows = rows[:top]
    for row in rows[:BREAK_EVEN_DRIVERS]:
        row["break_even"] = break_even(scenario, row)
    return rows


def _net_at(scenario: Scenario, path: str, value: float) -> float:
    return float(model.numbers(_with(scenario.resolved, {path: value})).net_kgco2e)


def rule_target(scenario: Scenario) -> float:
    """The net balance (kgCO2e) the rule needs to exceed: zero, or for a climate project the
    alternative's balance when that is higher."""
    res = scenario.resolved
    alternative = model.numbers(res).alternative_net_kgco2e
    if res["domain"] == "climate" and alternative is not None:
        return max(0.0, float(alternative))
    return 0.0


def break_even(scenario: Scenario, row: dict[str, Any]) -> dict[str, Any] | None:
    """The value of one input at which the net balance reaches the rule's target (zero, or a
    better alternative's balance), the others at their likely values; None when that value is
    outside what the input accepts."""
    path, low, high = row["field"], row["low"], row["high"]
    target = rule_target(scenario)
    f_low, f_high = row["net_at_low_kgco2e"] - target, row["net_at_high_kgco2e"] - target
    if f_low == f_high:
        return None
    lowest, highest = bounds(path)
    scale = max(1.0, abs(f_low), abs(f_high))
    # secant steps from the range ends; most inputs enter the model linearly
    a, fa, b, fb = low, f_low, high, f_high
    x = b
    for _ in range(30):
        if fb == fa:
            return None
        x = b - fb * (b - a) / (fb - fa)
        if not np.isfinite(x) or not lowest <= x <= highest:
            return None
        fx = _net_at(scenario, path, x) - target
        if abs(fx) <= 1e-9 * scale:
            break
        a, fa, b, fb = b, fb, x, fx
    if abs(_net_at(scenario, path, x) - target) > 1e-6 * scale:
        return None
    unit = f" {row['unit']}" if row["unit"] else ""
    met_now = _net_at(scenario, path, row["likely"]) - target > 0
    fails_below = f_high > f_low  # the margin grows with the input
    if met_now:
        direction = "below" if fails_below else "above"
        what = (msg("turns_negative") if target == 0 else
                msg("no_longer_beats_alternative", target_kgco2e=target))
    else:
        direction = "above" if fails_below else "below"
        what = (msg("would_turn_positive") if target == 0 else
                msg("would_beat_alternative", target_kgco2e=target))
    return {"value": float(x), "direction": direction, "target_net_kgco2e": target,
            "rule_met_at_likely": bool(met_now),
            "text": msg("break_even", label=row["label"], what=what, direction=msg(direction),
                        value_number=float(x), unit=unit,
                        likely_number=float(row["likely"]))}


class Simulation(NamedTuple):
    """One Monte Carlo draw run through the model: the figures of every sample."""

    samples: int
    seed: int
    numbers: model.Figures  # on arrays (inputs without a range stay scalars)

    def per_sample(self, value: Any) -> np.ndarray:
        """``value`` (a model figure, array or scalar) as one value per sample."""
        return np.broadcast_to(np.asarray(value), (self.samples,))


def simulate(scenario: Scenario, samples: int = DEFAULT_SAMPLES, seed: int = 0) -> Simulation:
    """Draw every uncertain input once and run the model on the samples (seeded)."""
    if isinstance(samples, bool) or not isinstance(samples, int) or not (
            1 <= samples <= MAX_SAMPLES):
        raise UncertaintyError(f"samples must be a whole number from 1 to {MAX_SAMPLES:,}; "
                               f"got {samples!r}")
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise UncertaintyError(f"seed must be a whole number of at least 0; got {seed!r}")
    return Simulation(samples, seed, model.numbers(_with(scenario.resolved,
                                                         sample_inputs(scenario, samples, seed))))


def monte_carlo(scenario: Scenario, samples: int = DEFAULT_SAMPLES, seed: int = 0,
                simulation: Simulation | None = None) -> dict[str, Any]:
    """The ``uncertainty`` block of a result: percentiles of footprint, benefits and net,
    the probabilities, the three-state verdict with its reasons, the payback range, and the
    drivers with their break-even values. All emissions in kgCO2e over the horizon.
    ``simulation``: one already drawn (its samples and seed are used)."""
    sim = simulation or simulate(scenario, samples, seed)
    n, samples = sim.numbers, sim.samples
    res = scenario.resolved
    footprint = sim.per_sample(n.footprint_kgco2e.total)
    net = sim.per_sample(n.net_kgco2e)
    horizon = float(res["horizon_years"])
    met = decisive.rule_met(res["domain"], net, n.alternative_net_kgco2e)
    probability_rule = float(np.mean(met))
    threshold = threshold_for(scenario)
    large = float(np.median(footprint)) / horizon > float(
        res["policy"]["committee_threshold_kgco2e_per_year"])
    state, committee, reasons = three_state(
        res["domain"], probability_rule, threshold, large,
        incomplete=bool(balance.to_complete(res["domain"], res["alternative"] is not None,
                                            attribution_left(res, scenario.provenance))))
    drivers = sensitivity(scenario)
    reasons += [d["break_even"]["text"] for d in drivers if d["break_even"]]
    one_off, recurring, avoided = (sim.per_sample(v).astype(float) for v in (  # in float64
        n.one_off_kgco2e, n.recurring_kgco2e_per_year, n.benefits_kgco2e_per_year))
    payback = np.broadcast_to(balance.payback_years(one_off, recurring, avoided, horizon),
        (samples,))
    finite = payback[np.isfinite(payback)]
    criteria, harmed = {}, np.zeros(samples, dtype=bool)
    for c in impacts.others():  # water, metals, primary energy: the same samples
        consumed = sim.per_sample(n.impacts[c.key].total)
        net_c = sim.per_sample(n.saved[c.key]) - consumed
        criteria[c.result_key] = _percentiles(consumed, samples)
        criteria[c.net_key] = _percentiles(net_c, samples)
        harmed |= -net_c / horizon > float(res["policy"][c.policy_key])
    return {
        "method": msg("mc_method"),
        "samples": samples, "seed": sim.seed, "uncertain_inputs": len(scenario.ranges),
        "footprint_kgco2e": _percentiles(footprint, samples),
        "benefits_kgco2e": _percentiles(n.benefits_kgco2e, samples),
        "net_kgco2e": _percentiles(net, samples),
        "probability_positive": float(np.mean(net > 0)),
        "probability_rule_met": probability_rule,
        "probability_threshold": threshold,
        "verdict": state, "committee_review_required": committee, "reasons": reasons,
        "payback_years": {
            "probability_within_horizon": float(finite.size / samples),
            **({"p5": float(np.percentile(finite, 5)), "p50": float(np.median(finite)),
                "p95": float(np.percentile(finite, 95))} if finite.size else {})},
        "drivers": drivers,
        # the other criteria's figures (percentiles, over the horizon) and the share of
        # samples in which one of them worsens beyond the committee's threshold
        "criteria": criteria,
        "probability_significant_harm": float(np.mean(harmed)),
    }


def net_samples(simulation: Simulation) -> np.ndarray:
    """The net balance of every sample (kgCO2e), for the distribution chart."""
    return np.array(simulation.per_sample(simulation.numbers.net_kgco2e), dtype=float)


def cumulative_bands(simulation: Simulation, horizon_years: float, steps: int = 24
                     ) -> dict[str, Any]:
    """Percentiles (5, 50, 95) of cumulative footprint and avoided emissions (kgCO2e) at
    ``steps + 1`` points of the horizon (years), for the timeline chart."""
    n = simulation.numbers
    years = np.linspace(0.0, float(horizon_years), steps + 1)
    column = years.reshape(-1, 1)  # one row per year: percentiles along contiguous rows
    one_off, recurring, avoided = (simulation.per_sample(v).reshape(1, -1) for v in (
        n.one_off_kgco2e, n.recurring_kgco2e_per_year, n.benefits_kgco2e_per_year))
    cum_fp, cum_av = balance.cumulative_kgco2e(column, one_off, recurring, avoided)
    # one call per curve for its three percentiles: the samples of each year sorted once
    # (three calls sorted them three times: a third of the time)
    fp, av = (np.percentile(cum, PERCENTILES, axis=1) for cum in (cum_fp, cum_av))
    return {"years": years.tolist(),
            "footprint": {f"p{q}": fp[i].astype(float).tolist()
                          for i, q in enumerate(PERCENTILES)},
            "avoided": {f"p{q}": av[i].astype(float).tolist()
                        for i, q in enumerate(PERCENTILES)}}


def format_summary(block: dict[str, Any]) -> str:
    """Plain text of an uncertainty block, for the command line."""
    net = block["net_kgco2e"]
    lines = [f"Uncertainty ({block['samples']:,} samples, seed {block['seed']}, "
             f"{block['uncertain_inputs']} uncertain inputs)",
             f"  Verdict: {block['verdict'].upper()}"
             + ("  -> ethics committee review required"
                if block["committee_review_required"] else ""),
             f"  Net balance: {format_kgco2e(net['p5'])} to {format_kgco2e(net['p95'])} "
             f"(5th-95th percentile), median {format_kgco2e(net['p50'])}",
             f"  Probability that the balance is positive: {block['probability_positive']:.0%}"]
    lines += [f"  - {r}" for r in block["reasons"]]
    if block["drivers"]:
        lines.append("  What decides it (net balance with the input at its low / high value):")
        lines += [f"    {d['label']}: {format_kgco2e(d['net_at_low_kgco2e'])} / "
                  f"{format_kgco2e(d['net_at_high_kgco2e'])}" for d in block["drivers"]]
    return "\n".join(lines)
