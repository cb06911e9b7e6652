"""Balance: net avoided emissions, benefit-to-footprint ratio, payback time and the verdict.

Method: net = avoided emissions - footprint, over the horizon (kgCO2e). Payback: one-off costs
(initial training runs, manufacturing, transport) are counted at the start, recurring costs
(retraining, inference, network) and benefits accrue linearly each year; payback is when
cumulative benefits overtake cumulative footprint.

Verdict rules, from the opinion of Montpellier Mediterranee Metropole's citizens' convention on
AI: AI serving a climate policy must have a positive environmental balance (footprint below its
expected benefits) and be used only when no less-impacting non-AI solution exists; for other
public-interest uses the balance is drawn too, and a large impact goes to the ethics committee.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # a float, or one value per Monte Carlo sample (array-safe formulas)
    from .units import Quantity

from typing import Any

import math
import numpy as np

from . import i18n
from .i18n import Text, msg
from .impacts import CRITERIA

# the rules' wording, in French and English, is in i18n.CATALOGUE (climate_rule, general_rule)


def format_kgco2e(kgco2e: float) -> str:
    """Readable CO2e mass: tonnes from one tonne up, kilograms below."""
    return i18n.kgco2e(kgco2e, "en")


def net_kgco2e(benefits_kgco2e: Quantity, footprint_kgco2e: Quantity) -> Quantity:
    """Net balance (kgCO2e): avoided emissions minus footprint; positive is good."""
    return benefits_kgco2e - footprint_kgco2e


def benefit_to_footprint_ratio(benefits_kgco2e: float, footprint_kgco2e: float) -> float | None:
    """Avoided emissions over footprint (dimensionless); None when the footprint is zero, or
    so small beside the avoided emissions that their ratio is no number (a footprint of
    2e-317 kgCO2e, what a grid of 1e-157 g/kWh gives: the ratio overflowed to infinity and the
    whole evaluation was refused)."""
    if footprint_kgco2e <= 0:
        return None
    ratio = benefits_kgco2e / footprint_kgco2e
    return ratio if math.isfinite(ratio) else None


def payback_years(one_off_kgco2e: Any, recurring_kgco2e_per_year: Any,
                  benefits_kgco2e_per_year: Any, horizon_years: float) -> Any:
    """Years (from the start) until cumulative benefits overtake cumulative footprint.

    ``one_off_kgco2e`` (kgCO2e) is counted at year 0; ``recurring_kgco2e_per_year`` and
    ``benefits_kgco2e_per_year`` (kgCO2e/year) accrue linearly (see ``cumulative_kgco2e``).
    Floats: the years, or None when benefits never overtake within ``horizon_years`` (years).
    Numpy arrays of samples (the Monte Carlo): an array, NaN where they never overtake.
    """
    margin_per_year = np.subtract(benefits_kgco2e_per_year, recurring_kgco2e_per_year)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        years = np.maximum(one_off_kgco2e, 0.0) / margin_per_year
    within = (margin_per_year > 0) & (years <= horizon_years)
    if np.ndim(years) == 0:
        return float(years) if within else None
    return np.where(within, years, np.nan)


VERDICTS = ("positive", "negative", "uncertain", "incomplete")


def verdict(domain: str, net: float, footprint_per_year: float, threshold_per_year: float,
            alternative_net: float | None, to_complete: tuple = ()
            ) -> tuple[str, bool, Text, list[Text]]:
    """Apply the convention's rule. Returns (verdict, committee_review_required, rule, reasons).

    ``net`` and ``alternative_net`` in kgCO2e over the horizon (``alternative_net`` None when no
    non-AI alternative was considered); ``footprint_per_year`` and ``threshold_per_year`` in
    kgCO2e/year; ``to_complete``: what the rule needs and the scenario does not say (a climate
    project's alternative, a benefit's attribution). A rule that cannot be checked gives
    ``incomplete`` ("to be completed"), never ``positive``; a balance that fails the rule with
    what is entered stays ``negative`` (completing can only lower it: the attribution left out
    counts the whole benefit, an alternative can only be better).
    """
    reasons: list[Text] = []
    balance_ok = net > 0
    if balance_ok:
        reasons.append(msg("balance_positive", net_kgco2e=net))
    else:
        reasons.append(msg("balance_not_positive", deficit_kgco2e=-net))
    if domain == "climate":
        alternative_ok = True
        if alternative_net is None:
            reasons.append(msg("no_alternative_considered"))
        elif alternative_net > net:
            alternative_ok = False
            reasons.append(msg("alternative_better", alternative_kgco2e=alternative_net,
                               net_kgco2e=net))
        else:
            reasons.append(msg("alternative_not_better", alternative_kgco2e=alternative_net,
                               net_kgco2e=net))
        result = "negative" if not (balance_ok and alternative_ok) else \
            "incomplete" if to_complete else "positive"
        if result == "incomplete":
            reasons.append(msg("verdict_incomplete"))
        return result, False, msg("climate_rule"), reasons
    large = footprint_per_year > threshold_per_year
    if large:
        reasons.append(msg("footprint_above_threshold", footprint_kgco2e=footprint_per_year,
                           threshold_kgco2e=threshold_per_year))
    else:
        reasons.append(msg("footprint_within_threshold", footprint_kgco2e=footprint_per_year,
                           threshold_kgco2e=threshold_per_year))
    if alternative_net is not None and alternative_net > net:
        reasons.append(msg("alternative_better", alternative_kgco2e=alternative_net,
                           net_kgco2e=net))
    committee = large or not balance_ok
    if committee:
        reasons.append(msg("committee_arbitration"))
    rule = msg("general_rule", threshold_kgco2e=threshold_per_year)
    result = "negative" if not balance_ok else "incomplete" if to_complete else "positive"
    if result == "incomplete":
        reasons.append(msg("verdict_incomplete"))
    return result, committee, rule, reasons


def to_complete(domain: str, alternative_given: bool, attribution_left: list[str]
                ) -> list[dict[str, Any]]:
    """What the rule needs and the scenario does not say, each asked for: a climate project's
    non-AI alternative (the convention's second condition), and the AI's share of each benefit
    whose attribution was left at its default (``attribution_left``: their labels). Each is
    {"what": "alternative" | "attribution", "items": the benefits' labels, "text": the
    request}."""
    out: list[dict[str, Any]] = []
    if domain == "climate" and not alternative_given:
        out.append({"what": "alternative", "items": [], "text": msg("complete_alternative")})
    if attribution_left:
        out.append({"what": "attribution", "items": list(attribution_left),
                    "text": msg("complete_attribution", items=attribution_left)})
    return out


def significant_harms(nets_per_year: dict[str, float], thresholds_per_year: dict[str, float]
                      ) -> list[dict[str, Any]]:
    """The criteria besides carbon that the project worsens beyond the committee's threshold:
    its net (saved minus consumed, per year, in the criterion's unit) below minus the threshold
    (per year, same unit). Carbon's rule still decides the verdict; each harm is a flag on it,
    with its reason."""
    out = []
    for key, net in nets_per_year.items():
        threshold = thresholds_per_year[key]
        if -net > threshold:
            c = CRITERIA[key]  # its message, its amounts written by its suffix (i18n._param)
            assert c.harm is not None  # a criterion with a threshold
            out.append({"criterion": key, "net_per_year": net, "threshold_per_year": threshold,
                        "text": msg(c.harm.message, **{f"net_{c.suffix}": -net,
                                                       f"threshold_{c.suffix}": threshold})})
    return out


def cumulative_kgco2e(years, one_off_kgco2e, recurring_kgco2e_per_year,
                      benefits_kgco2e_per_year) -> tuple[np.ndarray, np.ndarray]:
    """Cumulative footprint and cumulative avoided emissions (kgCO2e) at each of ``years``
    (years from the start), under the payback model above. Numpy broadcasting: ``years`` as a
    column and the figures as rows of samples give one row per year (the Monte Carlo's bands)."""
    years = np.asarray(years, dtype=float)
    footprint = one_off_kgco2e + recurring_kgco2e_per_year * years
    avoided = benefits_kgco2e_per_year * years
    return footprint, avoided
