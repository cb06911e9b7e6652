"""Every key of the scenario schema is documented in docs/scenario.md."""

import pytest

from calculators import schema
from conftest import ROOT


def keys(node, path=""):
    for option in node.get("oneOf", []):
        yield from keys(option, path)
    for name, sub in node.get("properties", {}).items():
        yield name
        yield from keys(sub, f"{path}.{name}")
        if "items" in sub:
            yield from keys(sub["items"], f"{path}.{name}[]")


def test_every_schema_key_is_documented():
    doc = (ROOT / "docs" / "scenario.md").read_text(encoding="utf-8")
    missing = sorted({k for k in keys(schema()) if f"`{k}`" not in doc
                      and f"`devices[].{k}`" not in doc and f"`{k}[]`" not in doc})
    assert not missing, f"not documented in docs/scenario.md: {missing}"


def test_readme_gives_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make run" in readme and "make test" in readme


@pytest.mark.parametrize("name", ["method.md", "method.fr.md"])
def test_the_method_names_functions_that_exist(name):
    """The method (the Method page, in English and in French) names the functions it
    describes: each must exist, so a renamed formula cannot leave the method describing
    nothing; both languages name the same ones, in the same sections."""
    import importlib
    import re

    text = (ROOT / "docs" / name).read_text(encoding="utf-8")
    named = re.findall(r"`(\w+)\.(\w+)`", text)
    assert len(set(named)) >= 10
    for module, function in named:
        assert callable(getattr(importlib.import_module(f"calculators.{module}"), function)), (
            f"{module}.{function}")
    english = (ROOT / "docs" / "method.md").read_text(encoding="utf-8")
    assert named == re.findall(r"`(\w+)\.(\w+)`", english)
    assert text.count("\n## ") == english.count("\n## ")


def test_the_method_page_lists_every_factor():
    from calculators import refdata
    from ui import method

    table = method.factors_table()
    assert len(table) == sum(len(refdata.factors(f)) for f in refdata.FACTOR_FILES)
    assert table["Source"].str.len().min() > 0
    assert set(table["File"].str.removeprefix("data/")) == set(refdata.FACTOR_FILES)
    assert len(method.grids_table()) > 200


def test_the_method_tables_are_kept_per_language_and_data_version(monkeypatch):
    """The Method and Location pages' tables are written once per language and data version
    and shown as Arrow tables: the same rows as the tables written now, the French ones in
    French, and written again when the reference data's version changes."""
    import pyarrow as pa

    from calculators import refdata
    from ui import method

    for lang, table_word in (("en", "Table"), ("fr", "Tableau")):
        written = method.factors_table(lang)
        assert method.factors_kept(lang).equals(written)
        assert method.factors_arrow(lang).equals(pa.Table.from_pandas(written,
                                                                      preserve_index=False))
        assert table_word in method.factors_arrow(lang).column_names
        first = written[table_word].iloc[0]
        one = method.factors_arrow(lang, first)
        assert one.num_rows == int((written[table_word] == first).sum()) > 0
        assert method.grids_arrow(lang).num_rows == len(method.grids_table(lang))
        assert method.grid_sources_arrow("FRA", lang).equals(pa.Table.from_pandas(
            method.grid_sources_table("FRA", lang), preserve_index=False))
    kept = method.factors_kept("en")
    assert method.factors_kept("en") is kept  # kept, not written again
    monkeypatch.setattr(refdata, "data_version", lambda: "2099.1.0+test")
    assert method.factors_kept("en") is not kept  # another data version: written again
    assert method.factors_kept("en").equals(kept)
