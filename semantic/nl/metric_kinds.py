"""Which metric a word, a count or a threshold means: the metric counting an entity's rows, the ratio of a filtered
count to a plain one, the metric a verb names ('sold' → revenue), the one currency metric of an entity, and the
kinds of metric (counts, sums, fractions). A mixin of ``ModelFacts``; it reads only the semantic graph.

>>> verb_noun("sold"), verb_noun("spent")
('sales', None)
"""

from __future__ import annotations

from typing import Optional

from semantic.errors import SemctxError
from semantic.graph.graph import SemanticGraph
from semantic.nl.lexicon import Target
from semantic.nl.text import phrase_tokens, singular, tokens


class MetricKinds:
    graph: SemanticGraph

    def home_entities(self, metrics: list[str]) -> set[str]:
        homes: set[str] = set()
        for name in metrics:
            try:
                homes |= {ref.entity for ref in self.graph.base_measures(self.graph.metrics[name])}
            except SemctxError:
                continue
        return homes

    def absorb_filters(self, metrics: list[str], filters: list[str]) -> tuple[list[str], list[str]]:
        """'how many orders got cancelled': a plain count plus the value its filtered sibling metric is defined by
        means that metric (cancelled_orders), not a filter on every metric of the question."""
        by_definition = {}
        for metric in self.graph.metrics.values():
            if metric.type == "simple" and metric.filter and metric.measure:
                by_definition[(metric.measure, _normal(metric.filter))] = metric.name
        kept = []
        metrics = list(metrics)
        for text in filters:
            swapped = False
            for index, name in enumerate(metrics):
                base = self.graph.metrics[name]
                if not self.counts_rows(name):
                    continue
                candidate = by_definition.get((base.measure, _normal(text)))
                if candidate is not None:
                    metrics[index] = candidate
                    swapped = True
                    break
            if not swapped:
                kept.append(text)
        return metrics, kept

    def rate_of(
        self, counted: list[str], filters: list[str], words: frozenset[str] = frozenset()
    ) -> Optional[tuple[str, list[str]]]:
        """'share of orders that were cancelled': the ratio metric dividing the filtered count (cancelled_orders)
        by the plain one (order_count), and the filters left once the member is absorbed. Else the one ratio over
        a counted metric whose numerator's own words the question says ('share of completed orders got refunded':
        refund_rate, refunded_orders over completed_orders)."""
        for name in counted:
            absorbed, kept = self.absorb_filters([name], filters)
            if absorbed[0] == name:
                continue
            for metric in self.graph.metrics.values():
                if metric.type == "ratio" and metric.numerator == absorbed[0] and metric.denominator == name:
                    return metric.name, kept
        said = [
            metric.name
            for metric in self.graph.metrics.values()
            if metric.type == "ratio"
            and metric.denominator in counted
            and metric.numerator in self.graph.metrics
            and (self.metric_words(metric.numerator) - self.metric_words(metric.denominator)) & words
        ]
        if len(said) != 1:
            return None
        numerator = self.graph.metrics[said[0]].numerator
        own = self.metric_words(numerator)  # 'have been resolved' said the numerator, not a filter on status
        return said[0], [f for f in filters if not (f.endswith("'") and f.rsplit("'", 2)[-2].lower() in own)]

    def is_fraction(self, metric: str) -> bool:
        """A metric formatted as a percent holds a fraction (0.48, shown to people as 48%)."""
        found = self.graph.metrics.get(metric)
        return found is not None and found.format == "percent"

    def counts(self, metric: str) -> bool:
        """A simple metric counting rows or distinct values (filtered or not)."""
        found = self.graph.metrics.get(metric)
        if found is None or found.type != "simple" or not found.measure:
            return False
        try:
            return self.graph.measure(found.measure).measure.agg in ("count", "count_distinct")
        except SemctxError:
            return False

    def acted_count(self, entity: str, acts: frozenset[str], said: frozenset[str]) -> Optional[str]:
        """The count of ``entity`` that what they did picks: the one whose words name the act ('buying customers',
        'leavers'), else the one distinct count through rows the question names ('customers who contacted
        support': counted through the support tickets)."""
        if acts:
            acting = [
                name
                for name in dict.fromkeys([*self.acting_counts(entity), *self.entity_counts(entity)])
                if acts & {ACTS.get(w, w) for w in self.metric_words(name)}
            ]
            if len(acting) == 1:
                return acting[0]
        through = [name for name in self.acting_counts(entity) if self.source_words(name) & said]
        return through[0] if len(through) == 1 else None

    def names_act_of(self, word: str, metrics: list[str]) -> bool:
        """``word`` names what a chosen count counts ('left' for terminations, said as 'leavers')."""
        act = ACTS.get(word)
        return act is not None and any(act in {ACTS.get(w, w) for w in self.metric_words(m)} for m in metrics)

    def entity_counts(self, entity: str) -> list[str]:
        """Every metric counting ``entity``'s rows, filtered ones too ('terminations': employees who left)."""
        return sorted(
            name
            for name, metric in self.graph.metrics.items()
            if self.counts(name) and self.graph.measure(metric.measure).entity == entity
        )

    def counts_rows(self, metric: str) -> bool:
        """A plain row count (no filter): the kind of metric an entity noun like 'sessions' also names."""
        found = self.graph.metrics.get(metric)
        if found is None or found.type != "simple" or found.filter or not found.measure:
            return False
        try:
            ref = self.graph.measure(found.measure)
        except SemctxError:
            return False
        return ref.measure.agg == "count" and ref.measure.expr is None

    def metrics_named_by(self, words: tuple[str, ...], target: Target) -> list[str]:
        """Other plain metrics whose name ends in a one-word synonym of ``target`` ('budget': budgeted_expenses by
        synonym, campaign_budget by name): the word is ambiguous."""
        if len(words) != 1 or target.source == "name":
            return []
        word = singular(words[0])
        if word in {singular(w) for w in target.name.split("_")}:
            return []  # 'expenses' → operating_expenses: its own name says it; budgeted_expenses is a kind of it
        by_name = {
            metric.name
            for metric in self.graph.metrics.values()
            if metric.name != target.name
            and metric.type == "simple"
            and not metric.filter  # 'open_tickets' is a kind of ticket, not a rival reading of 'tickets'
            and singular(metric.name.split("_")[-1]) == word  # the head noun: campaign_budget is a budget
            and self.sums(metric.name)
            and self.sums(target.name)  # counts of a noun ('tickets', 'orders') have their own rules
        }
        by_synonym = {  # 'costs': operating_expenses by synonym, cogs as 'cost of goods sold'
            metric.name
            for metric in self.graph.metrics.values()
            if metric.name != target.name
            and metric.type == "simple"
            and any(_head_of(synonym) == word for synonym in metric.synonyms)
        }
        nouns = {singular(e.split("_")[-1]) for e in self.graph.entities}
        by_rows = {  # 'volume': units_sold by synonym, order_count as 'order volume' (the volume of orders)
            metric.name
            for metric in self.graph.metrics.values()
            if metric.name != target.name
            and metric.name.split("_")[-1] != target.name.split("_")[-1]  # 'product sales' is a kind of revenue
            and any(
                len(said) == 2 and said[0] in nouns and singular(said[1]) == word
                for said in (tokens(synonym) for synonym in metric.synonyms)
            )
        }
        return sorted(by_name | by_synonym | by_rows | self._glossary_metrics(word, target.name))

    def _glossary_metrics(self, word: str, named: str) -> set[str]:
        """Metrics a glossary term names in its definition, when the word heads one of the term's 'X of Y'
        synonyms: 'turnover' is revenue by synonym, but the glossary says 'turnover of staff' is attrition, which
        it defines by the terminations metric."""
        found: set[str] = set()
        for term in self.graph.model.glossary:
            if not any(_head_of(synonym) == word for synonym in term.synonyms):
                continue
            defined = {singular(w) for w in tokens(term.definition)}
            found |= {
                m for m in self.graph.metrics if m != named and "_" not in m and singular(m) in defined
            }  # a one-word metric name said in the definition ('see the terminations metric')
        return found

    def sums(self, metric: str) -> bool:
        found = self.graph.metrics.get(metric)
        if found is None or not found.measure:
            return False
        try:
            return self.graph.measure(found.measure).measure.agg == "sum"
        except SemctxError:
            return False

    def metric_in_unit(self, unit: str, words: list[str]) -> Optional[str]:
        """The one metric measured in a unit of time ('hours' in avg_resolution_hours), picked by the aggregation
        word said ('average', 'median') when several are: 'categories that take more than 35 hours on average'."""
        from semantic.nl.shapes import AGGREGATION_WORDS

        found = [m for m in self.graph.metrics if unit in m.split("_") or f"{unit}s" in m.split("_")]
        wanted = {AGGREGATION_WORDS[w] for w in words if w in AGGREGATION_WORDS}
        prefix = {"average": "avg", "mean": "avg"}
        if len(found) > 1 and wanted:
            found = [m for m in found if prefix.get(m.split("_")[0], m.split("_")[0]) in wanted]
        return found[0] if len(found) == 1 else None

    def metric_from_verbs(
        self, words: list[str], domain: Optional[str], around: frozenset[str] = frozenset()
    ) -> Optional[str]:
        """The one metric a verb of the question names through its noun ('sold' → sales → revenue, 'hired' →
        new_hires): a one-word synonym of the metric, or the last word of its name. 'Spend' names a metric only
        in that metric's domain (``around``: the domains the question's other words belong to): 'spend on tv
        campaigns' is marketing spend. None when no verb names a metric, or when one names several."""
        found: set[str] = set()
        for word in words:
            noun = verb_noun(word) or (CONTEXT_VERB_NOUNS.get(word) if around else None)
            if noun is None:
                continue
            noun = singular(noun)
            for metric in self.graph.metrics.values():
                if domain and self.graph.metric_domain(metric) != domain:
                    continue
                if word in CONTEXT_VERB_NOUNS and self.graph.metric_domain(metric) not in around:
                    continue
                synonyms = {singular(s.lower()) for s in metric.synonyms if " " not in s.strip()}
                if noun in synonyms or singular(metric.name.split("_")[-1]) == noun:
                    found.add(metric.name)
        return found.pop() if len(found) == 1 else None

    def buyer_spend(self, words: list[str], entities: set[str]) -> Optional[str]:
        """What buyers spend or pay is what we sold them or were paid: 'what did premium customers spend' is revenue,
        not marketing spend; 'what did business customers pay by card' is payments. The metric the verb stands for
        when it follows an entity whose rows buy (it has a count of buyers) and the metric reaches it; None when
        'we' spend or pay, or the question is about spending money on something."""
        said = [i for i, w in enumerate(words) if w in BUYER_VERBS]
        if not said or "we" in words[: said[0]] or {"on", "to"} & set(words[said[0] + 1 : said[0] + 2]):
            return None
        buyers = {  # counted as buyers through other rows: 'active_customers' (distinct customers of orders)
            e for e in entities if self.acted_count(e, frozenset({"buy"}), frozenset()) in self.acting_counts(e)
        }
        metric = self.metric_from_verbs([BUYER_VERBS[words[said[0]]]], None)
        if not buyers or metric is None or not buyers <= (self.reach([metric]) or set()):
            return None
        return metric

    def money_metric(self, words: list[str], entities: list[str], domain: Optional[str]) -> Optional[str]:
        """The amount a money threshold is about when no metric is named: the one a verb names ('sold' →
        revenue), else the one currency-formatted plain metric of the entities the question groups or lists."""
        around = frozenset(self.graph.entities[e].domain for e in entities if e in self.graph.entities)
        acted = self.buyer_spend(words, set(entities)) or self.metric_from_verbs(
            words, domain, around
        )  # 'campaign channels that spent more than $50k'
        if acted is not None and set(entities) <= (self.reach([acted]) or set()):
            return acted  # unless it cannot reach what is grouped: 'payment methods that brought in over $250k'
        found = {
            metric.name
            for metric in self.graph.metrics.values()
            if metric.type == "simple"
            and not metric.filter
            and metric.format == "currency"
            and self.home_entities([metric.name]) & set(entities)
        }
        return found.pop() if len(found) == 1 else None

    def count_metric(
        self,
        entity: str,
        timed: bool = False,
        joined: bool = False,
        acts: frozenset[str] = frozenset(),
        said: frozenset[str] = frozenset(),
    ) -> Optional[str]:
        """The metric that counts an entity's rows: without a time range, the one count metric whose synonyms
        name the entity ('employees' for headcount); else the one unfiltered count metric. With a time range,
        'how many customers in 2024' could mean signed up or active then, so several count metrics stay open.
        ``joined``: the question says they joined ('signed up', 'registered'): the one count named new_...
        ``acts``: what the question says they did (``question_acts``); ``said``: the question's other words."""
        counters = [self.graph.metrics[name] for name in self.count_metrics(entity)]
        acted = self.acted_count(entity, acts, said)
        if acted is not None:
            return acted
        if joined:  # 'customers who signed up / joined / registered': the count of new ones
            new = [m.name for m in counters if m.name.split("_")[0] == "new"]
            if len(new) == 1:
                return new[0]
        names = {singular(w.lower()) for w in [entity, *self.graph.entities[entity].synonyms]}
        named = [m.name for m in counters if names & {singular(s.lower()) for s in m.synonyms}]
        if len(named) == 1 and not timed:
            return named[0]
        found = [m.name for m in counters if not m.filter]
        return found[0] if len(found) == 1 else None

    def acting_counts(self, entity: str) -> list[str]:
        """Metrics counting distinct ``entity`` rows through another entity's rows ('active_customers': distinct
        customer ids of orders)."""
        keys = {
            (r.from_entity, column)
            for r in self.graph.model.relationships
            if r.to_entity == entity
            for column in ([r.from_columns] if isinstance(r.from_columns, str) else r.from_columns)
        }
        found = []
        for metric in self.graph.metrics.values():
            if metric.type != "simple" or not metric.measure:
                continue
            try:
                ref = self.graph.measure(metric.measure)
            except SemctxError:
                continue
            if ref.measure.agg == "count_distinct" and (ref.entity, ref.measure.expr) in keys:
                found.append(metric.name)
        return sorted(found)

    def counts_through(self, name: str) -> bool:
        """A distinct count of another entity's key ('active_customers': customer ids of orders)."""
        metric = self.graph.metrics.get(name)
        if metric is None or metric.type != "simple" or not metric.measure:
            return False
        try:
            return self.graph.measure(metric.measure).measure.agg == "count_distinct"
        except SemctxError:
            return False

    def source_words(self, name: str) -> set[str]:
        """Words naming the entity whose rows an acting count counts through: {'support', 'ticket'}."""
        entity = self.graph.entities[self.graph.measure(self.graph.metrics[name].measure).entity]
        return {singular(w) for text in [entity.name, *entity.synonyms] for w in phrase_tokens(text)}

    def metric_words(self, name: str) -> set[str]:
        """The words of a metric's name and synonyms: ``{'payments', 'collected', 'cash', ...}``."""
        metric = self.graph.metrics[name]
        return {w for text in [name, *metric.synonyms] for w in phrase_tokens(text)}

    def count_metrics(self, entity: str) -> list[str]:
        return sorted(
            m.name
            for m in self.graph.metrics.values()
            if m.type == "simple" and m.measure and safe_measure_agg(self.graph, m.measure, entity) == "count"
        )


