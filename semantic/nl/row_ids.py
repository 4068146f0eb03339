"""Rows named by their key in a question ('orders from customer 254', 'order #4065'): a filter on the key.

>>> import re
>>> pattern = id_pattern({"customer": "customers.customer_id"})
>>> find_row_ids("show me orders from customer 254", pattern, {"customer": "customers.customer_id"})
(['customers.customer_id = 254'], 'show me orders from                 ')
"""

from __future__ import annotations

import re
from typing import Optional

from semantic.graph.graph import SemanticGraph
from semantic.nl.text import singular


def key_dimensions(graph: SemanticGraph) -> dict[str, str]:
    """Each entity's noun ('customer') → its one key dimension ('customers.customer_id'), where it has one."""
    found = {}
    for entity in graph.entities.values():
        keys = [d.name for d in entity.dimensions if d.name in entity.key_columns and d.pii.value == "none"]
        if len(keys) == 1:
            found[singular(entity.name.split("_")[-1])] = f"{entity.name}.{keys[0]}"
    return found


def id_pattern(keys: dict[str, str]) -> Optional[re.Pattern[str]]:
    if not keys:
        return None
    nouns = "|".join(sorted(map(re.escape, keys), key=len, reverse=True))
    return re.compile(rf"\b({nouns})s? (?:#\s?|no\.? |number |id |with id )?(\d{{1,12}})\b(?! ?(?:%|[a-z]))")


def find_row_ids(text: str, pattern: Optional[re.Pattern[str]], keys: dict[str, str]) -> tuple[list[str], str]:
    """Filters for the rows a question names by number, and the text with those phrases blanked (the noun stays
    out too: 'orders from customer 254' lists orders, it does not count customers)."""
    if pattern is None:
        return [], text
    filters = []
    for match in reversed(list(pattern.finditer(text))):
        filters.insert(0, f"{keys[match.group(1)]} = {int(match.group(2))}")
        text = text[: match.start()] + " " * (match.end() - match.start()) + text[match.end() :]
    return filters, text
