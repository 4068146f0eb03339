"""Money said in business words: what buyers spend or pay (sales, payments), 'how much' answered by the metric a
verb names rather than a count, 'budget vs actual', a metric said with the rows the model names it for ('campaign
revenue'), what rows cost (their own spend), and 'cost' said of a word that is both a member and a domain (asked
back). A mixin of ``QuestionRules``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Optional

from semantic.nl.choices import AIM_WORDS
from semantic.nl.lexicon import display_dimension
from semantic.nl.matching import Match
from semantic.nl.metric_kinds import BUYER_VERBS, verb_noun
from semantic.nl.parts import Parts
from semantic.nl.reading import Option, Reading
from semantic.nl.shapes import PLAN_WORDS
from semantic.nl.text import phrase_tokens, singular

if TYPE_CHECKING:
    from semantic.graph.graph import SemanticGraph
    from semantic.nl.choices import ModelFacts
    from semantic.nl.lexicon import Lexicon

COST_SAID = re.compile(r"\bcosts? us\b|\b(?:did|does|do)\b.*\bcost\b")
PLANNED = PLAN_WORDS | {"budgeted", "planned", "quota"}  # what a plan metric's name or synonym says
AUXILIARY_VERBS = {"have", "has", "had", "did", "do", "does", "will", "would", "already", "ever", "actually"}
HOW_MUCH = re.compile(r"\bhow much\b")
MONEY_IN_VERBS = {"bring", "brings", "brought", "earn", "earned", "generate", "generated", "generates"}
HOW_MUCH_VERB = re.compile(r"\bhow much (?:did|do|does|have|has|had|will) (?:we|they|you|it) (\w+)\b")
TOTAL_ASKED = re.compile(r"\bhow much\b|\bwhat (?:did|do|does) (?:we|they|it) (?:pay|spend)\b")
AVERAGE_WORDS = {"average", "avg", "mean", "typical", "typically", "per"}


class SaidMoney:
    """Needs ``graph``, ``facts`` and ``lexicon``."""

    graph: "SemanticGraph"
    facts: "ModelFacts"
    lexicon: "Lexicon"

    def _buyers_spend(self, parts: Parts, words: list[str], matches: list[Match]) -> bool:
        """'What did premium customers spend with us': buyers' spend is the sales metric (what they pay, the
        payments), which replaces a count of the buyers read from their noun. Not when the question is about
        spending money ('customer acquisition spend': the word before the verb is not the buyers)."""
        said = next(i for i, w in enumerate(words) if w in BUYER_VERBS)
        if set(words[max(0, said - 5) : said]) & AIM_WORDS:
            return False  # 'campaigns targeting premium customers: spend ...': the customers are an audience
        subject_end = said
        while subject_end > 0 and words[subject_end - 1] in AUXILIARY_VERBS:  # 'customers have spent'
            subject_end -= 1
        named = {  # who spent: the words just before the verb ('premium customers spend', 'customers in WA spend')
            t.name.split(".")[0]
            for m in matches
            if m.end == subject_end
            for t in m.targets
            if t.kind in ("entity", "value", "dimension")
        }
        sales = self.facts.buyer_spend(words, named)
        around = frozenset(self.graph.entities[e].domain for e in named if e in self.graph.entities)
        if sales is None or self.facts.metric_from_verbs(["spend"], None, around) is not None:
            return False
        parts.metrics = [m for m in parts.metrics if not self.facts.counts_rows(m)]
        parts.counted_nouns = []
        for entity in named & set(parts.listed_entities):  # "which state's customers spent the most": by state
            shown = display_dimension(self.graph.entities[entity])
            if any(g.split(".")[0] == entity and g != shown for g in parts.group):
                parts.listed_entities.remove(entity)
                parts.group = [g for g in parts.group if g != shown]
        if sales not in parts.metrics:
            parts.metrics.append(sales)
        parts.notes.append(f"read what they spent or paid as {sales}")
        parts.confidence *= 0.9
        return True

    def _verb_over_count(self, reading: Reading, parts: Parts, unknown: list[str]) -> bool:
        """'How much cash did we collect from business customers': 'how much' is not answered by counting the
        customers; a verb that names a metric reaching them ('collect' → payments collected) is. True when the
        count was replaced."""
        if not HOW_MUCH.search(reading.question.lower()) or not parts.metrics:
            return False
        if not all(self.facts.counts_rows(m) for m in parts.metrics):
            return False
        said = re.findall(r"[a-z]+", reading.question.lower())  # 'bring in' is a common word, never unknown
        verbs = [w for w in unknown if verb_noun(w) is not None] or [w for w in said if w in MONEY_IN_VERBS]
        acted = self.facts.metric_from_verbs(verbs, parts.domain) if verbs else None
        counted = self.facts.home_entities(parts.metrics)
        if acted is None or not counted <= (self.facts.reach([acted]) or set()):
            return False
        parts.metrics = [acted]
        parts.notes.append(f"read the verb as {acted}")
        parts.confidence *= 0.9
        return True

    def _actuals(self, parts: Parts, words: list[str]) -> None:
        """'Budget vs actual': the actual figure a plan metric is set against, the other input of the metrics built
        from both ('budget_variance' = operating_expenses - budgeted_expenses), is asked for too."""
        if not {"actual", "actuals"} & set(words):
            return
        for metric in list(parts.metrics):
            found = self.graph.metrics[metric]
            said = {w for text in [found.name, *found.synonyms] for w in phrase_tokens(text)}
            if not said & PLANNED:  # 'actual revenue' is just revenue
                continue
            partner = self._counterpart(metric)
            if partner is not None and partner not in parts.metrics:
                parts.metrics.append(partner)
                parts.notes.append(f"read actual as {partner}")

    def _counterpart(self, metric: str) -> Optional[str]:
        found = set()
        for other in self.graph.metrics.values():
            if other.type not in ("derived", "ratio"):
                continue
            inputs = set(self.graph.upstream_metrics(other))
            if metric in inputs and len(inputs) == 2:
                found |= inputs - {metric}
        simple = {m for m in found if self.graph.metrics[m].type == "simple"}
        return simple.pop() if len(simple) == 1 else None

    def _metric_of_named_rows(self, parts: Parts, matches: list[Match]) -> None:
        """'How much revenue did our campaigns drive', 'revenue by campaign channel': a metric said with rows (named,
        broken down or filtered by), where the model names that pair ('campaign revenue' is attributed_revenue), is
        that metric."""
        used = {f.split(".")[0] for f in [*parts.group, *parts.filters] if "." in f.split(" ")[0]}
        nouns = [m.words[-1] for m in matches if m.best("entity")]
        nouns += [singular(e.split("_")[-1]) for e in sorted(used) if e in self.graph.entities]
        for said in [m for m in matches if len(m.best("metric")) == 1 and m.best("metric")[0].name in parts.metrics]:
            metric = said.best("metric")[0].name
            for noun in nouns:
                named = {t.name for t in self.lexicon.phrases.get((noun, *said.words), []) if t.kind == "metric"}
                if len(named) == 1 and metric not in named:
                    other = named.pop()
                    parts.metrics = [other if m == metric else m for m in parts.metrics]
                    parts.notes.append(f"read {metric} of the {noun}s as {other}")
                    return

    def _rows_cost(self, parts: Parts, words: list[str], matches: list[Match]) -> None:
        """'What did our campaigns cost': what rows cost is their own spend metric (marketing spend, whose rows are
        the campaigns), not some other cost that merely reaches them (the cost of goods of attributed orders)."""
        said = [i for i, w in enumerate(words) if w in ("cost", "costs")]
        if not said or not parts.metrics:
            return
        before = [m for m in matches if m.end == said[0] and m.best("entity")]
        if not before:
            return
        entity = before[0].best("entity")[0].name
        own = self.facts.metric_from_verbs(["spend"], None, frozenset({self.graph.entities[entity].domain}))
        if own is None or self.facts.home_entities([own]) != {entity} or own in parts.metrics:
            return
        costs = self._cost_metrics(rivals=True)
        if costs & set(parts.metrics):
            parts.notes.append(f"read what the {entity} cost as {own}")
            parts.metrics = list(dict.fromkeys(own if m in costs else m for m in parts.metrics))

    def _cost_metrics(self, rivals: bool = False) -> set[str]:
        """The metrics the word 'cost' names (operating expenses), with ``rivals`` the kinds of cost it could also
        mean (the cost of goods sold)."""
        named = [t for t in self.lexicon.phrases.get(("cost",), []) if t.kind == "metric"]
        extra = {m for t in named for m in self.facts.metrics_named_by(("cost",), t)} if rivals else set()
        return {t.name for t in named} | extra

    def _cost_of_both(
        self, reading: Reading, parts: Parts, words: list[str], matches: list[Match]
    ) -> Optional[Reading]:
        """'What did marketing cost us?': a word that names both a department-like member (whose rows have their own
        money metric) and a domain with its own spend metric makes 'cost' ambiguous: the Marketing department's
        operating expenses, or the marketing spend. Asked back."""
        if not COST_SAID.search(reading.question.lower()) or len(parts.metrics) != 1:
            return None
        costs = self._cost_metrics()
        said = [(m, [t for w in m.words for t in self.lexicon.phrases.get((w,), [])] or m.targets) for m in matches]
        for match, targets in said:  # 'marketing' alone, and inside the phrase 'marketing cost'
            members = {t.name.split(".")[0] for t in targets if t.kind == "value"}
            domains = {t.name for t in targets if t.kind == "domain"}
            if not members or not domains:
                continue
            own = {m for m in costs if members & (self.facts.reach([m]) or set())}  # the department's expenses
            spent = self.facts.metric_from_verbs(["spend"], None, frozenset(domains))
            options = sorted({parts.metrics[0], *own, *([spent] if spent else [])})
            if len(options) > 1:
                reading.clarification = (
                    f"{' '.join(match.words)!r} names a member and a domain, so what it cost could be: "
                    f"{', '.join(options)}. Which one?"
                )
                return reading
        return None

    def _total_asked_of_average(self, reading: Reading, parts: Parts, words: list[str]) -> Optional[Reading]:
        """'How much did we pay in salaries': 'how much' with no word for an average asks for a total, so an average
        metric read from the noun ('salary' of average_salary) is asked back, with the total of the same column
        (payroll) as the option."""
        if not TOTAL_ASKED.search(reading.question.lower()) or AVERAGE_WORDS & set(words):
            return None
        for name in parts.metrics:
            ref = self.facts.simple_measure(name)
            if ref is None or ref.measure.agg != "avg":
                continue
            column = (ref.measure.expr or ref.measure.name).lower()
            totals = [
                m
                for m in self.graph.metrics
                if (total := self.facts.simple_measure(m)) is not None
                and total.entity == ref.entity
                and total.measure.agg == "sum"
                and (total.measure.expr or total.measure.name).lower() == column
            ]
            reading.clarification = (
                f"{name} is an average, but 'how much' asks for a total"
                + (f" ({', '.join(totals)})" if totals else "")
                + ". Which do you mean?"
            )
            reading.options = [Option({"metrics": [t]}, f"the metric {t}", 0.5) for t in totals]
            return reading
        return None

    def _how_much_verb(self, reading: Reading, parts: Parts) -> None:
        """'How much did we sell online vs in store, and how many completed orders': the amount the verb names is
        asked for too, first, even when another metric was named."""
        said = HOW_MUCH_VERB.search(reading.question.lower())
        acted = self.facts.metric_from_verbs([said.group(1)], parts.domain) if said else None
        if acted is not None and acted not in parts.metrics and parts.metrics:
            parts.metrics.insert(0, acted)
            parts.notes.append(f"read the verb as {acted}")

    def _money_in(self) -> set[str]:
        """The metrics of money coming in (what we sell, what we are paid): never what 'we spent'."""
        return {m for m in (self.facts.metric_from_verbs([verb], None) for verb in ("sold", "paid")) if m}

    def _net_of(self, parts: Parts, words: list[str]) -> bool:
        """'Revenue after refunds', 'revenue minus refunds': the derived metric that is the one less the other
        (net_revenue = revenue - refund_amount) in place of both."""
        if not NET_WORDS & set(words) or len(parts.metrics) < 2:
            return False
        for name, pair in self.facts.differences().items():
            if set(pair) <= set(parts.metrics) and name not in parts.metrics:
                at = parts.metrics.index(pair[0])
                parts.metrics = [m for m in parts.metrics if m not in pair]
                parts.metrics.insert(min(at, len(parts.metrics)), name)
                parts.notes.append(f"read {pair[0]} less {pair[1]} as {name}")
                return True
        return False


NET_WORDS = {"after", "minus", "less", "net", "excluding", "deducting", "subtracting"}
