"""Page 1: what the project is, its domain (which rule applies), horizon and non-AI
alternative."""

import streamlit as st

from calculators import benefits, frugality, i18n, impacts, refdata
from calculators.scenario import field_spec
from ui import editing, language, router, state
from calculators.i18n import N_
from ui.language import kg, num, say, t

# the committee's thresholds a project lead or the committee may set (data/policy.csv's
# key, the scenario's field, its label with its unit, what is typical), then each criterion's
# significant-harm threshold (its record: calculators.impacts)
POLICY_FIELDS = (
    ("probability_threshold", "probability_threshold",
     N_("Probability a firm verdict needs (fraction, from 0.5 to 0.999)"),
     N_("Typical: 0.9 (a verdict is positive when the rule is met in 90 % of the draws)")),)


def policy_fields() -> list[tuple[refdata.Factor, str, str, str]]:
    """(the default, the scenario's field, its label, what is typical) of each threshold."""
    return [(refdata.factors("policy.csv")[row], field, label, typical)
            for row, field, label, typical in POLICY_FIELDS] + [
        (c.harm.default(), c.policy_key, c.harm.field_label, c.harm.typical)
        for c in impacts.others()]


router.ensure_routed()


def page() -> None:
    """The project page: name, domain, horizon, alternative, checklist and thresholds."""
    sc = state.scenario()
    st.title(t("1. Project"))
    st.caption(t("Describe the project. Every change updates the balance in the sidebar at once; "
                 "nothing is lost when you move between pages."))

    # a new scenario's name ("New project") is shown as the field's placeholder, not as text to
    # erase; left empty, the project keeps it (a scenario has a name)
    UNNAMED = {i18n.tr("New project", lang) for lang in i18n.LANGUAGES}

    def named(container: dict, field: str, key: str) -> None:
        """``editing.taken``'s write for the name: what is typed, or the new project's name."""
        typed = st.session_state.get(key)
        if isinstance(typed, str):
            container[field] = typed.strip() or t("New project")

    typed_name = st.text_input(
        t("Project name"), value="" if sc.get("name") in UNNAMED else sc.get("name", ""),
        max_chars=200, key=state.key("name"), placeholder=t("New project"),
        help=t("A short name, e.g. 'Leak detection on the water network'."),
        **editing.taken(named, sc, "name", state.key("name")))
    sc["name"] = typed_name.strip() or (sc.get("name") if sc.get("name") in UNNAMED
                                        else t("New project"))
    sc["description"] = st.text_area(
        t("What the project does"), value=sc.get("description", ""), max_chars=5000,
        key=state.key("description"), help=t("A few sentences for the committee: the problem, "
                                              "what the AI does, who uses it."),
        **editing.taken(editing.take_as_typed, sc, "description", state.key("description")))

    DOMAINS = {
        "climate": t("Climate policy: energy, water, environment, waste, mobility"),
        "general_interest": t("Other public interest: health, social, administration..."),
    }
    sc["domain"] = st.radio(t("Domain"), list(DOMAINS), format_func=DOMAINS.get,
                            index=list(DOMAINS).index(sc.get("domain", "climate")),
                            key=state.key("domain"))
    if sc["domain"] == "climate":
        st.info(t("**Climate rule.** The citizens' convention asks that an AI serving a climate "
                  "policy have a *positive* environmental balance (its footprint below the "
                  "emissions it avoids) and be used only when no less-impacting non-AI solution "
                  "exists. If either condition fails, the verdict is negative."),
                icon=":material/public:")
    else:
        st.info(t("**General-interest rule.** The balance is drawn as well; if the footprint is "
                  "large or the balance is negative, the project goes to the ethics committee for "
                  "arbitration."), icon=":material/gavel:")

    editing.number(sc, "horizon_years", t("Horizon (years)"), path="horizon_years",
                   key="horizon_years", default=5, placeholder="5",
                   help=t("Service life over which the balance is drawn, in years. Typical: 5 "
                          "(servers) to 8 (sensors)."))

    st.subheader(t("Non-AI alternative"))
    ALTERNATIVE = {"no": t("No alternative considered"), "yes": t("Yes")}
    considered = st.radio(
        t("Was a way to reach the same goal without AI considered?"), list(ALTERNATIVE),
        format_func=ALTERNATIVE.get, horizontal=True,
        index=0 if sc.get("alternative") is None else 1, key=state.key("alt_considered"),
        help=t("The convention asks that AI be used only when no less-impacting non-AI solution "
               "exists. 'No alternative considered' is flagged in the verdict."))
    if considered == "yes":
        alt = sc.get("alternative") or {"description": t("Non-AI alternative"),
                                         "footprint_kgco2e_per_year": 0.0,
                                         "benefits_kgco2e_per_year": 0.0}
        sc["alternative"] = alt
        alt["description"] = st.text_input(
            t("What the alternative is"), value=alt.get("description", ""), max_chars=2000,
            key=state.key("alt_description"),
            **editing.taken(editing.take_as_typed, alt, "description",
                            state.key("alt_description")),
            help=t("e.g. 'Manual acoustic listening campaigns with two vans, once a year'."))
        left, right = st.columns(2)
        with left:
            editing.number(alt, "footprint_kgco2e_per_year", t("Its footprint (kgCO2e per year)"),
                           path="alternative.footprint_kgco2e_per_year", key="alt_footprint",
                           default=0, uncertain=True,
                           help=t("Emissions of the alternative each year (vehicles, equipment, "
                                  "energy), kgCO2e/year. Example: two vans, 15,000 km a year, "
                                  "about 3,000 kgCO2e/year."))
        with right:
            editing.number(alt, "benefits_kgco2e_per_year",
                           t("Its avoided emissions (kgCO2e per year)"),
                           path="alternative.benefits_kgco2e_per_year", key="alt_benefits",
                           default=0, uncertain=True,
                           help=t("Emissions the alternative would avoid each year, kgCO2e/year, "
                                  "counted like the AI's benefits."))
        WIDGETS = {"footprint_kgco2e_per_year": "alt_footprint",
                   "benefits_kgco2e_per_year": "alt_benefits"}
        with st.expander(t("Work out these figures from what the alternative uses or saves")):
            factors = refdata.factors("benefits.csv")
            kinds = [k for k in factors if k not in ("kgco2e", "electricity_kwh")]
            kind_labels = {k: t("{what} ({unit})", what=say(factors[k].label), unit=i18n.unit(
                benefits.quantity_unit(k), language.current())) for k in kinds}
            kind = st.selectbox(t("What"), kinds, format_func=kind_labels.get,
                key=state.key("alt_helper_kind"),
                help=t("e.g. car kilometres for vans driven to listen for leaks, diesel litres, "
                       "kWh of electricity."))
            quantity = editing.typed_number(
                t("Quantity per year"), key=state.key("alt_helper_quantity"),
                spec=field_spec("benefits[].quantity_per_year"), placeholder=t("e.g. 15,000"),
                help=t("In the unit in brackets beside the choice above."))
            if quantity is not None:
                worked = benefits.benefit_kgco2e_per_year(quantity, factors[kind].value, 1.0)
                st.markdown(t("= **{amount}** a year ({source})", amount=kg(worked),
                              source=say(factors[kind].cite())))

                def _add(field: str, amount: float = worked) -> None:
                    target = state.scenario().get("alternative") or {}
                    value = target.get(field, 0.0)
                    target[field] = ({k: v + amount for k, v in value.items()}
                                     if editing.is_range(value) else
                                     (value if isinstance(value, (int, float)) else 0.0) + amount)
                    # the field shows the new figure (its widget keeps what was typed otherwise)
                    st.session_state.pop(state.key(WIDGETS[field]), None)
                b1, b2 = st.columns(2)
                b1.button(t("Add to its footprint"), on_click=_add,
                          args=("footprint_kgco2e_per_year",), key=state.key("alt_helper_fp"),
                          width="stretch", icon=":material/add:")
                b2.button(t("Add to its avoided emissions"), on_click=_add,
                          args=("benefits_kgco2e_per_year",), key=state.key("alt_helper_av"),
                          width="stretch", icon=":material/add:")
    else:
        sc["alternative"] = None

    st.subheader(t("Frugality checklist"))
    st.caption(t("The questions the citizens' convention on AI and the French frugal-AI "
                 "reference (AFNOR Spec 2314) ask of a project. Your answers go with the result "
                 "and the dossier; a 'no' gives a piece of advice; an unanswered question stays "
                 "visible."))
    answers = dict(sc.get("frugality") or {})
    CHOICES = ["not answered", "yes", "no", "unknown"]  # not shown: the answers' keys
    answers.pop("non_ai_considered", None)  # answered above, with the non-AI alternative
    st.caption(t("The first question, a solution without AI, is answered above with the non-AI "
                 "alternative."))
    for question in frugality.QUESTIONS[1:]:
        if question is frugality.ALGORITHMS[0]:
            st.markdown("**" + t("Frugal algorithms") + "**")
            st.caption(t("The questions the French ecodesign reference for digital services "
                         "(RGESN 2024, family 9 'Algorithmie') asks of a service that learns; "
                         "each cites its criteria."))
        picked = st.radio(say(question.question), CHOICES, horizontal=True,
                          format_func=language.labels(
                              CHOICES, lambda c: say(frugality.ANSWER_WORDS[c])),
                          index=CHOICES.index(answers.get(question.key, "not answered")),
                          key=state.key(f"frugality_{question.key}"),
                          help=t("Source: {source}.", source=say(question.source)))
        if picked == "not answered":
            answers.pop(question.key, None)
        else:
            answers[question.key] = picked
    if answers:
        sc["frugality"] = answers
    else:
        sc.pop("frugality", None)

    with st.expander(t("Committee settings")):
        default = refdata.factors("policy.csv")["committee_threshold"]
        policy = sc.setdefault("policy", {})
        editing.number(policy, "committee_threshold_kgco2e_per_year",
                       t("Committee threshold (kgCO2e per year)"),
                       path="policy.committee_threshold_kgco2e_per_year", key="committee_threshold",
                       optional=True, placeholder=editing.field_text(default.value),
                       help=t("Yearly footprint above which a general-interest project goes to "
                              "the ethics committee. Empty: {value} kgCO2e/year ({source}).",
                              value=num(default.value), source=say(default.cite())))
        st.caption(t("The thresholds below are the committee's to set; empty, each is the "
                     "tool's assumption, said in its help."))
        # the committee's own thresholds (data/policy.csv holds the assumptions used when empty)
        for factor, field, label, typical in policy_fields():
            editing.number(policy, field, t(label), path=f"policy.{field}", key=f"policy_{field}",
                           optional=True, placeholder=editing.field_text(factor.value),
                           help=t("{what}. Empty: {value} ({source}). {typical}",
                                  what=say(factor.label), value=num(factor.value),
                                  source=say(factor.cite()), typical=t(typical)))
        if not policy:
            sc.pop("policy", None)


page()
