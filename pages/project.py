"""Page 1: what the project is, its domain (which rule applies), horizon and non-AI
alternative."""

import streamlit as st

from calculators import frugality, refdata
from ui import editing, router, state
from ui.language import num, say, t

router.ensure_routed()

sc = state.scenario()
st.title(t("1. Project"))
st.caption(t("Describe the project. Every change updates the balance in the sidebar at once; "
             "nothing is lost when you move between pages."))

sc["name"] = st.text_input(t("Project name"), value=sc.get("name", ""), max_chars=200,
                           key=state.key("name"),
                           help=t("A short name, e.g. 'Leak detection on the water network'."))
sc["description"] = st.text_area(
    t("What the project does"), value=sc.get("description", ""), max_chars=5000,
    key=state.key("description"), help=t("A few sentences for the committee: the problem, "
                                          "what the AI does, who uses it."))

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

editing.number(sc, "horizon_years", t("Horizon (years)"), key="horizon_years",
               min_value=0.5, max_value=30.0, default=5.0, step=1.0,
               help=t("Service life over which the balance is drawn, in years. Typical: 5 "
                      "(servers) to 8 (sensors). Accepted: 0.5 to 30."))

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
        help=t("e.g. 'Manual acoustic listening campaigns with two vans, once a year'."))
    left, right = st.columns(2)
    with left:
        editing.number(alt, "footprint_kgco2e_per_year", t("Its footprint (kgCO2e per year)"),
                       key="alt_footprint", max_value=1e10, default=0.0, step=100.0,
                       uncertain=True,
                       help=t("Emissions of the alternative each year (vehicles, equipment, "
                              "energy), kgCO2e/year. Example: two vans, 15,000 km a year, "
                              "about 3,000 kgCO2e/year."))
    with right:
        editing.number(alt, "benefits_kgco2e_per_year",
                       t("Its avoided emissions (kgCO2e per year)"), key="alt_benefits",
                       max_value=1e10, default=0.0, step=100.0, uncertain=True,
                       help=t("Emissions the alternative would avoid each year, kgCO2e/year, "
                              "counted like the AI's benefits."))
else:
    sc["alternative"] = None

st.subheader(t("Frugality checklist"))
st.caption(t("The questions the citizens' convention on AI and the French frugal-AI "
             "reference (AFNOR Spec 2314) ask of a project. Your answers go with the result "
             "and the dossier; a 'no' gives a piece of advice; an unanswered question stays "
             "visible."))
answers = dict(sc.get("frugality") or {})
CHOICES = ["not answered", "yes", "no", "unknown"]  # not shown: the answers' keys
for question in frugality.QUESTIONS:
    picked = st.radio(say(question.question), CHOICES, horizontal=True,
                      format_func=lambda c: say(frugality.ANSWER_WORDS[c]),
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
                   t("Committee threshold (kgCO2e per year)"), key="committee_threshold",
                   max_value=1e10, step=100.0, optional=True,
                   help=t("Yearly footprint above which a general-interest project goes to "
                          "the ethics committee. Empty: {value} kgCO2e/year ({source}).",
                          value=num(default.value), source=say(default.cite())))
    if not policy:
        sc.pop("policy", None)
