"""Calculation core of the AI environmental balance tool (no Streamlit here).

Use ``evaluate(load(text_or_dict))`` or simply ``evaluate(text_or_dict)``.
"""

from .evaluate import TOOL_VERSION, evaluate
from .scenario import SCHEMA_VERSION, Scenario, ScenarioError, load, parse_json, schema

__all__ = ["evaluate", "load", "parse_json", "schema", "Scenario", "ScenarioError",
           "SCHEMA_VERSION", "TOOL_VERSION"]
