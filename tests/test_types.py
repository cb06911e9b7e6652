"""The types of the resolved scenario and of the result hold for every case: pydantic validates
them in strict mode with unknown keys refused, so a key added, renamed or retyped in the code
and not in ``calculators/scenario/types.py`` or ``calculators/result.py`` fails here."""

import copy
import json
import subprocess
import sys

import jsonschema
import pytest
from pydantic import TypeAdapter, ValidationError

from calculators import evaluate, impacts, model
from calculators.i18n import plain
from calculators.result import Result
from calculators.scenario import load
from calculators.scenario.types import ResolvedScenario
from conftest import EXAMPLES, ROOT

CASES = (EXAMPLES + sorted((ROOT / "tests" / "golden").glob("*.json"))
         + sorted((ROOT / "tests" / "snapshots" / "scenarios").glob("*.json")))
CASES = [p for p in CASES if p.name != "public_cases.json"]  # a list of cases, not a scenario
RESULT = TypeAdapter(Result)
RESOLVED = TypeAdapter(ResolvedScenario)


def measured() -> dict:
    """A scenario whose training and inference energy come from CodeCarbon files."""
    s = json.loads((ROOT / "examples" / "water_leak_detection.json").read_text())
    block = {"source": "codecarbon", "files": ["emissions.csv"], "projects": ["p"], "runs": 2,
             "duration_s": 3600.0, "energy_kwh": 13.5, "it_energy_kwh": 12.0,
             "codecarbon_emissions_kgco2e": 0.75, "countries": ["DEU"],
             "codecarbon_versions": ["3.3.2"]}
    s["training"] = {"energy_kwh": 12.0, "runs": 3, "measurement": block}
    s["inference"]["measurement"] = dict(block, requests=1000)
    return s


def scenarios():
    yield from ((p.stem, json.loads(p.read_text(encoding="utf-8"))) for p in CASES)
    yield "measured", measured()


@pytest.mark.parametrize("name,data", list(scenarios()), ids=lambda v: v if isinstance(v, str)
                         else "")
def test_the_resolved_scenario_and_the_result_have_their_types(name, data):
    scenario = load(data)
    RESOLVED.validate_python(scenario.resolved)
    RESULT.validate_python(evaluate(scenario))
    RESULT.validate_python(evaluate(scenario, samples=200, seed=1))


def test_the_cases_reach_every_optional_block():
    """The test above means something only if some case has each optional block."""
    results = [evaluate(load(data), samples=200) for _, data in scenarios()]
    assert any(r["measurements"] for r in results)
    assert any(r["hosted_model"] for r in results)
    assert any(r["alternative"] for r in results)
    assert any(r["finance"] for r in results)
    assert any(r["electricity_factors"] for r in results)
    assert any(d["break_even"] for r in results for d in r["uncertainty"]["drivers"])
    assert any(r["grid_intensity_g_per_kwh"]["spread_g_per_kwh"] for r in results)


def test_a_key_the_types_do_not_name_or_a_wrong_type_is_refused():
    result = evaluate((ROOT / "examples" / "traffic_lights.json").read_bytes())
    for change in (lambda r: r.update(extra=1),
                   lambda r: r["footprint_kgco2e"].update(water=1.0),
                   lambda r: r["hardware"][0].update(zz=1),
                   lambda r: r.update(net_kgco2e="12"),
                   lambda r: r.pop("verdict")):
        broken = copy.deepcopy(result)
        change(broken)
        with pytest.raises(ValidationError):
            RESULT.validate_python(broken)


def test_phases_are_one_list_in_the_model_and_the_result():
    assert impacts.PhaseImpacts._fields == impacts.PHASES
    assert tuple(Result.__annotations__) and set(RESULT.json_schema()["$defs"]["PhaseFigures"][
        "properties"]) == set(impacts.PHASES) | {"total"}
    figures = model.numbers(load((ROOT / "examples" / "traffic_lights.json").read_bytes())
                            .resolved)
    for key, criterion in impacts.CRITERIA.items():
        assert set(figures.impacts[key].by_phase()) == set(impacts.PHASES) | {"total"}
        assert criterion.result_key in Result.__annotations__


def test_the_command_line_prints_the_result_schema_and_results_follow_it():
    out = subprocess.run([sys.executable, "-m", "calculators", "schema", "--result"],
                         cwd=ROOT, capture_output=True, text=True, check=True).stdout
    schema = json.loads(out)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    result = json.loads(json.dumps(plain(evaluate(measured(), samples=200))))
    assert not list(validator.iter_errors(result))
    result["net_kgco2e"] = "12"
    assert list(validator.iter_errors(result))


