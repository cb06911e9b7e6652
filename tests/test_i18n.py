"""French and English: every message in both languages with the same parameters, numbers
written the French way, and the calculators' sentences rendered in either."""

from __future__ import annotations

import copy
import json
import os
import pickle
import re

import pytest

from calculators import evaluate, i18n, refdata
from calculators.i18n import CATALOGUE, Message, msg, placeholders, plain, text
from conftest import ROOT, with_
from tools import i18n_scan, messages

WATER = json.loads((ROOT / "examples" / "water_leak_detection.json").read_text())
TRAFFIC = json.loads((ROOT / "examples" / "traffic_lights.json").read_text())
NNBSP = "\u202f"


FRENCH = i18n.translations("fr")  # (context, English) -> French, from the .po catalogue


def test_every_message_has_both_languages_with_the_same_parameters():
    """Every coded sentence of the calculators has a French with the same parameters; the
    failure lists every entry that has not (one test for the catalogue, not one a row)."""
    bad = []
    for code, english in sorted(CATALOGUE.items()):
        french = FRENCH.get((code, english))
        if french is None or not french.strip():  # words such as "distance" are the same
            bad.append(f"{code}: no French")
        elif placeholders(english) != placeholders(french):
            bad.append(f"{code}: parameters {sorted(placeholders(english))} in English, "
                       f"{sorted(placeholders(french))} in French")
    assert len(CATALOGUE) > 100
    assert not bad, "\n".join(bad)


SOURCES = messages.SOURCES
SHOWN = sorted([*(ROOT / "ui").glob("*.py"), *(ROOT / "pages").glob("*.py"),
                ROOT / "report" / "charts.py", ROOT / "app.py"])


def test_every_text_the_code_translates_has_its_french():
    """A text given to t(), tr() or msg() without an entry (a code of CATALOGUE, or an English
    text of the catalogue) would show in English on a French page: found here even on a path no
    test runs."""
    used = i18n_scan.translated_texts(SOURCES)
    assert len(used) > 300
    missing = sorted(f"{where[0]}: {text!r}" for text, where in used.items()
                     if text not in CATALOGUE and (None, text) not in FRENCH)
    assert not missing, "\n".join(missing)


def test_every_french_entry_keeps_the_placeholders_of_its_english():
    """Every text of the catalogue: its French (each plural form) keeps the English's
    placeholders and is not empty, and the English is a valid template; the failure lists
    every entry that is not."""
    bad = []
    entries = sorted(e for c, e in FRENCH if c is None)
    for english in entries:
        forms = FRENCH[(None, english)]
        for french in forms if isinstance(forms, tuple) else (forms,):
            if not french.strip():
                bad.append(f"{english!r}: an empty French")
            elif placeholders(english) != placeholders(french):
                bad.append(f"{english!r}: {french!r} has other placeholders")
        try:
            english.format(**{name: "x" for name in placeholders(english)})
        except (ValueError, IndexError, KeyError) as exc:
            bad.append(f"{english!r}: not a valid template ({exc})")
    assert len(entries) > 1000
    assert not bad, "\n".join(bad)


def test_every_word_of_the_reference_data_has_its_french():
    missing = sorted(t for t in set(messages.data_texts()) if (None, t) not in FRENCH)
    assert not missing, missing


def test_the_catalogue_is_in_step_with_the_code():
    """What tools/messages.py would report: no text without its French, no French left over
    (an entry nothing uses any more is dead weight, and a sign that the new English has no
    French), no placeholder lost. ``make messages`` brings the catalogue in step."""
    assert messages.problems() == []


