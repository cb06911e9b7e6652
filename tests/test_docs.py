"""Every key of the scenario schema is documented in docs/scenario.md."""

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
