import copy
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.json"))


def minimal_scenario() -> dict:
    """The smallest valid scenario: everything else takes its default."""
    return {"schema_version": 1, "name": "t", "domain": "climate", "horizon_years": 1,
            "location": {"grid_intensity_g_per_kwh": 100, "pue": 1.0}}


@pytest.fixture
def minimal():
    return minimal_scenario()


@pytest.fixture(params=[p.name for p in EXAMPLES])
def example(request):
    return json.loads((ROOT / "examples" / request.param).read_text(encoding="utf-8"))


def with_(base: dict, path: str, value) -> dict:
    """Copy of ``base`` with the value at dotted ``path`` (``a.b[0].c``) replaced."""
    out = copy.deepcopy(base)
    node = out
    parts = path.replace("]", "").replace("[", ".").split(".")
    for part in parts[:-1]:
        node = node[int(part)] if part.isdigit() else node.setdefault(part, {})
    last = parts[-1]
    if last.isdigit():
        node[int(last)] = value
    else:
        node[last] = value
    return out