def test_gettext_checks_and_compiles_the_catalogue(tmp_path):
    """GNU gettext's own checker accepts the catalogue (its {names} match their English), and
    the catalogue Babel compiles reads back, through Python's gettext, to the same French:
    coded sentences by context, plural forms by French's rule."""
    import gettext
    import shutil
    import subprocess

    from babel.messages.mofile import write_mo

    if shutil.which("msgfmt") is None:
        message = "msgfmt is not installed (make test installs Debian's gettext as root)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    done = subprocess.run(["msgfmt", "--check-format", "--check-header", "-o", os.devnull,
                           str(i18n.catalogue_file("fr"))], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    compiled = tmp_path / "messages.mo"
    with compiled.open("wb") as handle:
        write_mo(handle, messages.read("fr"))
    with compiled.open("rb") as handle:
        read_back = gettext.GNUTranslations(handle)
    assert read_back.pgettext("climate_rule", CATALOGUE["climate_rule"]).startswith(
        "Règle climat")
    assert read_back.gettext("Close") == "Fermer"
    plural = next((c, e) for (c, e), v in FRENCH.items() if isinstance(v, tuple))
    singular, many = FRENCH[plural]
    english_plural = i18n_scan.plural_texts(SOURCES)[plural[1]]
    assert read_back.ngettext(plural[1], english_plural, 1) == singular
    assert read_back.ngettext(plural[1], english_plural, 0) == singular  # French: 0 is one
    assert read_back.ngettext(plural[1], english_plural, 2) == many


def test_a_plural_takes_the_language_s_form():
    one = i18n.msg_n("{count_number} input changed", "{count_number} inputs changed",
                     "count_number", count_number=1)
    assert str(one) == "1 input changed"
    assert i18n.tr_n("{count_number} input changed", "{count_number} inputs changed", "en",
                     count="count_number", count_number=0) == "0 inputs changed"


def test_the_pages_show_no_literal_text_outside_the_catalogue():
    """Every literal that reads like words for people, in pages/ and ui/, goes through t()
    (or is marked ``# not shown``)."""
    found = i18n_scan.untranslated_literals(SHOWN)
    assert not found, "\n".join(found)


@pytest.mark.parametrize("value, lang, expected", [
    (1234.5, "fr", f"1{NNBSP}234"),          # from 1,000 up: no decimals
    (1234.5, "en", "1,234"),
    (12.345, "fr", "12,3"),
    (0.000123, "en", "0.000123"),
])
def test_numbers(value, lang, expected):
    assert i18n.number(value, lang) == expected


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
@pytest.mark.parametrize("value", [0.5, 12.25, 1234.5, -98765.4321, 1e9 + 0.5])
def test_numbers_are_written_as_babel_writes_them(value, lang):
    """Our numbers and Babel's own formatting (CLDR) agree, separators and rounding alike."""
    from babel.numbers import format_decimal

    for decimals, pattern in ((0, "#,##0"), (1, "#,##0.0"), (3, "#,##0.000")):
        assert i18n.number(value, lang, decimals) == format_decimal(
            value, format=pattern, locale=lang, decimal_quantization=True), (value, decimals)


@pytest.mark.parametrize("value, expected", [
    (-0.0, "0"), (-1e-12, "0"),             # never "-0"
    (1e21, f"1{NNBSP}000{NNBSP}000{NNBSP}000{NNBSP}000{NNBSP}000{NNBSP}000{NNBSP}000"),
    (0.000012345, "0,0000123"),             # no exponent, at either end
])
def test_numbers_have_no_exponent_and_no_negative_zero(value, expected):
    assert i18n.number(value, "fr") == expected


@pytest.mark.parametrize("typed, lang, expected", [
    ("0,038", "fr", 0.038),                 # the decimal comma: 0.038, not 38
    ("1 234,5", "fr", 1234.5),              # a space between thousands
    (f"1{NNBSP}234,5", "fr", 1234.5),       # the narrow no-break space the app writes
    ("1\u00a0234,5", "fr", 1234.5),         # a no-break space (pasted from a document)
    ("1234.5", "fr", 1234.5),               # a numeric keypad's point
    ("0.038", "fr", 0.038),
    ("12 345 678,9", "fr", 12345678.9),
    ("-0,5", "fr", -0.5), ("\u22120,5", "fr", -0.5),  # the minus sign
    (",5", "fr", 0.5), ("1e3", "fr", 1000.0),
    ("", "fr", None), ("   ", "fr", None),  # empty: no value
    ("1,234.5", "en", 1234.5), ("1,234", "en", 1234.0), ("0.038", "en", 0.038),
])
def test_numbers_typed_the_french_or_the_english_way(typed, lang, expected):
    assert i18n.parse_number(typed, lang) == expected


