"""What the model says about a question's parts: which entities a metric reaches, which dimension or member
is meant, which related metric answers a breakdown, which period-over-period or running metric exists.

Used by the interpreter; it reads only the semantic graph.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional, Sequence

import sqlglot
from sqlglot import exp

from semantic.errors import SemctxError
from semantic.graph.graph import MeasureRef, SemanticGraph
from semantic.nl.lexicon import GENERIC, Target
from semantic.nl.metric_kinds import MetricKinds
from semantic.nl.text import singular, tokens
from semantic.nl.timespan import TimeSpec

if TYPE_CHECKING:
    from semantic.nl.matching import Match


AIM_WORDS = {"aimed", "aiming", "aim", "targeting", "targeted", "target", "targets", "geared"}


RESIDENCE_WORDS = {"live", "lives", "living", "lived", "reside", "resides", "residing", "based", "home"}


class ModelFacts(MetricKinds):
    """Questions about the model the interpreter asks while reading."""

    def __init__(self, graph: SemanticGraph) -> None:
        self.graph = graph
        self._differences: Optional[dict[str, tuple[str, str]]] = None  # built on first use

    def differences(self) -> dict[str, tuple[str, str]]:
        """Derived metrics that are one metric less another, with the two: net_revenue → (revenue, refund_amount)."""
        if self._differences is None:
            self._differences = {
                metric.name: pair
                for metric in self.graph.metrics.values()
                if metric.type == "derived" and metric.expr and (pair := difference_of(metric.expr)) is not None
            }
        return self._differences

    def reach(self, metrics: list[str]) -> Optional[set[str]]:
        """Entities every measure of these metrics reaches without fanning out (None: no metric yet)."""
        reach: Optional[set[str]] = None
        for name in metrics:
            try:
                measures = self.graph.base_measures(self.graph.metrics[name])
            except SemctxError:
                continue
            for ref in measures:
                found = self.graph.paths.reachable_to_one(ref.entity)
                reach = found if reach is None else reach & found
        return reach

    def unreachable(self, metrics: list[str], dimensions: list[str]) -> Optional[str]:
        """A question that groups a metric by something it only reaches through one-to-many links is asked back."""
        reach = self.reach(metrics)
        if reach is None:
            return None
        for name in dimensions:
            entity = name.split(".")[0]
            if entity in self.graph.entities and entity not in reach:
                return (
                    f"{', '.join(metrics)} cannot be broken down by {name}: {entity} is not linked to what "
                    f"{'it measures' if len(metrics) == 1 else 'they measure'} one-to-one. Which breakdown "
                    "do you mean?"
                )
        return None

    def reaching_alternative(self, metric: str, dimensions: list[str]) -> Optional[str]:
        """The one other metric sharing the asked metric's head word that does reach every dimension."""
        head = tokens(metric)[-1]
        if head in GENERIC:  # 'store_count' and 'ticket_count' only share the word 'count'
            return None
        entities = {d.split(".")[0] for d in dimensions if d.split(".")[0] in self.graph.entities}
        found = []
        homes = self.home_entities([metric])
        for candidate in self.graph.metrics.values():
            if candidate.name == metric or head not in tokens(candidate.name) or candidate.type != "simple":
                continue
            if self._aggregation(candidate.name) != self._aggregation(metric):
                continue  # 'new customers' (signed up) are not 'active customers' (distinct buyers)
            reach = self.reach([candidate.name])
            if reach is not None and entities <= reach and homes <= reach:
                found.append(candidate.name)
        return found[0] if len(found) == 1 else None

    def _aggregation(self, metric: str) -> Optional[str]:
        ref = self.simple_measure(metric)
        return ref.measure.agg if ref is not None else None

    def simple_measure(self, metric: str) -> Optional[MeasureRef]:
        """The measure a simple metric aggregates; None for other metrics."""
        found = self.graph.metrics.get(metric)
        if found is None or found.type != "simple" or not found.measure:
            return None
        try:
            return self.graph.measure(found.measure)
        except SemctxError:
            return None

    def totals_of_averaged(self, metric: str) -> list[str]:
        """Plain metrics summing the column an average metric averages (payroll for average_salary)."""
        ref = self.simple_measure(metric)
        if ref is None or ref.measure.agg != "avg":
            return []
        column = (ref.measure.expr or ref.measure.name).lower()
        rows = self.graph.metrics[metric].filter  # the same rows: current employees for both
        found = []
        for other in self.graph.metrics.values():
            summed = self.simple_measure(other.name) if other.filter == rows else None
            if summed is not None and summed.entity == ref.entity and summed.measure.agg == "sum":
                if (summed.measure.expr or summed.measure.name).lower() == column:
                    found.append(other.name)
        return found

    def column_of(self, ref: MeasureRef) -> Optional[str]:
        """The one dimension of the measure's entity holding the column it aggregates: employees.salary."""
        column = (ref.measure.expr or ref.measure.name).lower()
        found = [d for d in self.graph.entities[ref.entity].dimensions if (d.expr or d.name).lower() == column]
        return f"{ref.entity}.{found[0].name}" if len(found) == 1 else None

    def qualifies_next(
        self, entity: str, matches: list[Match], index: int, each: bool = False, words: Sequence[str] = ()
    ) -> bool:
        """'customer home region', 'customers from the West': an entity word right before one of its own
        dimensions, or (unless said with 'per', 'each': 'per department: how many people') shortly before a member of
        one, only qualifies it."""
        if index + 1 >= len(matches):
            return False
        following = matches[index + 1]
        if following.start == matches[index].end and any(
            t.kind == "dimension" and t.name.split(".")[0] == entity for t in following.targets
        ):
            return True
        return (
            not each
            and following.start - matches[index].end <= 2
            and not set(words[matches[index].end : following.start])
            & {"by", "per", "each", "every"}  # 'orders by store'
            and any(t.kind == "value" and t.name.split(".")[0] == entity for t in following.targets)
        )

    def names_value_dimension(self, values: list[Target], words: list[str], match: Match) -> bool:
        """'email traffic': the words around a member name its dimension, so the member is meant."""
        around = set(words[max(0, match.start - 2) : match.start]) | set(words[match.end : match.end + 2])
        return any(around & self.dimension_words(target.name) for target in values)

    def member_of_next_rows(self, values: list[Target], match: Match, following: Optional[Match]) -> bool:
        """'Marketing employees': a domain's name right before the noun of another domain's rows, which reach the
        member's dimension, names the member (the Marketing department), not the domain."""
        if following is None or following.start != match.end:
            return False
        domains = {t.name for t in match.best("domain")}
        for entity in (t.name for t in following.best("entity")):
            if self.graph.entities[entity].domain in domains:
                continue  # 'marketing campaigns': the domain the rows belong to
            reached = self.graph.paths.reachable_to_one(entity) | {entity}
            if any(t.name.split(".")[0] in reached for t in values):
                return True
        return False

    def dimension_words(self, qualified: str) -> set[str]:
        """Words that name a dimension: its entity, its name and its synonyms ('store', 'region', 'territory')."""
        entity, name = qualified.split(".")
        words = {singular(entity.split("_")[-1])} | {singular(w) for w in name.split("_")}
        found = self.graph.dimensions.get(qualified)
        if found is not None:
            for synonym in found[1].synonyms:
                words |= set(tokens(synonym))
        return words - {"name", "id", "type", "at", "date"}

    def percentage_of(self, metric: str) -> str:
        for suffix in ("_pct", "_percent", "_percentage", "_rate"):
            if metric + suffix in self.graph.metrics:
                return metric + suffix
        return metric

    def is_period_over_period(self, metric: str) -> bool:
        found = self.graph.metrics.get(metric)
        return found is not None and any(i.offset for i in found.inputs)

    def running_metrics(self, metrics: list[str], spec: TimeSpec, words: list[str]) -> list[str]:
        """'month-to-date running total' / 'cumulative': the model's cumulative metric over the same measure."""
        wants_running = "cumulative" in words or ("running" in words and "total" in words)
        if not metrics or (spec.to_date is None and not wants_running) or spec.grain is None:
            return []
        found = []
        for base in metrics:
            measure = self.graph.metrics[base].measure
            for candidate in self.graph.metrics.values():
                if candidate.type != "cumulative" or candidate.measure != measure or candidate.window:
                    continue
                if candidate.filter != self.graph.metrics[base].filter:
                    continue
                if candidate.grain_to_date == spec.to_date:
                    found.append(candidate.name)
        return found[:1]

    def same_head_dimensions(
        self,
        words: tuple[str, ...],
        dims: list[Target],
        homes: set[str],
        reach: Optional[set[str]] = None,
        question: Optional[list[str]] = None,
    ) -> list[str]:
        """Dimensions the one word asked ('type', 'segment', 'channel') may also mean though the lexicon did not
        offer them for it: the measured rows' own dimensions, and those of what the metric reaches, whose name or a
        synonym ends in the word (employment_type, target_segment, 'acquisition channel'). The word alone is then
        ambiguous, unless a dimension of the measured rows was offered or the question names the one offered
        dimension's entity elsewhere ('revenue per customer by segment')."""
        if len(words) != 1 or not homes:
            return []
        offered = {t.name for t in dims}
        if any(name.split(".")[0] in homes for name in offered):
            return []  # a dimension of the measured rows themselves was offered: it is meant
        places = homes | (reach or set())
        found = sorted(
            name
            for name, (entity, dimension) in self.graph.dimensions.items()
            if entity.name in places
            and name not in offered
            and dimension.type == "categorical"
            and words[0] in self._last_words(name, dimension.synonyms)
        )
        elsewhere = {w for w in question or [] if w != words[0]}
        entity_named = {
            name for name in offered | set(found) if singular(name.split(".")[0].split("_")[-1]) in elsewhere
        }
        if len(entity_named) == 1 and entity_named <= offered:
            return []
        return found

    @staticmethod
    def _last_words(name: str, synonyms: list[str]) -> set[str]:
        """The head word of a dimension's name and of each of its many-word synonyms, singular."""
        heads = {singular(name.split(".")[1].split("_")[-1])}
        return heads | {singular(tokens(s)[-1]) for s in synonyms if len(tokens(s)) > 1}

    def measure_for_number(self, dimension: str) -> Optional[str]:
        """'payment amount' names a number column: the one metric summing that column of its entity."""
        entity, name = dimension.split(".")
        column = (self.graph.dimensions[dimension][1].expr or name).lower()
        found = []
        for metric in self.graph.metrics.values():
            if metric.type != "simple" or metric.filter or not metric.measure:
                continue
            try:
                ref = self.graph.measure(metric.measure)
            except SemctxError:
                continue
            if (
                ref.entity == entity
                and ref.measure.agg == "sum"
                and (ref.measure.expr or ref.measure.name).lower() == column
            ):
                found.append(metric.name)
        return found[0] if len(found) == 1 else None

    def compare_metric(self, metric: str, compare: tuple[int, Any]) -> Optional[str]:
        count, grain = compare
        wanted = f"{count} {grain.value}"
        candidates = []
        for candidate in self.graph.metrics.values():
            if candidate.type != "derived":
                continue
            inputs = {(i.metric, (i.offset or "").rstrip("s")) for i in candidate.inputs}
            if (metric, wanted) in inputs:
                candidates.append(candidate.name)
        growth = [c for c in candidates if any(w in c for w in ("growth", "change", "yoy", "delta", "vs"))]
        return (growth or candidates or [None])[0]

    def compare_metrics(self, metric: str, compare: tuple[int, Any]) -> list[str]:
        """The earlier period's value of ``metric`` and its change, where the model defines them."""
        count, grain = compare
        wanted = f"{count} {grain.value}"
        prior, change = [], []
        for candidate in self.graph.metrics.values():
            if candidate.type != "derived":
                continue
            inputs = [(i.metric, (i.offset or "").rstrip("s")) for i in candidate.inputs]
            if (metric, wanted) not in inputs:
                continue
            (change if any(name == metric and not offset for name, offset in inputs) else prior).append(candidate.name)
        return sorted(prior)[:1] + sorted(change)[:1]

    def listing_time_dimension(self, group: list[str], listed: list[str]) -> Optional[str]:
        entities = [g.split(".")[0] for g in group] + listed
        for name in entities:
            entity = self.graph.entities.get(name)
            if entity and entity.default_time_dimension:
                return f"{entity.name}.{entity.default_time_dimension}"
        return None

    def domain_of(self, metrics: list[str], group: list[str]) -> Optional[str]:
        for name in metrics:
            return self.graph.metric_domain(self.graph.metrics[name])
        for name in group:
            entity = self.graph.entities.get(name.split(".")[0])
            if entity:
                return entity.domain
        return None

    def audience_nouns(self, matches: list[Match], words: list[str]) -> set[int]:
        """Entity nouns that only name who something is aimed at: 'customers' in 'campaigns aimed at premium
        customers' (the member is the campaigns' target segment; no customers are counted or listed)."""
        found = set()
        for index in range(1, len(matches)):
            before, match = matches[index - 1], matches[index]
            aimed = set(words[max(0, before.start - 3) : before.start]) & AIM_WORDS
            targeted = any("target" in t.name.split(".")[1].split("_") for t in before.best("value"))
            if aimed and targeted and match.start == before.end and match.best("entity"):
                found.add(index)
        return found

    def pick_value(
        self, values: list[Target], matches: list[Match], words: list[str], index: int, reach: Optional[set[str]]
    ) -> Optional[Target]:
        before = set(words[max(0, matches[index].start - 3) : matches[index].start])
        if before & AIM_WORDS:  # 'campaigns aimed at premium customers': the segment they target
            aimed = [t for t in values if "target" in t.name.split(".")[1].split("_")]
            if len({t.name for t in aimed}) == 1:
                return aimed[0]
        if reach is not None:
            values = [t for t in values if t.name.split(".")[0] in reach] or values
        if len({t.name for t in values}) == 1:
            return values[0]
        nearby = set(words[max(0, matches[index].start - 2) : matches[index].end + 2])
        scored = []
        own = set(matches[index].words)
        nearby -= own
        for target in values:
            score = len(self.dimension_words(target.name) & nearby)
            scored.append((score, target))
        scored.sort(key=lambda item: -item[0])
        if scored[0][0] > scored[1][0]:
            return scored[0][1]
        if scored[0][0] == 0:  # nothing close by: the entity the question names elsewhere ('employees live in X')
            elsewhere = set(words) - own
            named = [t for t in values if singular(t.name.split(".")[0].split("_")[-1]) in elsewhere]
            if len({t.name for t in named}) == 1 and RESIDENCE_WORDS & set(words):
                return named[0]  # 'how many employees do we have in Texas': living there, or at a Texas store?
            return None
        tied = [target for score, target in scored if score == scored[0][0]]
        return self._reached_from_named(tied, set(words) - own - nearby)

    def _reached_from_named(self, values: list[Target], elsewhere: set[str]) -> Optional[Target]:
        """'For the South region, orders by store': of members that tie on the words around them, the one whose
        dimension the most entities named elsewhere in the question own or reach one-to-one (the orders and the
        stores reach the stores' region; only the orders reach the customer's)."""
        named = {
            entity
            for entity in self.graph.entities
            if singular(entity.split("_")[-1]) in {singular(w) for w in elsewhere}
        }
        if not named:
            return None
        reached_by: dict[str, int] = {}
        for target in values:
            owner = target.name.split(".")[0]
            reached_by[target.name] = sum(
                owner == entity or owner in self.graph.paths.reachable_to_one(entity) for entity in named
            )
        most = max(reached_by.values())
        fitting = [t for t in values if reached_by[t.name] == most]
        return fitting[0] if most and len({t.name for t in fitting}) == 1 else None

    def pick_dimension(
        self,
        dims: list[Target],
        words: list[str],
        reach: Optional[set[str]],
        homes: set[str],
        span: Optional[tuple[int, int]] = None,
    ) -> Optional[str]:
        """The one dimension meant; several fit equally → None (ask). Only words outside the phrase itself (e.g.
        'store' in 'store region') tell them apart."""
        if reach is not None:
            dims = [t for t in dims if t.name.split(".")[0] in reach] or dims
        if span and set(words[max(0, span[0] - 4) : span[0]]) & AIM_WORDS:  # 'campaigns aimed at each segment'
            dims = [t for t in dims if "target" in t.name.split(".")[1].split("_")] or dims
        if len(dims) == 1:
            return dims[0].name
        mentioned = set(words[: span[0]]) | set(words[span[1] :]) if span else set(words)
        scored = []
        for target in dims:
            entity = target.name.split(".")[0]
            score = singular(entity.split("_")[-1]) in mentioned
            scored.append((score, target.name))
        scored.sort(key=lambda item: -item[0])
        if scored[0][0] > scored[1][0]:
            return scored[0][1]
        return None

    def metric_near(self, position: int, matches: list[Match], words: list[str], timed: bool = False) -> Optional[str]:
        best, distance = None, 99
        for match in matches:
            targets = match.best("metric")
            if len(targets) == 1:
                gap = match.start - position if match.start >= position else position - match.end + 1
                if 0 <= gap < distance:
                    best, distance = targets[0].name, gap
        if best is None:
            for match in matches:
                entities = match.best("entity")
                if entities and match.start >= position:
                    return self.count_metric(entities[0].name, timed)
                kinds = [  # 'more than 10 current employees': a kind of the entity's rows, counted
                    t.name for t in match.best("dimension") if self.graph.dimensions[t.name][1].type == "boolean"
                ]
                if len(kinds) == 1 and 0 <= match.start - position <= 1:
                    return self.count_metric(kinds[0].split(".")[0], timed)
        return best

    def filter_shaped(self, words: list[str], unknown: list[str]) -> bool:
        """Unknown words right after a filter preposition look like values we failed to find."""
        for index, word in enumerate(words):
            if (
                word in unknown
                and index > 0
                and words[index - 1] in ("for", "in", "with", "from", "at", "where", "of", "status", "named", "called")
            ):
                return True
        return len(unknown) >= 2


def difference_of(expr: str) -> Optional[tuple[str, str]]:
    """The two metrics a derived expression subtracts, if it is just that.

    >>> difference_of("revenue - COALESCE(refund_amount, 0)"), difference_of("a / b")
    (('revenue', 'refund_amount'), None)
    """
    try:
        tree = sqlglot.parse_one(expr)
    except sqlglot.errors.ParseError:
        return None
    if not isinstance(tree, exp.Sub):
        return None
    sides = []
    for side in (tree.left, tree.right):
        if isinstance(side, exp.Coalesce):
            side = side.this
        if not isinstance(side, exp.Column) or side.table:
            return None
        sides.append(side.name)
    return sides[0], sides[1]