def safe_measure_agg(graph: SemanticGraph, name: str, entity: str) -> Optional[str]:
    """The aggregation of a plain row-count measure of ``entity`` (None otherwise or when unknown)."""
    try:
        ref = graph.measure(name)
    except SemctxError:
        return None
    return ref.measure.agg if ref.entity == entity and ref.measure.expr is None else None


def _normal(text: str) -> str:
    return " ".join(text.lower().replace('"', "'").split())


VERB_NOUNS = {
    "sell": "sales",
    "sold": "sales",
    "selling": "sales",
    "sells": "sales",
    "refunded": "refund",
    "refund": "refund",
    "hire": "hires",
    "hired": "hires",
    "hiring": "hires",
    "earn": "earnings",
    "earned": "earnings",
    "brought": "sales",  # 'which categories brought in the most'
    "bring": "sales",
    "brings": "sales",
    "generate": "sales",  # 'how much did store orders generate'
    "generated": "sales",
    "generates": "sales",
    "paid": "payments",  # 'how much was paid with gift cards': payments_collected
    "collect": "collected",  # 'how much did we collect': payments_collected
    "collecting": "collected",
}


# verbs whose noun names a metric only within that metric's domain: money goes out as marketing, operating
# expenses and payroll alike
CONTEXT_VERB_NOUNS = {"spend": "spend", "spent": "spend", "spending": "spend"}