@pytest.mark.parametrize("typed, lang, code", [
    ("2.500", "fr", "number_ambiguous"),     # thousands to some, 2.5 to others
    ("1.234,5", "fr", "number_ambiguous"),
    ("12,34,5", "fr", "number_ambiguous"),
    ("1 23", "fr", "number_ambiguous"),      # not groups of three
    ("0,038", "en", "number_ambiguous"),     # a French decimal in an English field
    ("1,23", "en", "number_ambiguous"),
    ("abc", "fr", "number_not_a_number"), ("nan", "fr", "number_not_a_number"),
    ("inf", "en", "number_not_a_number"), ("1 kWh", "fr", "number_not_a_number"),
    ("1e400", "fr", "number_too_large"),
])
def test_a_number_that_could_be_misread_is_refused_with_a_reason(typed, lang, code):
    with pytest.raises(i18n.NumberFormatError) as caught:
        i18n.parse_number(typed, lang)
    assert caught.value.message.code == code
    assert typed.strip() in text(caught.value.message, lang)  # what was typed, quoted


@pytest.mark.parametrize("years, french, english", [
    (6, "6 ans", "6 years"), (1, "1 an", "1 year"), (1.5, "1,5 ans", "1.5 years"),
    (0.5, "6 mois", "6 months"), (0.05, "3 semaines", "3 weeks"),
    (0.002357, "moins d'un jour", "less than a day"),  # never "0,002357 ans"
])
def test_durations_read_in_years_months_or_weeks(years, french, english):
    assert i18n.duration(years, "fr") == french
    assert i18n.duration(years, "en") == english


@pytest.mark.parametrize("kg, lang, expected", [
    (1_234_567.0, "fr", f"1{NNBSP}234,6 tCO2e"),
    (1_234_567.0, "en", "1,234.6 tCO2e"),
    (56.4, "fr", "56 kgCO2e"),
    (2.345, "fr", "2,35 kgCO2e"),
    (-2830.06, "fr", "-2,8 tCO2e"),
])
def test_co2e_masses(kg, lang, expected):
    assert i18n.kgco2e(kg, lang) == expected


def test_masses_side_by_side_share_one_unit():
    assert i18n.kgco2e_together([40.0, 2_500_000.0, -2_499_960.0], "fr") == [
        "0,04 tCO2e", f"2{NNBSP}500,0 tCO2e", f"-2{NNBSP}500,0 tCO2e"]
    assert i18n.kgco2e_together([4.2, 0.0003, 900.0], "en") == [
        "4.20 kgCO2e", "0.0003 kgCO2e", "900 kgCO2e"]


def test_percentages():
    assert i18n.percent(0.9, "en") == "90%"
    assert i18n.percent(0.9, "fr") == f"90{NNBSP}%"


def test_a_message_is_its_english_text_and_survives_copies(monkeypatch):
    m = msg("balance_positive", net_kgco2e=259669.9)
    assert m == "The balance is positive: the project avoids 259.7 tCO2e more than it emits " \
                "over its horizon."
    # data leaving the program: its messages as their English (plain)
    assert json.loads(json.dumps(plain({"r": [m, (m,)]}))) == {"r": [str(m), [str(m)]]}
    for twin in (copy.deepcopy(m), pickle.loads(pickle.dumps(m))):
        assert isinstance(twin, Message) and twin == m
        assert text(twin, "fr") == text(m, "fr")
    assert text(m, "fr") == ("Le bilan est positif : le projet évite 259,7 tCO2e de plus "
                             "qu'il n'émet sur sa durée de service.")
    assert text("plain text", "fr") == "plain text"
    # a text without French: English on a page, an error under I18N_STRICT (the tests' mode)
    monkeypatch.delenv("I18N_STRICT", raising=False)
    assert text(msg("A sentence nobody translated"), "fr") == "A sentence nobody translated"
    monkeypatch.setenv("I18N_STRICT", "1")
    with pytest.raises(i18n.MissingTranslation):
        text(msg("A sentence nobody translated"), "fr")


