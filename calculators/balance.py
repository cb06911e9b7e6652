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

from .units import KG_PER_TONNE

CLIMATE_RULE = ("Climate rule (citizens' convention on AI): an AI serving a climate policy must "
                "have a positive balance (avoided emissions above its footprint) and no non-AI "
                "alternative may do better.")
GENERAL_RULE = ("General-interest rule (citizens' convention on AI): the balance is drawn; a "
                "large footprint (above {threshold} a year) or a negative balance goes to the "
                "ethics committee for arbitration.")


def format_kgco2e(kgco2e: float) -> str:
    """Readable CO2e mass: tonnes from one tonne up, kilograms below."""
    if abs(kgco2e) >= KG_PER_TONNE:
        return f"{kgco2e / KG_PER_TONNE:,.1f} tCO2e"
    if abs(kgco2e) >= 10:
        return f"{kgco2e:,.0f} kgCO2e"
    return f"{kgco2e:,.2f} kgCO2e"


def net_kgco2e(benefits_kgco2e: float, footprint_kgco2e: float) -> float:
    """Net balance (kgCO2e): avoided emissions minus footprint; positive is good."""
    return benefits_kgco2e - footprint_kgco2e


def benefit_to_footprint_ratio(benefits_kgco2e: float, footprint_kgco2e: float) -> float | None:
    """Avoided emissions over footprint (dimensionless); None when the footprint is zero."""
    if footprint_kgco2e <= 0:
        return None
    return benefits_kgco2e / footprint_kgco2e


def payback_years(one_off_kgco2e: float, recurring_kgco2e_per_year: float,
                  benefits_kgco2e_per_year: float, horizon_years: float) -> float | None:
    """Years (from the start) until cumulative benefits overtake cumulative footprint.

    ``one_off_kgco2e`` (kgCO2e) is counted at year 0; ``recurring_kgco2e_per_year`` and
    ``benefits_kgco2e_per_year`` (kgCO2e/year) accrue linearly. None when benefits never
    overtake within ``horizon_years`` (years).
    """
    margin_per_year = benefits_kgco2e_per_year - recurring_kgco2e_per_year
    if margin_per_year <= 0:
        return None
    years = max(one_off_kgco2e, 0.0) / margin_per_year
    return years if years <= horizon_years else None


def verdict(domain: str, net: float, footprint_per_year: float, threshold_per_year: float,
            alternative_net: float | None) -> tuple[str, bool, str, list[str]]:
    """Apply the convention's rule. Returns (verdict, committee_review_required, rule, reasons).

    ``net`` and ``alternative_net`` in kgCO2e over the horizon (``alternative_net`` None when no
    non-AI alternative was considered); ``footprint_per_year`` and ``threshold_per_year`` in
    kgCO2e/year.
    """
    reasons: list[str] = []
    balance_ok = net > 0
    if balance_ok:
        reasons.append(f"The balance is positive: the project avoids {format_kgco2e(net)} more "
                       f"than it emits over its horizon.")
    else:
        reasons.append(f"The balance is not positive: the footprint exceeds the avoided "
                       f"emissions by {format_kgco2e(-net)} over the horizon.")
    if domain == "climate":
        alternative_ok = True
        if alternative_net is None:
            reasons.append("No non-AI alternative was considered, so the convention's second "
                           "condition (no less-impacting non-AI solution) is not verified.")
        elif alternative_net > net:
            alternative_ok = False
            reasons.append(f"The non-AI alternative has a better balance "
                           f"({format_kgco2e(alternative_net)} against {format_kgco2e(net)}).")
        else:
            reasons.append(f"The non-AI alternative does not do better "
                           f"({format_kgco2e(alternative_net)} against {format_kgco2e(net)}).")
        result = "positive" if balance_ok and alternative_ok else "negative"
        return result, False, CLIMATE_RULE, reasons
    large = footprint_per_year > threshold_per_year
    if large:
        reasons.append(f"The footprint ({format_kgco2e(footprint_per_year)} a year) is above "
                       f"the committee threshold ({format_kgco2e(threshold_per_year)} a year).")
    else:
        reasons.append(f"The footprint ({format_kgco2e(footprint_per_year)} a year) is within "
                       f"the committee threshold ({format_kgco2e(threshold_per_year)} a year).")
    if alternative_net is not None and alternative_net > net:
        reasons.append(f"The non-AI alternative has a better balance "
                       f"({format_kgco2e(alternative_net)} against {format_kgco2e(net)}).")
    committee = large or not balance_ok
    if committee:
        reasons.append("The project goes to the ethics committee for arbitration.")
    rule = GENERAL_RULE.format(threshold=format_kgco2e(threshold_per_year))
    return ("positive" if balance_ok else "negative"), committee, rule, reasons


def cumulative_kgco2e(years: list[float], one_off_kgco2e: float,
                      recurring_kgco2e_per_year: float, benefits_kgco2e_per_year: float
                      ) -> tuple[list[float], list[float]]:
    """Cumulative footprint and cumulative avoided emissions (kgCO2e) at each of ``years``
    (years from the start), under the payback model above."""
    footprint = [one_off_kgco2e + recurring_kgco2e_per_year * t for t in years]
    avoided = [benefits_kgco2e_per_year * t for t in years]
    return footprint, avoided
