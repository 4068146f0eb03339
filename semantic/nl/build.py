"""Build the question interpreter of a layer: lexicon from the graph plus the warehouse's dimension members."""

from __future__ import annotations

from typing import TYPE_CHECKING

from semantic.errors import SemctxError
from semantic.nl.interpret import Interpreter
from semantic.nl.lexicon import MAX_VALUES_PER_DIMENSION, build_lexicon
from semantic.nl.timeparse import parse_reference_date

if TYPE_CHECKING:
    from semantic.api import SemanticLayer


def build_interpreter(layer: "SemanticLayer") -> Interpreter:
    values = dimension_members(layer)
    lexicon = build_lexicon(layer.graph, values)
    return Interpreter(layer.graph, lexicon, parse_reference_date(layer.model.config.reference_date))


def dimension_members(layer: "SemanticLayer") -> dict[str, list[object]]:
    """Members of each non-PII categorical dimension with at most MAX_VALUES_PER_DIMENSION of them.

    Read through the layer's own compiler (read-only); without a warehouse, sample_values alone are used.
    """
    members: dict[str, list[object]] = {}
    for qualified, (entity, dimension) in layer.graph.dimensions.items():
        if dimension.type != "categorical" or dimension.pii.value != "none":
            continue
        try:
            result = layer.query({"dimensions": [qualified], "limit": MAX_VALUES_PER_DIMENSION + 1})
        except SemctxError:
            return members if members else {}
        values = [row[0] for row in result.rows if row[0] is not None]
        if len(values) <= MAX_VALUES_PER_DIMENSION:
            members[qualified] = values
    return members