@pytest.mark.parametrize("scenario", [WATER, TRAFFIC], ids=["water", "traffic"])
def test_the_calculators_sentences_render_in_french(scenario):
    answered = with_(scenario, "frugality", {"open_source_model": "no"})
    result = evaluate(answered, samples=2000)
    sentences = ([result["rule"]] + result["reasons"] + result["warnings"]
                 + [r["text"] for r in result["recommendations"]]
                 + result["uncertainty"]["reasons"]
                 + [d["break_even"]["text"] for d in result["uncertainty"]["drivers"]
                    if d["break_even"]]
                 + [f["question"] for f in result["frugality"]]
                 + [f["advice"] for f in result["frugality"] if f["advice"]])
    assert sentences
    for sentence in sentences:
        assert isinstance(sentence, Message), sentence
        french = text(sentence, "fr")
        assert french != str(sentence), sentence
        assert "{" not in french and "}" not in french


@pytest.mark.parametrize("symbol, french", [
    ("L/year", "L/an"), ("years", "ans"), ("h/day", "h/jour"), ("kgCO2e/unit", "kgCO2e/unité"),
    ("Wh/request", "Wh/requête"), ("kgCO2e/tkm", "kgCO2e/tkm"), ("gCO2e/kWh", "gCO2e/kWh"),
])
def test_units_in_french(symbol, french):
    assert i18n.unit(symbol, "fr") == french
    assert i18n.unit(symbol, "en") == symbol


def test_country_names_in_french_for_the_location_chart():
    from calculators.compare import footprint_by_location
    from report import charts

    assert i18n.country("DEU", "fr") == "Allemagne"
    assert i18n.country("USA", "fr") == "États-Unis"
    assert i18n.country("nope", "fr") is None
    fig = charts.locations(footprint_by_location(WATER), WATER["horizon_years"], lang="fr")
    labels = " ".join(fig.data[0].y)
    assert "Allemagne" in labels and "France (ce scénario)" in labels
    assert "Germany" not in labels
    english = charts.locations(footprint_by_location(WATER), WATER["horizon_years"])
    assert "Germany" in " ".join(english.data[0].y)


def test_no_text_shown_refers_to_the_projects_own_issues():
    """Users read the catalogue's words: none may send them to this project's tracker."""
    texts = [t for (_, english), french in FRENCH.items()
             for t in (english, *(french if isinstance(french, tuple) else (french,)))]
    assert not [t for t in texts if re.search(r"\bissues?\s+\d", t, re.I)]


def test_no_sentence_is_written_before_it_is_shown(monkeypatch):
    """``load`` and ``evaluate`` make messages without writing them (half their time went into
    writing every sentence in English, issue 16): a message is written when shown, in the
    reader's language, and its English once, when asked."""
    written = []
    render = i18n._render
    monkeypatch.setattr(i18n, "_render", lambda code, params, lang, *more: (
        written.append((code, lang)), render(code, params, lang, *more))[1])
    for path in sorted((ROOT / "examples").glob("*.json")):
        result = evaluate(path.read_bytes())
        assert written == [], (path.name, written[:5])
        assert result["reasons"] and all(isinstance(r, Message) for r in result["reasons"])
    first = result["reasons"][0]
    english = str(first)
    assert written[-1] == (first.code, "en")
    count = len(written)
    assert str(first) == english and len(written) == count  # kept: not written again
    assert text(first, "fr") != english and written[-1] == (first.code, "fr")


def test_a_message_behaves_as_its_english_text_where_code_reads_it_so():
    m = msg("balance_positive", net_kgco2e=1000.0)
    english = str(m)
    assert m == english and english == m and hash(m) == hash(english)
    assert {english: 1}[m] == 1 and m in {english}
    assert f"{m}" == english and f"[{m:>3}]" == f"[{english:>3}]"
    assert "positive" in m and m.startswith("The balance") and len(m) == len(english)
    assert m + "!" == english + "!" and "!" + m == "!" + english
    assert sorted([msg("b"), msg("a"), "c"]) == ["a", "b", "c"]
    assert m != msg("balance_positive", net_kgco2e=2000.0) and m != 1


def test_every_field_name_has_its_words_in_both_languages():
    """A field of the scenario is named to a reader by its code input_<key> (fields.label):
    a key without one fails where it is first shown (the Compare page, an error)."""
    from calculators import fields
    missing = [key for key in fields.KEY_LABELS if f"input_{key}" not in i18n.CATALOGUE]
    assert not missing, missing
    for key in fields.KEY_LABELS:
        assert i18n.text(i18n.msg(f"input_{key}"), "fr")