# what buyers do with money, as the verb whose noun names the metric: they spend what we sell, they pay what we collect
BUYER_VERBS = {"spend": "sold", "spent": "sold", "spending": "sold", "pay": "paid", "paid": "paid", "paying": "paid"}


# what an entity's rows did, by the word's stem ('bought', 'buying' → buy): picks a distinct count by its words
ACTS = {
    "bought": "buy",
    "buying": "buy",
    "buy": "buy",
    "buyer": "buy",
    "purchased": "purchase",
    "purchasing": "purchase",
    "purchaser": "purchase",
    "purchase": "purchase",
    "shopped": "shop",
    "shopping": "shop",
    "shopper": "shop",
    "left": "leave",
    "leave": "leave",
    "leaving": "leave",
    "leaver": "leave",
    "leavers": "leave",
    "quit": "leave",
    "terminated": "leave",
    "resigned": "leave",
    "fired": "leave",
    "dismissed": "leave",
    "departed": "leave",
    "hire": "hire",
    "hired": "hire",
    "hires": "hire",
}


def question_acts(words: list[str]) -> frozenset[str]:
    """The acts a question's words name: ``question_acts(["customer", "who", "bought"])`` is {'buy'}."""
    return frozenset(ACTS[w] for w in words if w in ACTS)


def verb_noun(word: str) -> Optional[str]:
    """The noun a business verb stands for ('sold' → 'sales'); None for other words. 'Spend' is not here: money
    goes out as marketing, operating expenses and payroll alike."""
    return VERB_NOUNS.get(word)


def _head_of(phrase: str) -> Optional[str]:
    """The noun an 'X of Y' phrase is about ('cost' of 'cost of goods sold'), singular; None for other phrases
    ('product cost' is a kind of cost, as a filtered metric is)."""
    words = tokens(phrase)
    return singular(words[words.index("of") - 1]) if "of" in words[1:-1] else None
