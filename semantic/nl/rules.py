"""The question reader's second phase: rules over the whole question once each match has a role. Counting,
thresholds (numbers, money, percents), rates and shares, verbs that name metrics, running totals and
period-over-period comparisons; and asking back when a word stays unknown where a filter would go.
A mixin of ``Interpreter`` (it uses its graph, lexicon and model facts).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from semantic.graph.graph import SemanticGraph
from semantic.model.types import Grain
from semantic.nl.beyond import beyond_reach
from semantic.nl.compared import COMPARE_WORDS, GROWTH_WORDS, PeriodRules
from semantic.nl.cues import (
    LEADING_VERBS,
    MEASURE_CUES,
    RATIO_CUES,
    UNKNOWN_PENALTY,
)
from semantic.nl.dated_by import DatedBy
from semantic.nl.lexicon import Lexicon, display_dimension
from semantic.nl.matching import Match
from semantic.nl.metric_kinds import BUYER_VERBS, CONTEXT_VERB_NOUNS, question_acts, verb_noun
from semantic.nl.parts import Parts
from semantic.nl.reading import Reading
from semantic.nl.said_money import HOW_MUCH, NET_WORDS, SaidMoney
from semantic.nl.said_rows import VS_NOT, SaidRows
from semantic.nl.shapes import (
    JOIN_VERBS,
    THAN_NON_NUMBER,
    TO_DATE_FIRST,
    running_of,
)
from semantic.nl.text import singular
from semantic.nl.thresholds import Thresholds
from semantic.nl.timespan import TimeSpec, shift

if TYPE_CHECKING:
    from semantic.nl.choices import ModelFacts as _ModelFacts


BY_WITHOUT_METRIC = re.compile(r"^\W*(?!(?:list|show|which|what|give|display|get)\b)[\w' ]{1,40}? by\b")
EACH_ONE = re.compile(r"\beach (?:one|of them|of those|of these)\b")
EACH_ROW = re.compile(r"\beach (?:one|of them|of those|of these|is|has|belongs)\b")


class QuestionRules(Thresholds, SaidRows, SaidMoney, PeriodRules, DatedBy):
    graph: SemanticGraph
    facts: _ModelFacts
    lexicon: Lexicon

    def _apply_rules(
        self,
        reading: Reading,
        parts: Parts,
        words: list[str],
        matches: list[Match],
        unknown: list[str],
        spec: TimeSpec,
        rank: tuple[bool, int] | None,
        comparisons: list[tuple[str, float, int]],
        counting: bool,
    ) -> Reading | None:
        """Question-wide rules: counting, thresholds, rates, running totals, comparisons; ask back when unsure."""
        covered = {i for m in matches for i in range(m.start, m.end)}  # word positions some match read
        negations = self._contrasted_booleans(parts, words, matches, reading.question.lower())
        if VS_NOT.search(reading.question.lower()) and negations:
            unknown = [w for w in unknown if w != "not"]  # 'attributed to a campaign vs not': read as a breakdown
        unsupported = beyond_reach(reading, parts.metrics, parts.group, spec, words, self.graph, negations)
        if unsupported is not None:  # a negation, a snapshot, a trend without periods, a part of a cycle
            return unsupported
        unknown_member = self._unknown_member(reading, matches)
        if unknown_member is not None:  # 'payroll for the Sales department': there is no Sales department
            return unknown_member
        per_amount = self._per_amount(reading, parts, words, matches)
        if per_amount is not None:  # 'sales per square foot': a ratio to a number column, not a breakdown by it
            return per_amount
        if BUYER_VERBS.keys() & set(unknown) and self._buyers_spend(parts, words, matches):
            unknown = [w for w in unknown if w not in BUYER_VERBS]
        self._actuals(parts, words)  # 'budget vs actual by department'
        self._how_much_verb(reading, parts)  # 'how much did we sell ..., and how many completed orders'
        self._metric_of_named_rows(parts, matches)  # 'how much revenue did our campaigns drive'
        self._rows_cost(parts, words, matches)  # 'what did our campaigns cost'
        if self._net_of(parts, words):  # 'revenue after refunds', 'revenue minus refunds': net_revenue
            unknown = [w for w in unknown if w not in NET_WORDS]
        total = self._total_asked_of_average(reading, parts, words)
        if total is not None:  # 'how much did we pay in salaries': a total, not the average salary
            return total
        cost = self._cost_of_both(reading, parts, words, matches)
        if cost is not None:  # 'what did marketing cost us': the department's expenses or the marketing spend
            return cost
        if self._verb_over_count(reading, parts, unknown):  # 'how much did we collect from business customers'
            unknown = [w for w in unknown if verb_noun(w) is None]
        if spec.compare_year is not None:
            reading.clarification = (
                f"I can compare a period with the one before it (e.g. 2024 with 2023), not with {spec.compare_year}. "
                "Which comparison do you mean?"
            )
            return reading
        if spec.other_periods:
            named = "; ".join(f"{start} to {end - dt.timedelta(days=1)}" for start, end in spec.other_periods)
            reading.clarification = (
                f"You named periods that are not one range ({spec.describe()}; {named}). "
                "Which period do you mean, or should I break the whole span down by period?"
            )
            return reading
        if counting:
            self._member_counted(parts, words, matches, spec.has_range)  # 'how many cashiers ... in each store'
            self._counted_after(parts, words, reading.question)  # 'gift card payments in 2024: how many?'
        if counting and not parts.metrics and not parts.having and not parts.listed_entities and parts.group:
            reading.clarification = (  # 'how many open positions': a listing would not answer 'how many'
                f"I found no metric that counts {', '.join(parts.group)}. Which metric do you mean?"
            )
            return reading
        if not (parts.metrics or parts.group or parts.having or parts.listed_entities or parts.counted_nouns):
            parts.listed_entities.extend(parts.qualifier_entities)  # 'list the Footwear products made by Summit'
        if counting and not (parts.metrics or parts.group or parts.having or parts.listed_entities):
            owners = {f.split(".")[0] for f in parts.filters if "." in f.split(" ")[0]}
            counted = [  # 'in Store Operations, how many part-timers': the employees, which reach the department
                e for e in owners if owners <= self.graph.paths.reachable_to_one(e) | {e}
            ]
            if len(counted) == 1:  # 'how many full-timers left': the employees of that kind are counted
                parts.listed_entities.append(counted[0])
        if counting and not parts.metrics and parts.listed_entities:
            count_metric = self.facts.count_metric(
                parts.listed_entities[0],
                spec.has_range,
                bool(JOIN_VERBS & set(words)),
                question_acts(words),
                frozenset(words),
            )
            if count_metric is None:
                reading.clarification = (
                    f"I found no metric that counts {parts.listed_entities[0]}. Which metric do you mean?"
                )
                return reading
            parts.metrics.append(count_metric)
            shown = display_dimension(self.graph.entities[parts.listed_entities[0]])
            parts.group = [g for g in parts.group if g != shown]
        asked = self._count_over_period(reading, parts, words, spec)
        if asked is not None:  # 'number of customers last month': signed up, active, or all there were then
            return asked
        asked = self._apply_thresholds(reading, parts, words, matches, comparisons, spec)
        if asked is not None:  # 'more than 5 orders', '$200 or more', 'over 50,000 square feet'
            return asked
        for entity in parts.listed_entities if parts.having and parts.metrics else []:
            shown = display_dimension(self.graph.entities[entity])  # 'customers who opened at least 8 tickets'
            if shown and not any(g.split(".")[0] == entity for g in parts.group):
                parts.group.append(shown)
        if not comparisons and THAN_NON_NUMBER.search(" ".join(words)):
            reading.clarification = (
                "I can compare a metric with a number ('more than 5 orders'), not with another metric or a "
                "phrase. Which threshold do you mean?"
            )
            return reading
        if not parts.metrics and (rank is not None or (MEASURE_CUES | CONTEXT_VERB_NOUNS.keys()) & set(words)):
            around = frozenset(t.domain for m in matches for t in m.targets if t.domain and t.kind != "metric")
            members = {i for m in matches if m.best("value") for i in range(m.start, m.end)}
            free = [  # not 'paid' of the member 'paid search'; 'paid' is money only when 'how much' is asked
                w
                for i, w in enumerate(words)
                if i not in members and (w != "paid" or HOW_MUCH.search(reading.question.lower()))
            ]
            acted = self.facts.metric_from_verbs(free, parts.domain, around)  # 'which day did we sell the most'
            if acted is not None:
                parts.metrics.append(acted)
                parts.notes.append(f"read the verb as {acted}")
                parts.confidence *= 0.9
                unknown = [w for w in unknown if verb_noun(w) is None and w not in CONTEXT_VERB_NOUNS]
        spent = [w for w in unknown if w in CONTEXT_VERB_NOUNS]
        if parts.metrics and spent:  # 'budget vs actual spend', 'spend, attributed revenue and ROAS'
            domains = frozenset(self.graph.metric_domain(self.graph.metrics[m]) for m in parts.metrics)
            grouped = {self.graph.entities[g.split(".")[0]].domain for g in parts.group if "." in g}
            if len(domains) > 1 and len(domains & grouped) == 1:  # 'for each marketing channel: what did we spend'
                domains = frozenset(domains & grouped)
            acted = self.facts.metric_from_verbs(spent, parts.domain, domains)
            if acted is not None and len(domains) == 1:
                if acted not in parts.metrics:
                    parts.metrics.append(acted)
                unknown = [w for w in unknown if w not in CONTEXT_VERB_NOUNS]
            elif "we" in words and all(
                self.graph.metrics[m].format == "currency" and m not in self._money_in() for m in parts.metrics
            ):
                unknown = [w for w in unknown if w not in CONTEXT_VERB_NOUNS]  # 'expense categories where we spent
        asked_how = [w for i, w in enumerate(words) if w in unknown and i > 0 and words[i - 1] == "how"]
        if asked_how:
            reading.clarification = (
                f"I don't know how to measure {asked_how[0]!r}: no metric is called that. Which metric do you mean?"
            )
            reading.options = self._suggest(asked_how)
            return reading
        two_years = rank is None and spec.start is not None and shift(spec.start, 2, Grain.year) == spec.end
        if (
            (GROWTH_WORDS & set(words) or (two_years and COMPARE_WORDS & set(words)))
            and not any(self.graph.metrics[m].type == "derived" for m in parts.metrics)
            and (two_years or any(self.facts.compare_metrics(m, (1, Grain.year)) for m in parts.metrics))
        ):  # 'quarterly revenue with the prior-year figure and the growth rate': year over year; 'how did
            # headcount change from 2023 to 2024': a row for each year
            spec.compare = spec.compare or (1, Grain.year)
            unknown = [w for w in unknown if w not in GROWTH_WORDS | RATIO_CUES]  # 'the growth rate'

        if RATIO_CUES & set(words) and not any(
            self.graph.metrics[m].type in ("ratio", "derived") for m in parts.metrics
        ):
            entities = [*parts.listed_entities, *(f.split(".")[0] for f in parts.filters if "." in f.split(" ")[0])]
            counted = parts.metrics or [c for e in dict.fromkeys(entities) if (c := self.facts.count_metric(e))]
            rate = self.facts.rate_of(counted, parts.filters, frozenset(words))  # 'what share of orders were cancelled'
            if rate is not None:
                parts.metrics, parts.filters = [rate[0]], rate[1]
                shown = {display_dimension(self.graph.entities[e]) for e in parts.listed_entities}
                parts.group = [g for g in parts.group if g not in shown]
        if {"percentage", "percent", "pct"} & set(words) or "%" in reading.question:
            swapped = {m: self.facts.percentage_of(m) for m in parts.metrics}
            parts.metrics = list(swapped.values())
            parts.having = [self._threshold_of(h, swapped, reading.question) for h in parts.having]
        if (
            parts.metrics
            and spec.compare is None
            and (RATIO_CUES & set(words) or "%" in reading.question)
            and not any(self.graph.metrics[m].type in ("ratio", "derived") for m in parts.metrics)
        ):
            return self._ask_for_rate(reading, parts.metrics)
        listed_count = [
            i
            for i, w in enumerate(words)
            if w in ("count", "number")
            and i not in covered
            and {"and", ","} & set(words[max(0, i - 1) : i + 2])
            and words[i + 1 : i + 2] != ["of"]  # 'revenue and number of tickets' counts the tickets
        ]
        if listed_count and parts.metrics:  # 'refunds by reason – amount and count': the refunds counted too
            rows = self.facts.home_entities(parts.metrics[:1])
            counter = self.facts.count_metric(min(rows), spec.has_range) if len(rows) == 1 else None
            if counter is not None and counter not in parts.metrics:
                parts.metrics.append(counter)
        averaged = [w for i, w in enumerate(words) if w in ("average", "avg", "mean") and i not in covered]
        if averaged and parts.metrics and all(self.facts.counts(m) or self.facts.sums(m) for m in parts.metrics):
            reading.clarification = (  # 'how many orders per customer on average': not the orders of each customer
                f"You asked for an average, but {', '.join(parts.metrics)} "
                f"{'is a total' if len(parts.metrics) == 1 else 'are totals'}. Which average do you mean?"
            )
            return reading
        running = self.facts.running_metrics(parts.metrics, spec, words)
        if running and (running_of(words) or TO_DATE_FIRST.match(reading.question.lower())) and len(parts.metrics) == 1:
            parts.metrics = running  # 'running total of revenue': the running metric instead of the plain one
        parts.metrics.extend(m for m in running if m not in parts.metrics)
        self._fiscal_column(parts, spec)
        other_period = self._other_period_asked(reading, parts, spec)
        if other_period is not None:  # 'month over month revenue growth': revenue growth is year over year
            return other_period
        self._compare(parts, spec, reading.question)
        self._dated_by(parts, matches, spec)  # 'revenue of stores that opened in 2024': the stores' opening date
        if rank is not None and parts.metrics and parts.listed_entities:
            self._rank_by_count(reading, parts, spec)  # 'which store had the most orders? show revenue too'
        if (
            rank is not None
            and not parts.metrics
            and not parts.having
            and not parts.ranked_column
            and parts.counted_nouns
        ):
            parts.metrics.append(parts.counted_nouns[0])  # 'the channel with the most urgent tickets': count them
            parts.confidence *= 0.9
        if (
            rank is not None
            and not parts.metrics
            and not parts.having
            and not parts.ranked_column
            and parts.listed_entities
        ):
            listed = parts.listed_entities[-1]  # 'which store had the most orders': the last one named is counted
            shown = display_dimension(self.graph.entities[listed])
            counter = self.facts.count_metric(listed, spec.has_range)
            if counter is not None and any(g != shown for g in parts.group):
                parts.metrics.append(counter)  # 'the contact channel with the most urgent tickets': count them
                parts.group = [g for g in parts.group if g != shown]
                parts.confidence *= 0.9
        if rank is not None and not parts.metrics and not parts.having and not parts.ranked_column:
            entities = [*(d.split(".")[0] for d in parts.group if "." in d), *parts.listed_entities]
            amount = self.facts.money_metric(words, entities, parts.domain)
            if amount is not None:  # 'top 3 expense categories': by the expenses' one amount
                parts.metrics.append(amount)
                parts.notes.append(f"ranked by {amount}")
                parts.confidence *= 0.9
        if rank is not None and not parts.metrics and not parts.having and not parts.ranked_column:
            reading.clarification = "Ranked by what? I found no metric in the question to sort by."
            reading.options = self._suggest(unknown)
            return reading
        each_one = EACH_ONE.search(reading.question.lower())
        if each_one and parts.metrics and not parts.group:  # 'Central region stores: how much did each one make'
            held = {f.split(".")[0] for f in parts.filters if " = " in f}  # 'Central region': one region, not them
            named = [e for e in [*parts.listed_entities, *parts.qualifier_entities] if e not in held]
            shown = display_dimension(self.graph.entities[named[-1]]) if named else None
            if shown is not None:
                parts.group.append(shown)
        if rank is not None and not parts.group and spec.grain is None:
            units = [singular(w) for w in words if singular(w) in ("day", "week", "month", "quarter", "year")]
            if units:  # 'the highest revenue month in 2024': months are ranked
                spec.grain = Grain(units[0])
        if rank is not None and parts.metrics and not parts.group and spec.grain is None:
            ranked = [*parts.listed_entities, *parts.qualifier_entities]
            shown = display_dimension(self.graph.entities[ranked[-1]]) if ranked else None
            if shown is not None:  # 'top 5 Outdoor products by revenue': the products are what is ranked
                parts.group.append(shown)
            elif rank[1] > 1:
                reading.clarification = f"The top {rank[1]} of what? I found nothing in the question to rank."
                return reading
        if not parts.metrics and not parts.having and MEASURE_CUES & set(words):
            cue_word = sorted(MEASURE_CUES & set(words))[0]
            reading.clarification = (
                f"You asked for {cue_word!r} of something I could not match to a metric "
                f"({', '.join(unknown) or 'no metric named'}). Which metric do you mean?"
            )
            reading.options = self._suggest(unknown)
            return reading
        if (
            not parts.metrics
            and not parts.having
            and parts.counted_nouns
            and not (
                words[:1] == ["list"] and parts.listed_entities  # 'list all tickets from premium customers'
            )
        ):
            parts.metrics.append(parts.counted_nouns[0])
            parts.confidence *= 0.9
        # 'which products have been discontinued? Show category and brand', 'which Toys products ...': the products
        noun = next((m for m in matches if m.start > 0 and (m.best("entity") or not m.best("value"))), None)
        asked_noun = words[noun.start] if noun is not None else ""
        asked_rows = (
            words[0] in ("which", "what")
            and len(words) > 1
            and noun is not None
            and all(m.best("value") for m in matches if 0 < m.start < noun.start)  # members said before it
            and any(singular(e.split("_")[-1]) == asked_noun for e in parts.qualifier_entities)
        )
        each_row = EACH_ROW.search(reading.question.lower()) is not None  # 'outlet stores and the state each is in'
        if not parts.metrics and not parts.having and words and (words[0] in LEADING_VERBS or asked_rows or each_row):
            # 'list the Lumen products with their category': the products are listed, not only their category
            parts.listed_entities += [  # 'list our flagship stores with their city and region': the stores' columns
                e
                for e in parts.qualifier_entities
                if e not in parts.listed_entities
                and all(d.split(".")[0] in self.graph.paths.reachable_to_one(e) | {e} for d in parts.group)
            ]
        if not parts.metrics and not parts.having and parts.group and BY_WITHOUT_METRIC.match(" ".join(words)):
            counter = self._rows_broken_down(parts, words, matches, spec.has_range)
            if counter is not None:  # 'part-time store staff by store format': how many of them in each
                parts.metrics.append(counter)
        if (
            not parts.metrics
            and not parts.having
            and not parts.listed_entities
            and parts.group
            and BY_WITHOUT_METRIC.match(reading.question.lower())
        ):  # 'takings by store format': a breakdown of what? (a listing would say 'list' or 'which')
            reading.clarification = (
                f"You asked for a breakdown by {', '.join(parts.group)} but named no metric I know. Which metric?"
            )
            reading.options = self._suggest(unknown)
            return reading
        if not parts.metrics:
            asked_of = {d.split(".")[0] for d in parts.asked}  # 'which cities ... a flagship store': not its name
            if asked_rows:  # 'which stores are in Texas, and what type is each': the stores, then their type
                asked_of -= {e for e in parts.qualifier_entities if singular(e.split("_")[-1]) == asked_noun}
            listed = [e for e in dict.fromkeys(parts.listed_entities) if e not in asked_of]
            shown_dims = [display_dimension(self.graph.entities[e]) for e in listed]
            if listed and shown_dims[0] is None and words[:1] == ["list"]:
                return self._ask_for_rows(reading, listed[0])  # 'list all tickets ...': no column names a ticket
            parts.group = [d for d in shown_dims if d and d not in parts.group] + parts.group
            if any(w in ("date", "dates") and i not in covered for i, w in enumerate(words)):
                dated = self.facts.listing_time_dimension(parts.group, listed)  # 'with their date and status'
                if dated is not None and dated not in parts.group:
                    parts.group.append(dated)
            if len(parts.group) > 1:  # a column held to one value says nothing: 'stores in the Central region'
                fixed = {f.split(" = ")[0] for f in parts.filters if " = " in f and " AND " not in f}
                parts.group = [g for g in parts.group if g not in fixed] or parts.group
        loose = [w for i, w in enumerate(words) if w.isdigit() and i not in covered]
        if loose:  # 'customers with 5 orders': a number no rule placed is never dropped
            reading.clarification = (
                f"I could not tell what {loose[0]!r} refers to: a threshold ('more than {loose[0]}'), a period or "
                "a count of rows to show? Could you rephrase it?"
            )
            return reading
        if not parts.metrics and not parts.group and not parts.having:
            described = ", ".join(unknown) if unknown else reading.question.strip()[:80]
            reading.clarification = (
                f"I could not match {described!r} to any metric or dimension. Try a metric name (semctx list metrics)."
            )
            reading.options = self._suggest(unknown)
            return reading
        named = {singular(w) for m in parts.metrics for w in m.split("_")}
        unknown = [w for w in unknown if singular(w) not in named]  # 'new' of 'new registrations' → new_customers
        unknown = [w for w in unknown if not self._said_of(w, parts.metrics)]  # 'signups' of 'new signups'
        unknown = [w for w in unknown if not self._acts_on_source(w, words, parts.metrics)]
        unknown = [w for w in unknown if not self.facts.names_act_of(w, parts.metrics)]  # 'left': the leavers
        unknown = [w for w in unknown if spec.on is None or w != spec.said_after]  # 'ended' in May: end_date
        if unknown:
            suspicious = [w for w in unknown if len(w) > 2]
            if suspicious and self.facts.filter_shaped(words, unknown):
                reading.clarification = (
                    f"I don't know {', '.join(repr(w) for w in suspicious)}: it is not a "
                    "metric, dimension or known value. Which filter do you mean?"
                )
                reading.options = self._suggest(suspicious)
                return reading
            parts.confidence *= UNKNOWN_PENALTY ** len(suspicious)
            parts.notes.append("ignored: " + ", ".join(unknown))
        return None

    def _said_of(self, word: str, metrics: list[str]) -> bool:
        """``word`` is a form of a word in a chosen metric's name or synonyms ('collect' of 'cash collected',
        'signup' of 'new signups') and of no other metric's name: part of how the metric is said, not an unknown
        term."""
        said = {w for name in metrics for w in self.facts.metric_words(name)}
        if len(word) < 5:  # 'pay' of 'avg pay' (average_salary): only the very word
            others = {w for name in self.graph.metrics if name not in metrics for w in self.facts.metric_words(name)}
            return len(word) >= 3 and word in said and word not in others
        if any(w[:5] == word[:5] for name in self.graph.metrics if name not in metrics for w in name.split("_")):
            return False  # 'spend' of 'return on ad spend' may be marketing_spend asked for as well
        return any(w[:5] == word[:5] and abs(len(w) - len(word)) <= 3 for w in said)

    def _acts_on_source(self, word: str, words: list[str], metrics: list[str]) -> bool:
        """``word`` is the verb of a counted act, said shortly before what a chosen distinct count counts through:
        'contacted' in 'customers who contacted support' (customers_with_tickets counts through the tickets)."""
        if word not in words:
            return False
        at = words.index(word)
        for name in metrics:
            if not self.facts.counts_through(name):
                continue
            source = self.facts.source_words(name)
            if any(w in source for w in words[at + 1 : at + 4]):
                return True
        return False