def test_a_list_in_a_sentence_takes_the_languages_semicolon():
    assert i18n.joined(["a", "b"], "en") == "a; b"
    assert i18n.joined(["a", "b"], "fr") == "a\u202f; b"  # a thin no-break space before it
    assert text(msg("warn_transport", items=["Caméras", "Serveur"]), "fr").endswith(
        "Caméras\u202f; Serveur.")


NBSP = "\u00a0"


@pytest.mark.parametrize("published, french", [
    ("NVIDIA HGX H100 product carbon footprint summary: 1,312 kgCO2e for the 8-GPU board",
     f"NVIDIA HGX H100 product carbon footprint summary: 1{NNBSP}312 kgCO2e for the 8-GPU board"),
    ("Power Hungry Processing, Table 2: about 0.038 kWh per 1,000 object detections",
     f"Power Hungry Processing, Table 2: about 0,038 kWh per 1{NNBSP}000 object detections"),
    ("Luccioni et al. 2023 (BLOOM), Sec. 4.1: 2,500 kgCO2e per server",
     f"Luccioni et al. 2023 (BLOOM), Sec. 4.1: 2{NNBSP}500 kgCO2e per server"),
    ("13,812.4 MWh (0.43); a 6.1-billion-parameter model",
     f"13{NNBSP}812,4 MWh (0,43); a 6,1-billion-parameter model"),
    ("SERVER adpf 5.15e4 MJ; MONITOR adpe 1.08e-2 kg Sb eq",
     f"SERVER adpf 5,15{NBSP}×{NBSP}10⁴ MJ; MONITOR adpe 1,08{NBSP}×{NBSP}10⁻² kg Sb eq"),
    # what is not a quantity stays as published: versions, identifiers, addresses, files
    ("Eurocities ATS v0.3.1 with Python 3.11, Table 4.2 and Figure 3.1",
     "Eurocities ATS v0.3.1 with Python 3.11, Table 4.2 and Figure 3.1"),
    ("arXiv:2304.03271, doi 10.48550/arXiv.2311.16863, papers/2211.02001.md",
     "arXiv:2304.03271, doi 10.48550/arXiv.2311.16863, papers/2211.02001.md"),
    ("https://example.org/v2.5/report_1.2.pdf, npj Clean Water 4:11, ISO 14040:2006",
     "https://example.org/v2.5/report_1.2.pdf, npj Clean Water 4:11, ISO 14040:2006"),
])
def test_a_source_quoted_as_published_writes_its_figures_the_french_way(published, french):
    quote = i18n.Quote(published)
    assert i18n.text(quote, "fr") == french
    # in English as published, but for a computer's exponent, written as people write it
    assert i18n.text(quote, "en") == published if "e4" not in published else \
        f"SERVER adpf 5.15{NBSP}×{NBSP}10⁴ MJ; MONITOR adpe 1.08{NBSP}×{NBSP}10⁻² kg Sb eq"
    assert i18n.text(i18n.msg("{source} ({year})", source=quote, year=2024), "fr") == \
        f"{french} (2024)"


def test_every_published_source_shown_in_french_has_its_figures_the_french_way():
    """Every published source of data/ as the Method page and the verdict's citations show
    it in French: each quantity written the English way (1,312 or 0.038) is there written the
    French way (1 312, 0,038), and the English form is gone."""
    english_figure = re.compile(r"(?<![\w.:/,-])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+)"
                                r"(?![\w/]|[.,]\w)")
    reference = re.compile(r"(?:Sec\.|Table|Figure|v|Python)\s*$")
    converted = 0
    for file_name in refdata.FACTOR_FILES:
        for factor in refdata.factors(file_name).values():
            if factor.status not in ("published", "declared"):
                continue
            french = i18n.text(factor.cite(), "fr")
            for m in english_figure.finditer(factor.source):
                if reference.search(factor.source[:m.start()]):
                    continue
                english = m.group(1)
                written = english.replace(",", NNBSP).replace(".", ",")
                assert written in french, f"{file_name} {factor.key}: {english} in {french!r}"
                if "." in english:
                    assert english not in french, f"{file_name} {factor.key}: {french!r}"
                converted += 1
    assert converted > 30  # the check read sources with figures in them (38 in 2026-12)
