"""Question → structured query, deterministically, from the model's own words. Unsure → ask back.

Steps: blank out time phrases (timeparse), ranking and number phrases; correct light misspellings; match the
longest known phrases (names, synonyms, labels, members of dimensions); decide what each match is for (a
metric, a group-by, a filter value, a listed entity); build the query; let the compiler check it. Two equally
good readings, an unknown word where a filter would go, or a query the compiler rejects become a clarification
with ranked options, never a silent pick.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
from typing import Optional

from semantic.graph.graph import SemanticGraph
from semantic.nl.choices import ModelFacts
from semantic.nl.clarify import Clarifying
from semantic.nl.complete import CONTRAST_WORDS, Completion
from semantic.nl.cues import (
    COUNT_CUES,
    GROUP_CUES,
    LEADING_VERBS,
    UNKNOWN_PENALTY,
    clean_question,
    find_comparisons,
    find_ranking,
    find_states,
    grain_from_nouns,
    has_relative_clause,
    is_counted,
    question_words,
    read_overage,
    sql_literal,
)
from semantic.nl.domain_or_member import DomainOrMember
from semantic.nl.lexicon import Lexicon, Target, display_dimension
from semantic.nl.matching import Match, PhraseMatching, qualifier_matches, said_plural
from semantic.nl.neighbours import ACT_WINDOW, Neighbours
from semantic.nl.other_readings import OtherReadings
from semantic.nl.parts import Parts
from semantic.nl.reading import Reading
from semantic.nl.row_ids import find_row_ids, id_pattern, key_dimensions
from semantic.nl.rules import QuestionRules
from semantic.nl.shapes import (
    AGGREGATION_WORDS,
    FILTER_CUES,
    JOIN_VERBS,
    PLAN_WORDS,
    agent_by,
    by_aggregation_word,
    contrasted_members,
    counted_from,
    measures_previous,
    metric_first,
    qualifies_noun,
    said_as_having,
)
from semantic.nl.text import FuzzyVocabulary, singular
from semantic.nl.timeparse import parse_time
from semantic.nl.timespan import TimeSpec
from semantic.nl.verified import VerifiedQuestions


class Interpreter(PhraseMatching, Clarifying, OtherReadings, QuestionRules, Neighbours, DomainOrMember, Completion):
    """Reads questions against one graph and lexicon; ``today`` anchors relative dates."""

    def __init__(self, graph: SemanticGraph, lexicon: Lexicon, today: dt.date) -> None:
        self.graph = graph
        self.fiscal_start = graph.model.config.fiscal_year_start_month  # 'FY2025', 'fiscal Q1'
        self.lexicon = lexicon
        self.today = today
        self.entity_words = {singular(name.split("_")[-1]): name for name in graph.entities}
        self.facts = ModelFacts(graph)
        self._spelling: Optional[FuzzyVocabulary] = None
        self._stem_bags: Optional[dict[frozenset[str], list[Target]]] = None
        self._endings: Optional[dict[str, set[str]]] = None
        self.verified = VerifiedQuestions(self)
        self._keys = key_dimensions(graph)  # 'customer' → customers.customer_id, for 'orders from customer 254'
        self._id_pattern = id_pattern(self._keys)

    def read(self, question: str, domain: Optional[str] = None) -> Reading:
        reading = Reading(question=question)
        text = clean_question(question, self._names_member)
        if not text:
            reading.clarification = "The question is empty. Ask about a metric, e.g. 'revenue by month in 2024'."
            return reading
        verified = self.verified.match(text, domain)
        if verified is not None:
            return verified
        text, corrections = self._correct_spelling(text)
        text = self.protect_metric_phrases(text)
        spec, rest = parse_time(text, self.today, self.fiscal_start)
        grain_from_nouns(text, spec)
        rank, rest = find_ranking(rest)
        comparisons, rest = find_comparisons(read_overage(rest, self._names_metric))
        states, rest = find_states(rest, self._names_metric)
        comparisons += states
        ids, rest = find_row_ids(rest, self._id_pattern, self._keys)  # 'orders from customer 254'
        counting = bool(COUNT_CUES.search(rest))
        matches, unknown, fuzzy, words = self.match_phrases(
            self.share_heads(self.money_units(self.fold_predicates(question_words(rest)))), domain
        )
        if words and words[0] in LEADING_VERBS and not any(m.start == 0 for m in matches):
            unknown = [w for w in unknown if w != words[0]]  # 'return all stores ...': a command, not a term
        fuzzy = corrections + fuzzy
        reading = self._assemble(
            reading, words, matches, unknown, fuzzy, spec, rank, comparisons, counting, domain, ids
        )
        return self.verified.confirm(reading, domain)

    def _names_metric(self, words: tuple[str, ...]) -> bool:
        return any(t.kind == "metric" for t in self.lexicon.phrases.get(words, []))

    def _names_member(self, words: tuple[str, ...]) -> bool:
        """A member of some column, and not a domain's name ('Technology', not 'Finance' of 'Finance ask:')."""
        said = self.lexicon.phrases.get(words, [])
        return any(t.kind == "value" for t in said) and not any(t.kind == "domain" for t in said)

    def _counted_before_noun(
        self,
        match: Match,
        metric_targets: list[Target],
        entities: list[Target],
        following: Optional[Match],
        words: list[str],
        matches: list[Match],
    ) -> list[str]:
        """The entity a count names just before another entity's noun ('how many store employees', 'number of
        store employees'): that noun is what is counted, and this entity only says which of its rows."""
        if following is None or following.start != match.end or not following.best("entity"):
            return []
        if entities and is_counted(words, counted_from(match, matches)):
            return [entities[0].name]
        said_count = {"number", "count"} & set(match.words) or is_counted(words, match.start)
        if len(metric_targets) == 1 and self.facts.counts(metric_targets[0].name) and said_count:
            return sorted(self.facts.home_entities([metric_targets[0].name]))
        return []

    def restricted(self, elements: set[str], verified: set[str]) -> "Interpreter":
        """A reader that knows only ``elements`` (metric names and 'entity.dimension' names, with the entities of
        those dimensions) and the verified questions in ``verified``: what a given context lets it answer."""
        entities = {name.split(".")[0] for name in elements if "." in name}

        def known(target: Target) -> bool:
            if target.kind == "entity":
                return target.name in entities
            return target.kind == "domain" or target.name in elements

        clone = copy.copy(self)
        clone.lexicon = dataclasses.replace(
            self.lexicon,
            phrases={k: kept for k, v in self.lexicon.phrases.items() if (kept := [t for t in v if known(t)])},
            bags={k: kept for k, v in self.lexicon.bags.items() if (kept := [t for t in v if known(t)])},
        )
        clone.verified = VerifiedQuestions(clone, only=verified)
        return clone

    # ---- assembling ----------------------------------------------------------------------------

    def _assemble(
        self,
        reading: Reading,
        words: list[str],
        matches: list[Match],
        unknown: list[str],
        fuzzy: list[str],
        spec: TimeSpec,
        rank: Optional[tuple[bool, int]],
        comparisons: list[tuple[str, float, int]],
        counting: bool,
        domain: Optional[str],
        ids: Optional[list[str]] = None,
    ) -> Reading:
        """Three phases: what each match is for, question-wide rules (which may ask back), the final query."""
        parts = self._classify(reading, words, matches, fuzzy, rank, comparisons, domain, spec.has_range)
        if isinstance(parts, Reading):
            return parts
        parts.filters.extend(ids or [])
        asked = self._apply_rules(reading, parts, words, matches, unknown, spec, rank, comparisons, counting)
        if asked is not None:
            return asked
        reading = self._complete(reading, parts, words, spec, rank)
        if reading.query is not None:
            dropped = self._unused_matches(reading.query, matches)
            if dropped:  # 'revenue for the People department': the department was silently dropped
                reading.notes.append("ignored: " + ", ".join(" ".join(m.words) for m in dropped))
                reading.confidence = round(reading.confidence * UNKNOWN_PENALTY, 3)
        return reading

    def _classify(
        self,
        reading: Reading,
        words: list[str],
        matches: list[Match],
        fuzzy: list[str],
        rank: Optional[tuple[bool, int]],
        comparisons: list[tuple[str, float, int]],
        domain: Optional[str],
        timed: bool,
    ) -> "Parts | Reading":
        """Decide, match by match, whether it names a metric, a group-by, a filter value or a listed entity."""
        parts = Parts(domain=domain, notes=[f"read {item}" for item in fuzzy], confidence=FUZZY_PENALTY ** len(fuzzy))
        value_matches = [m for m in matches if m.best("value") and not m.best("metric")]
        named_metrics = [t.name for m in matches if len(m.best("metric")) == 1 for t in m.best("metric")]
        reach = self.facts.reach(named_metrics)
        if reach is None:
            listed = {t.name for m in matches for t in m.best("entity")}
            if listed:
                reach = set().union(*(self.graph.paths.reachable_to_one(e) for e in listed))
        homes = self.facts.home_entities(named_metrics)
        # the metrics named by words that mean a metric more than anything else ('customer' is first the entity)
        strong = [m.best("metric")[0].name for m in matches if metric_first(m)]
        strong_reach = self.facts.reach(strong) if strong and strong != named_metrics else reach
        used_as_qualifier = qualifier_matches(matches, value_matches, words)
        contrasted = contrasted_members(matches, words)
        per_ratios = self._per_ratios(matches, words)  # 'revenue per active customer' → revenue_per_customer
        audience = self.facts.audience_nouns(matches, words)  # 'customers' of 'campaigns aimed at premium customers'
        counted_through: set[int] = set()  # 'orders' in 'customers who placed orders': what active_customers counts by
        carried: set[int] = set()  # matches a breakdown carries over to: 'department' in "by the agent's department"
        group_size, group_end, previous_end = 0, -1, -1  # where the last breakdown said so far ends
        for index, match in enumerate(matches):
            if len(parts.group) > group_size:
                group_size, group_end = len(parts.group), previous_end
            previous_end = match.end
            if index in counted_through or index in audience:
                continue
            if index in per_ratios:
                if per_ratios[index]:
                    parts.metrics.append(per_ratios[index])
                continue
            if index in contrasted:  # 'online vs store revenue': 'store' is the other channel, not the stores
                member = contrasted[index]
                parts.filters.append(f"{member.name} = {sql_literal(member.value)}")
                continue
            following = matches[index + 1] if index + 1 < len(matches) else None
            if (
                match.best("entity")
                and words[:1] == ["list"]
                and all(w in ("list", "all", "the", "our", "every") for w in words[1 : match.start])
                and len(match.best("metric")) == 1
                and self.facts.counts_rows(match.best("metric")[0].name)
            ):  # 'list customers in Texas': the customers themselves, not their number
                parts.listed_entities.append(match.best("entity")[0].name)
                continue
            lead = counted_from(match, matches) if match.best("entity") else match.start  # 'each Toys product'
            cue = words[lead - 1] if lead > 0 else ""
            by_agent = agent_by(words, lead - 1) and not any(m.end == lead - 1 and m.best("metric") for m in matches)
            by_groups = cue == "by" and not by_agent  # 'units sold by product', not 'opened by customers'
            each_of = lead > 2 and words[lead - 3 : lead - 1] == ["each", "of"]  # 'each of our flagship stores'
            if (
                index in used_as_qualifier
                and not self._is_subject(match, matches, words, named_metrics)
                and not (
                    match.best("entity") and (cue in ("which", "what", "each", "every", "per") or by_groups or each_of)
                )
            ):
                parts.qualifier_entities += [t.name for t in match.best("entity")]
                parts.counted_nouns += [t.name for t in match.best("metric")[:1] if self.facts.counts_rows(t.name)]
                continue
            grouped = (
                index in carried
                or (cue in ("and", ",", "&") and lead - 1 == group_end and not match.best("metric"))  # 'by X and Y'
                or (cue in GROUP_CUES and cue != "by")
                or by_groups
                or (lead > 1 and words[lead - 2] in ("for", "by") and cue in ("each", "every"))
                or (lead > 1 and words[lead - 2] == "by" and cue == "the")  # 'by the agent's department'
                or each_of
            )
            metric_targets = match.best("metric")
            entities = match.best("entity")
            counted_here = self._counted_before_noun(match, metric_targets, entities, following, words, matches)
            if counted_here:  # 'how many store employees', 'number of store employees': employees of a store
                parts.qualifier_entities += counted_here
                parts.qualifying += counted_here
                continue
            if entities and is_counted(words, counted_from(match, matches)):
                counter = self.facts.count_metric(
                    entities[0].name,
                    timed,
                    bool(JOIN_VERBS & set(words)),
                    self._acts_after(match, matches, words),
                    frozenset(words[match.end : match.end + ACT_WINDOW]),
                )
                if counter is not None:
                    parts.metrics.append(counter)
                    counted_through |= self._source_matches(counter, matches, index)
                    continue
                counters = self.facts.count_metrics(entities[0].name)
                if len(counters) > 1 and not (metric_targets and metric_targets[0].weight == 1.0):
                    return self._ask_between(reading, counters, " ".join(match.words))
            if entities and self.facts.qualifies_next(
                entities[0].name, matches, index, cue in ("per", "each", "every") or by_groups, words
            ):
                if len(metric_targets) == 1 and (
                    self.facts.counts_rows(metric_targets[0].name) or metric_targets[0].source == "synonym"
                ):  # used if nothing else is measured: 'tickets about billing', 'refunds for changed mind'
                    parts.counted_nouns.append(metric_targets[0].name)
                parts.qualifier_entities.append(entities[0].name)  # listed if nothing else is asked
                continue
            subject = cue in ("which", "what") or any(0 <= position - match.end <= 2 for _, _, position in comparisons)
            as_entity = bool(entities) and (
                grouped or rank is not None or subject or has_relative_clause(words, match.end, comparisons)
            )
            if as_entity and metric_targets and metric_targets[0].weight > entities[0].weight:
                as_entity = False
            if as_entity and metric_targets and rank is not None and cue == "by":
                as_entity = not self._ranked_by(match, matches)  # 'top 3 departments by budget': ranked by the metric
            if self._names_measured_rows(match, metric_targets, cue, matches, named_metrics, words):
                kind = self._kind_of_rows_said(match, metric_targets[0].name)
                if kind:  # 'revenue from new customers': which customers are new is not a filter we have
                    parts.notes.append("ignored: " + ", ".join(kind))
                    parts.confidence *= UNKNOWN_PENALTY
                continue  # 'conversion rate of sessions', 'premium customers' tickets': the rows being measured
            if metric_targets and measures_previous(match, matches, index):
                continue  # 'ticket volume', 'order count': the word measures the metric before it
            if (
                metric_targets
                and entities
                and words[match.end : match.end + 1] in (["whose"], ["who"], ["that"], ["where"])
                and any(name not in {t.name for t in metric_targets} for name in named_metrics)
            ):
                parts.listed_entities.append(entities[0].name)  # 'refunds to customers whose region is West'
                continue
            thresholded = any(0 <= position - match.end <= 2 for _, _, position in comparisons)
            if metric_targets and said_as_having(words, match, matches) and not thresholded:
                return self._ask_having(reading, metric_targets[0].name)  # 'revenue from orders with a discount'
            if (
                metric_targets
                and following is not None
                and following.start == match.end
                and following.best("metric")
                and set(following.words) & PLAN_WORDS
            ):  # 'opex plan', 'revenue target': the plan for it, not it as well
                continue
            if metric_targets and not as_entity and not (grouped and match.best("dimension")):
                if len(metric_targets) > 1:
                    metric_targets = by_aggregation_word(metric_targets, words)  # 'median' + 'resolution hours'
                if len(metric_targets) > 1:
                    return self._ask_between(reading, [t.name for t in metric_targets], " ".join(match.words))
                chosen_metric = metric_targets[0].name
                totals = self.facts.totals_of_averaged(chosen_metric) if metric_targets[0].source == "stem" else []
                if totals and not set(AGGREGATION_WORDS) & set(words) and "much" not in words:  # 'salary by dept':
                    if not {"total", "sum"} & set(words):  # the total or the average? 'total salary': the total
                        return self._ask_between(reading, [*totals, chosen_metric], " ".join(match.words))
                    chosen_metric = totals[0] if len(totals) == 1 else chosen_metric
                rivals = self.facts.metrics_named_by(match.words, metric_targets[0])
                if rivals:  # 'budget' is a synonym of budgeted_expenses and the name of campaign_budget
                    around = {t.domain for m in matches if m is not match for t in m.targets if t.kind != "value"}
                    said_before = self._member_domains_before(match, matches, words)  # 'travel costs'
                    fitting = self._named_beside(match, [chosen_metric, *rivals], words)  # 'operating costs'
                    if len(fitting) != 1:
                        fitting = self._in_domains([chosen_metric, *rivals], said_before)
                    if len(fitting) != 1:  # 'budget for the Marketing department': the one reaching departments
                        fitting = self._reaching_the_rest([chosen_metric, *rivals], match, matches)
                        if not fitting and self._names_other_rows(match, matches):
                            fitting = [chosen_metric]  # none reaches 'ticket categories': read on, the breakdown asks
                    if len(fitting) != 1:
                        fitting = self._in_domains([chosen_metric, *rivals], around)
                    if len(fitting) != 1:  # 'turnover from Toys': the members' domain
                        fitting = self._in_domains([chosen_metric, *rivals], self._member_domains(matches))
                    if len(fitting) != 1:  # the rest of the question does not tell which domain is meant
                        return self._ask_between(reading, [chosen_metric, *rivals], " ".join(match.words))
                    chosen_metric = fitting[0]
                if self.facts.counts(chosen_metric):  # 'number of customers who contacted support'
                    counted = self.graph.measure(self.graph.metrics[chosen_metric].measure).entity
                    after = words[match.end : match.end + ACT_WINDOW]  # 'customers who contacted support'
                    acted = self.facts.acted_count(counted, self._acts_after(match, matches, words), frozenset(after))
                    if acted is not None:
                        chosen_metric = acted
                        counted_through |= self._source_matches(acted, matches, index)
                parts.metrics.append(chosen_metric)
                parts.confidence *= metric_targets[0].weight
                subject_entity = self.entity_words.get(match.words[0])
                if cue in ("which", "what") and subject_entity:
                    shown = display_dimension(self.graph.entities[subject_entity])
                    if shown:
                        parts.group.append(shown)
                continue
            values = match.best("value")
            dims = match.best("dimension")
            if values and dims and all(self.graph.dimensions[t.name][1].pii.value != "none" for t in dims):
                dims = []  # 'tickets opened by phone': the phone channel, not anyone's phone number
            if as_entity and entities[0].weight >= max(t.weight for t in match.targets):
                rival = [t.name for t in dims if reach is None or t.name.split(".")[0] in reach]
                if len(rival) > 1:
                    return self._ask_between(reading, sorted(rival), " ".join(match.words), kind="dimension")
                if reach is not None and entities[0].name not in reach and len(rival) == 1:
                    parts.group.append(rival[0])  # 'markdowns by department': the products' department
                    parts.confidence *= 0.9
                    continue
                values, dims = [], []
            if values and self._names_the_domain(values, match, matches, following, cue, words, reach, named_metrics):
                values = []  # 'how many people': the word names a domain; 'the People department' names a member
            if values and entities and self._qualified_noun(match, matches, index, entities[0].name):
                values = []  # 'West stores', 'flagship stores': the stores, not the 'store' sales channel
            if values and entities and said_plural(match, reading.question) and not CONTRAST_WORDS & set(words):
                values = []  # 'revenue for stores in the South': the stores, not in-store orders
            if values and dims and (cue in FILTER_CUES or self.facts.names_value_dimension(values, words, match)):
                dims = []  # 'revenue for email': the email channel, not the email address column
            if values and not dims and not (grouped and entities):
                chosen = self.facts.pick_value(values, matches, words, index, reach)
                if chosen is None:
                    return self._ask_between(
                        reading, sorted({t.name for t in values}), " ".join(match.words), kind="dimension"
                    )
                text = f"{chosen.name} = {sql_literal(chosen.value)}"
                parts.filters.append(text)
                parts.confidence *= chosen.weight
                parts.alternatives[text] = [
                    f"{t.name} = {sql_literal(t.value)}" for t in self._other_members(match, chosen)
                ]
                continue
            if dims and entities and entities[0].weight > dims[0].weight:
                dims = []
            if dims:
                unsaid = self.facts.same_head_dimensions(match.words, dims, homes, reach, words)
                if unsaid:  # 'headcount by type': the employees' own type as much as the stores' type
                    names = sorted({t.name for t in dims} | set(unsaid))
                    return self._ask_between(reading, names, " ".join(match.words), kind="dimension")
                chosen_dim = self.facts.pick_dimension(dims, words, reach, homes, (match.start, match.end))
                if chosen_dim is None and strong_reach != reach:  # 'units sold per category to ... customers'
                    chosen_dim = self.facts.pick_dimension(dims, words, strong_reach, homes, (match.start, match.end))
                if chosen_dim is None:
                    return self._ask_between(
                        reading, sorted(t.name for t in dims), " ".join(match.words), kind="dimension"
                    )
                if not grouped and self._names_rows_of_member(chosen_dim, match, matches, index):
                    continue  # 'Lumen and Summit items': the products of those brands, not a breakdown by product
                ranked_by = rank is not None and cue == "by"  # 'top 2 refund reasons by amount refunded'
                if (not grouped or ranked_by) and self.graph.dimensions[chosen_dim][1].type == "number":
                    summed = self.facts.measure_for_number(chosen_dim)
                    if summed is not None:
                        parts.metrics.append(summed)
                        continue
                    if rank is not None and not named_metrics:  # 'top 5 stores by square feet', 'the most square feet'
                        parts.ranked_column = chosen_dim
                if not grouped and (
                    self._describes_next(chosen_dim, match, matches, index, words)
                    or self._describes_previous(chosen_dim, match, matches, index)
                    or self._describes_measured(chosen_dim, match, named_metrics, words)
                ):
                    parts.filters.append(f"{chosen_dim} = TRUE")  # 'attributed orders': those that are
                    continue
                if not grouped and self._names_kind_of(chosen_dim, match, words):
                    parts.filters.append(f"{chosen_dim} = TRUE")  # 'current employees': the employees that are
                    kind = chosen_dim.split(".")[0]
                    parts.listed_entities.append(kind)
                    counter = self.facts.count_metric(kind, timed)
                    if counter is not None and not (words and words[0] in LEADING_VERBS):
                        parts.counted_nouns.append(counter)  # 'current employees by department': count them
                    continue
                parts.group.append(chosen_dim)
                if cue in ("which", "what"):
                    parts.asked.append(chosen_dim)
                continue
            if entities:
                if cue in ("each", "every", "our") and words[lead - 2 : lead - 1] in (["at"], ["in"]):
                    parts.qualifying.append(entities[0].name)  # 'work at each store': staff without one are not
                if as_entity:
                    shown = display_dimension(self.graph.entities[entities[0].name])
                    owns_next = (
                        following is not None
                        and following.start == match.end
                        and (following.best("entity") or following.best("dimension"))
                    )  # "the agent's department": the department is grouped, the agent only says whose
                    thresholded = has_relative_clause(words, match.end, comparisons)  # 'agents with CSAT above 4.5'
                    if shown is None and (grouped or cue in ("which", "what") or thresholded) and not owns_next:
                        return self._ask_for_rows(reading, entities[0].name)  # 'ticket count by agent'
                    if shown is None and grouped and owns_next:
                        carried.add(index + 1)  # the breakdown carries over to what the agent's word owns
                    if shown is not None:
                        parts.group.append(shown)
                    if rank is not None or (cue in ("which", "what") and comparisons):
                        # 'the store with the highest payroll', 'which stores have more than 5 employees': rows
                        # without a store are no store
                        parts.qualifying.append(entities[0].name)
                elif qualifies_noun(match, matches, index):
                    parts.qualifying.append(entities[0].name)
                parts.listed_entities.append(entities[0].name)
                continue
            if match.best("domain") and parts.domain is None:
                parts.domain = match.best("domain")[0].name
        return parts


FUZZY_PENALTY = 0.93  # per misspelt word read as a model word (one edit away, and the only such word)
