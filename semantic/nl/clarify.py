"""How the question reader asks back: the options it offers when two readings are equally good, a word is unknown,
or a rate was asked of a plain total. A mixin of ``Interpreter`` (it uses its graph, lexicon and model facts)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from semantic.nl.reading import Option, Reading

if TYPE_CHECKING:
    from semantic.graph.graph import SemanticGraph
    from semantic.nl.choices import ModelFacts
    from semantic.nl.lexicon import Lexicon


class Clarifying:
    graph: "SemanticGraph"
    lexicon: "Lexicon"
    facts: "ModelFacts"

    def _ask_for_rate(self, reading: Reading, metrics: list[str]) -> Reading:
        reading.clarification = (
            f"You asked for a share or rate, but {', '.join(metrics)} "
            f"{'is a plain total' if len(metrics) == 1 else 'are plain totals'}. "
            "Which rate do you mean?"
        )
        reading.options = [
            Option({"metrics": [m.name]}, f"metric {m.name}", 0.3)
            for m in self.graph.metrics.values()
            if m.type == "ratio"
            and self.facts.reach([m.name])
            and self.facts.home_entities([m.name]) & self.facts.home_entities(metrics)
        ][:5]
        return reading

    def _ask_for_rows(self, reading: Reading, entity: str) -> Reading:
        """Rows asked one by one ('by agent') of an entity with no column that may show which row is which."""
        reading.clarification = (
            f"I cannot show {entity} one by one: no column that names a row may be shown. "
            "Which of its columns should I break down by?"
        )
        reading.options = [
            Option({"dimensions": [f"{entity}.{d.name}"]}, f"by {entity}.{d.name}", 0.3)
            for d in self.graph.entities[entity].dimensions
            if d.type == "categorical" and d.pii.value == "none"
        ][:5]
        return reading

    def _ask_having(self, reading: Reading, metric: str) -> Reading:
        """Rows asked for by whether they have some measure ('orders with a discount')."""
        reading.clarification = (
            f"I cannot select rows by whether they have {metric} (a condition on each row). "
            f"Do you want {metric} itself, or a filter on a column?"
        )
        reading.options = [Option({"metrics": [metric]}, f"the metric {metric}", 0.3)]
        return reading

    def _suggest(self, words: list[str]) -> list[Option]:
        options = []
        for word in words:
            for key, targets in self.lexicon.phrases.items():
                if word in key:
                    for target in targets[:1]:
                        if target.kind == "metric":
                            options.append(Option({"metrics": [target.name]}, f"the metric {target.name}", 0.3))
        unique = {o.description: o for o in options}
        return list(unique.values())[:5]

    def _ask_between(self, reading: Reading, names: list[str], phrase: str, kind: str = "metric") -> Reading:
        reading.clarification = f"{phrase!r} could mean several {kind}s: {', '.join(names)}. Which one?"
        reading.options = [
            Option(
                {"metrics": [n]} if kind == "metric" else {"dimensions": [n]},
                f"{kind} {n}: " + self._one_line(n),
                round(1 / len(names), 3),
            )
            for n in names
        ]
        return reading

    def _one_line(self, name: str) -> str:
        if name in self.graph.metrics:
            return self.graph.metrics[name].description.split("\n")[0][:100]
        found = self.graph.dimensions.get(name)
        return found[1].description.split("\n")[0][:100] if found else ""