def test_imports_run_one_way():
    """The core imports no layer above it; report and store import neither the app nor each
    other's callers (README, Layout)."""
    import ast

    above = {"calculators": {"report", "ui", "pages", "store", "cli", "app"},
             "report": {"ui", "pages", "store", "cli", "app"},
             "store": {"ui", "pages", "report", "cli", "app"}}
    found = []
    for package, forbidden in above.items():
        for path in (ROOT / package).rglob("*.py"):
            if path == ROOT / "calculators" / "__main__.py":
                continue  # `python -m calculators` hands over to cli/; nothing imports it
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                         [node.module or ""] if isinstance(node, ast.ImportFrom)
                         and node.level == 0 else [])
                found += [f"{path.relative_to(ROOT)} imports {n}" for n in names
                          if n.split(".")[0] in forbidden]
    assert not found, "\n".join(found)


def test_the_schema_file_is_generated_from_the_input_types():
    """scenario.schema.json is what the types give (run `make schema` after changing them)."""
    from calculators.scenario import SCENARIO_SCHEMA, SCHEMA_VERSION
    from calculators.scenario.input_types import generate

    assert json.loads(json.dumps(generate())) == SCENARIO_SCHEMA
    assert SCENARIO_SCHEMA["properties"]["schema_version"]["const"] == SCHEMA_VERSION
    jsonschema.Draft202012Validator.check_schema(SCENARIO_SCHEMA)


def test_the_input_types_and_the_resolved_types_name_the_same_sections():
    from calculators.scenario.input_types import ScenarioInput

    assert set(ScenarioInput.__annotations__) == set(ResolvedScenario.__annotations__)


def test_a_provenance_row_is_its_provenance_and_its_label():
    """The rows of the result's provenance are written out key by key (quicker than
    ``_asdict``): a field added to ``Provenance`` must reach them."""
    from calculators.scenario.types import Provenance

    scenario = load((ROOT / "examples" / "waste_sorting_vision.json").read_bytes())
    assert scenario.provenance and len(scenario.provenance_rows) == len(scenario.provenance)
    for p, row in zip(scenario.provenance, scenario.provenance_rows):
        assert list(row) == [*Provenance._fields, "label"]
        assert tuple(row[k] for k in Provenance._fields) == tuple(p)


@pytest.mark.parametrize("path", sorted(EXAMPLES + list((ROOT / "examples" / "fr").glob(
    "*.json"))), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_value_used_is_named_in_words(path):
    """Each row of "every value used, with its source" (the verdict page, the dossier, the
    CSV) names its field for a reader, in French too: never the file's key ("wue onsite l
    per kwh", "significant harm water l per year", as the water criteria's rows were)."""
    from calculators import fields
    from calculators.i18n import text

    scenario = load(path.read_bytes())
    for row in scenario.provenance_rows:
        key = row["field"].rsplit(".", 1)[-1]
        assert key in fields.KEY_LABELS, row["field"]
        french = text(row["label"], "fr")
        assert "_" not in french, (row["field"], french)
        if "_" in key:  # the words of a key written out are not a name
            assert key.replace("_", " ") not in french, (row["field"], french)


def _import_graph(packages: tuple[str, ...]) -> dict[str, set[str]]:
    """Which of the packages' modules each of them imports, imports inside functions
    included (they hide a cycle, they do not remove it)."""
    import ast

    modules = {}
    for package in packages:
        for path in (ROOT / package).rglob("*.py"):
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            modules[name.removesuffix(".__init__")] = path
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        here = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = here.split(".")[:len(here.split(".")) - node.level + 1] \
                    if node.level else []
                module = ".".join(base + ([node.module] if node.module else []))
                # `from . import balance` imports the submodule; the package's own names
                # (`from calculators import evaluate` where it is a function) import the package
                named = [f"{module}.{alias.name}" for alias in node.names]
                targets = named + ([module] if any(t not in modules for t in named) else [])
            else:
                continue
            graph[name].update(t for t in targets if t in modules and t != name)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import one another, round (strongly connected)."""
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        order[node] = low[node] = len(order)
        stack.append(node)
        for other in sorted(graph[node]):
            if other not in order:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], order[other])
        if low[node] == order[node]:
            group = []
            while True:
                other = stack.pop()
                group.append(other)
                if other == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in order:
            visit(node)
    return found


def test_no_import_cycle_in_the_app_the_store_or_the_reports():
    """Issue 36: ui.auth, ui.committee, ui.library and ui.state imported one another (hidden by
    imports inside functions); the database is now reached through ui.connection, below them.
    A module importing its package's submodule (`from . import balance`) depends on that
    submodule; one importing a name the package re-exports (`from calculators import
    evaluate`, the function) depends on the package, and so on all it imports."""
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    cycles = _cycles(_import_graph(("calculators", "ui", "store", "report", "cli", "tools")))
    assert not cycles, cycles
