"""The vocabulary of a model: every phrase a question may use for a metric, dimension, entity, value or domain.

Built once per semantic layer from names, labels, synonyms, sample values and (when a warehouse is there)
the members of low-cardinality categorical dimensions. PII dimensions never contribute values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Optional

from semantic.graph.graph import SemanticGraph
from semantic.model.types import Dimension, Entity
from semantic.nl.places import state_names
from semantic.nl.text import FuzzyVocabulary, phrase_tokens, singular, tokens

MAX_VALUES_PER_DIMENSION = 500
MAX_PHRASE = 6
NAME, SYNONYM, VALUE, STEM = 1.0, 0.95, 0.9, 0.85
# a metric named for its aggregation ('median_resolution_hours') is also found by the rest of its name
DURATION_UNITS = {"second", "minute", "hour", "day", "week"}
AGGREGATION_PREFIXES = {"avg", "average", "mean", "median", "total", "sum", "min", "max", "p50", "p90", "p95", "p99"}
GENERIC = {
    "total",
    "amount",
    "count",
    "value",
    "month",
    "date",
    "day",
    "week",
    "year",
    "quarter",
    "id",
    "number",
    "rows",
    "row",
    "sum",
    "status",
    "name",
    "at",
    "time",
}

STOPWORDS = set(
    """
a an the of for in on at by per to from with and or vs versus is are was were be been what whats which who whom
how much many show me give list display get find tell return all each every our my we us i you your their its
total overall number count amount sum please can could would should do does did have has had there that this these
those it as into across over between than more less most least top bottom best worst highest lowest largest
smallest biggest first last broken down split breakdown group grouped along together plus where when while whose
value values data report metric metrics dimension dimension also only just any some ever currently current per
time all-time alltime so far side ago since today date period whole entire overall
sold sell selling sale placed place made make opened open came come bought buy generated generate earned earn got get
went go had did done see look looking break broke brought bring recorded record happened signed sign started
issued issue
about above after again against am any aren because before being below both during few further here hers herself
him himself his into itself let more most myself nor off once other ought ours ourselves out own same she should
so such themselves then there they through too under until up very we'd well were what's when where which while
whom why with won't would you'd yours yourself yourselves like want need needs know tell explain breakdown
please kindly quick quickly roughly approximately exactly actually really currently now already still yet
compare comparing comparison versus vs show shows showing see seen list listing give giving provide pull fetch
get gets getting was been being having has have had do does doing done make makes making made
average avg mean percentage percent pct share day week month quarter year operate operating run running serve
handle handled hold held keep kept take taken takes took taking
alongside along together including include includes carry carried
moved move launched launch aimed aim aiming targeting targeted geared bought purchased ran
something anything fine trend trends trending combined altogether distinct unique end away
figure figures numbers stats statistics summary summarize overview kpi kpis level levels look looks looked doing
happen happened happening result results company firm track tracking
joined join signed registered register onboarded enrolled earlier
assigned assign live lives living located based reside residing receive received work works working employ employed
pls plz thanks thx stack stacks stacked question team here actual actuals kick kicked rank ranked ranking approved
use used using exist exists existing start starts starting begin began begun onward onwards
belong belongs belonging sit sits sitting drove drive drives driven website site wide ops cash book books booked
via money
""".split()
) | {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twenty"}


@dataclass(frozen=True)
class Target:
    """What a phrase can mean."""

    kind: str  # metric | dimension | entity | value | domain
    name: str  # metric name, 'entity.dim', entity name or domain name
    domain: Optional[str]
    weight: float
    value: Optional[object] = None
    source: str = "name"


@dataclass
class Lexicon:
    phrases: dict[tuple[str, ...], list[Target]] = field(default_factory=dict)
    bags: dict[tuple[str, ...], list[Target]] = field(default_factory=dict)
    vocabulary: Optional[FuzzyVocabulary] = None
    words: set[str] = field(default_factory=set)
    longest: int = 1
    time_phrases: list[str] = field(default_factory=list)
    fillers: set[str] = field(default_factory=set)  # the company's own name: 'how many people work at Acme'
    members: dict[str, set[object]] = field(default_factory=dict)  # the known members of each dimension

    _seen: dict[tuple[str, ...], dict[tuple[object, ...], Target]] = field(default_factory=dict)
    _seen_bags: dict[tuple[str, ...], dict[tuple[object, ...], Target]] = field(default_factory=dict)

    def add(self, words: Iterable[str], target: Target) -> None:
        """Record that ``words`` can mean ``target`` (the strongest source wins for a repeated meaning)."""
        key = tuple(w for w in words if w)
        if not key or len(key) > MAX_PHRASE:
            return
        identity = (target.kind, target.name, target.value)
        for store, index in ((self._seen, key), (self._seen_bags, tuple(sorted(key)) if len(key) > 1 else None)):
            if index is None:
                continue
            bucket = store.setdefault(index, {})
            known = bucket.get(identity)
            if known is None or known.weight < target.weight:
                bucket[identity] = target
        self.longest = max(self.longest, len(key))

    def finish(self) -> None:
        self.phrases = {key: list(bucket.values()) for key, bucket in self._seen.items()}
        self.bags = {key: list(bucket.values()) for key, bucket in self._seen_bags.items()}
        self.words = {w for key in self.phrases for w in key}
        for targets in self.phrases.values():
            for target in targets:
                if target.kind == "value":
                    self.members.setdefault(target.name, set()).add(target.value)
        # long common words that are part of names ('amount') can be misspelt too
        self.vocabulary = FuzzyVocabulary((self.words - STOPWORDS) | {w for w in self.words & STOPWORDS if len(w) > 5})
        time_words = {"mtd", "ytd", "qtd", "date", "running", "rolling", "yoy"}
        self.time_phrases = sorted(
            {
                " ".join(key)
                for key, targets in self.phrases.items()
                if len(key) > 1
                and (time_words & set(key) or key[0] in ("prior", "previous"))  # 'prior year revenue' is a metric
                and any(t.kind == "metric" for t in targets)
            },
            key=len,
            reverse=True,
        )


def build_lexicon(graph: SemanticGraph, values: dict[str, list[object]]) -> Lexicon:
    """Phrases for every element; ``values`` maps 'entity.dim' to its known members."""
    from semantic.nl.described import add_descriptions  # it builds on this module's Target and weights

    lexicon = Lexicon()
    for domain in graph.domains.values():
        _add_element(lexicon, "domain", domain.name, domain.name, domain.label, domain.synonyms)
    for metric in graph.metrics.values():
        _add_element(lexicon, "metric", metric.name, graph.metric_domain(metric), metric.label, metric.synonyms)
        words = phrase_tokens(metric.name)
        if len(words) > 1 and words[0] in AGGREGATION_PREFIXES:
            lexicon.add(words[1:], Target("metric", metric.name, graph.metric_domain(metric), STEM, source="stem"))
        if len(words) > 1 and words[-1] in DURATION_UNITS:  # 'median_resolution_hours' is a 'median resolution time'
            timed = [*words[:-1], "time"]
            lexicon.add(timed, Target("metric", metric.name, graph.metric_domain(metric), STEM, source="stem"))
            if timed[0] in AGGREGATION_PREFIXES:
                lexicon.add(timed[1:], Target("metric", metric.name, graph.metric_domain(metric), STEM, source="stem"))
            for verb in _verbs_of(words[-2]):  # 'resolution' hours: how long things take 'to resolve'
                lexicon.add(["to", verb], Target("metric", metric.name, graph.metric_domain(metric), STEM, "verb"))
    _add_base_synonyms(lexicon, graph)
    for entity in graph.entities.values():
        _add_element(lexicon, "entity", entity.name, entity.domain, entity.label, entity.synonyms)
        for dimension in entity.dimensions:
            _add_dimension(lexicon, entity, dimension, values.get(f"{entity.name}.{dimension.name}", []))
    _add_roles(lexicon, graph)
    _add_glossary(lexicon, graph)
    add_descriptions(lexicon, graph)
    lexicon.finish()
    single = {key[0] for key in lexicon.phrases if len(key) == 1}  # a name that is also a term stays a term
    lexicon.fillers = {w for w in phrase_tokens(graph.model.config.name or "") if len(w) > 2} - single - STOPWORDS
    return lexicon


PERIOD_WORDS = {"year", "quarter", "month", "week", "day", "date", "ytd", "mtd", "qtd", "last", "7d", "rolling"}


def _add_base_synonyms(lexicon: Lexicon, graph: SemanticGraph) -> None:
    """A metric's phrase that names a plain metric ('revenue growth', 'revenue per customer') said with that
    metric's synonyms ('sales growth', 'sales per customer'), unless the phrase already names something."""
    bases = {  # the words of a plain metric's name → the metric and its synonyms
        tuple(phrase_tokens(m.name)): (m.name, [tokens(s) for s in m.synonyms])
        for m in graph.metrics.values()
        if m.type == "simple" and m.synonyms
    }
    for metric in graph.metrics.values():
        domain = graph.metric_domain(metric)
        for phrase in [phrase_tokens(metric.name), *(tokens(s) for s in metric.synonyms)]:
            if set(phrase) & PERIOD_WORDS:
                continue  # 'year to date revenue': the period is read as a period first
            found: dict[tuple[str, ...], int] = {}  # each base named in the phrase, where it is first said
            for at in range(len(phrase)):
                for end in range(at + 1, len(phrase) + 1):
                    if tuple(phrase[at:end]) in bases:
                        found.setdefault(tuple(phrase[at:end]), at)
            for named, at in found.items():
                base, synonyms = bases[named]
                for synonym in synonyms if base != metric.name else []:
                    said = [*phrase[:at], *synonym, *phrase[at + len(named) :]]
                    if tuple(said) not in lexicon._seen:
                        lexicon.add(said, Target("metric", metric.name, domain, STEM, source="synonym"))


def _add_glossary(lexicon: Lexicon, graph: SemanticGraph) -> None:
    """A glossary term whose definition points at exactly one metric is another word for it ('attrition: employees
    leaving the company; see the terminations metric'), unless the word already names something."""
    for term in graph.model.glossary:
        said = " " + " ".join(tokens(term.definition)) + " "
        named = [  # 'see the terminations metric': the definition points at the metric, not at its rows
            m
            for m in graph.metrics.values()
            if f" {' '.join(phrase_tokens(m.name))} metric " in said
            or f" see {' '.join(phrase_tokens(m.name))} " in said
        ]
        if len(named) != 1:
            continue
        metric = named[0]
        for phrase in [term.name, *term.synonyms]:
            words = tokens(phrase)
            if words and tuple(words) not in lexicon.phrases:
                lexicon.add(
                    words, Target("metric", metric.name, graph.metric_domain(metric), SYNONYM, source="glossary")
                )


# plain words for the false side of a yes/no column, by what its name or description says it is
OPPOSITES = {
    "discontinued": {"active", "still"},
    "anonymous": {"identified", "logged"},
}


def _add_element(
    lexicon: Lexicon, kind: str, name: str, domain: Optional[str], label: Optional[str], synonyms: Iterable[str]
) -> None:
    lexicon.add(phrase_tokens(name), Target(kind, name, domain, NAME))
    if label:
        lexicon.add(tokens(label), Target(kind, name, domain, SYNONYM, source="label"))
    for synonym in synonyms:
        lexicon.add(tokens(synonym), Target(kind, name, domain, SYNONYM, source="synonym"))


def _add_dimension(lexicon: Lexicon, entity: Entity, dimension: Dimension, members: list[object]) -> None:
    qualified = f"{entity.name}.{dimension.name}"
    entity_word = singular(entity.name.split("_")[-1])
    words = phrase_tokens(dimension.name)
    names = [words]
    if dimension.type == "time" and words and words[-1] in ("at", "on", "date", "time", "timestamp"):
        names = [words[:-1] + ["date"]] + ([words] if words[-1] != "at" else [])
    for variant in list(names):
        if variant and variant[0] != entity_word:
            names.append([entity_word, *variant])
        elif len(variant) > 1 and variant[1:] not in names and not (len(variant) == 2 and variant[1] in GENERIC):
            names.append(variant[1:])
    for variant in names:
        lexicon.add(variant, Target("dimension", qualified, entity.domain, NAME))
    if dimension.type == "time" and len(names[0]) == 2 and names[0][0].endswith("ed") and names[0][1] == "date":
        stem = [names[0][0][:-2], "date"]  # 'launched_date' is the 'launch date', as 'opened_date' the 'open date'
        lexicon.add(stem, Target("dimension", qualified, entity.domain, SYNONYM, source="synonym"))
        lexicon.add([entity_word, *stem], Target("dimension", qualified, entity.domain, SYNONYM, source="synonym"))
    if dimension.label:
        lexicon.add(tokens(dimension.label), Target("dimension", qualified, entity.domain, SYNONYM, source="label"))
    for synonym in dimension.synonyms:
        lexicon.add(tokens(synonym), Target("dimension", qualified, entity.domain, SYNONYM, source="synonym"))
    if dimension.type == "boolean":  # 'unattributed orders', 'non-converted sessions', 'inactive products'
        states = _boolean_words(words, dimension.synonyms)
        for word in states:
            for said in ([f"un{word}"], [f"in{word}"], [f"non{word}"], ["non", word], ["not", word]):
                lexicon.add(said, Target("value", qualified, entity.domain, VALUE, False, "negation"))
        described = set(tokens(dimension.description or ""))
        for opposite, of in OPPOSITES.items():  # 'discontinued products', 'anonymous visitors'
            if of & (states | described):
                lexicon.add([opposite], Target("value", qualified, entity.domain, VALUE, False, "negation"))
    if dimension.pii.value != "none" or dimension.type not in ("categorical", "boolean"):
        return
    values = list(dimension.sample_values) + list(members)
    for member in values:
        if isinstance(member, str) and 0 < len(member) <= 60:
            lexicon.add(tokens(member), Target("value", qualified, entity.domain, VALUE, member, "value"))
            for said in _agent_nouns(tokens(member)):  # 'contractors' are the 'contract' ones, 'full-timers'
                lexicon.add(said, Target("value", qualified, entity.domain, VALUE, member, "agent noun"))
    for code, name in state_names(values).items():
        lexicon.add(tokens(name), Target("value", qualified, entity.domain, VALUE, code, "value"))


def _boolean_words(name: list[str], synonyms: Iterable[str]) -> set[str]:
    """The one-word states a boolean dimension names: ``_boolean_words(["is", "attributed"], [])`` is
    {'attributed'}."""
    said = [name[1:] if name[:1] in (["is"], ["has"], ["was"]) else name, *(tokens(s) for s in synonyms)]
    return {words[0] for words in said if len(words) == 1 and len(words[0]) > 3}


def _verbs_of(noun: str) -> list[str]:
    """The verbs an action noun may come from: ``_verbs_of("resolution")`` is ['resolve'];
    ``_verbs_of("completion")`` is ['complete', 'complet']."""
    if noun.endswith("ution"):
        return [noun[: -len("ution")] + "ve"]
    if noun.endswith("tion") and len(noun) > 6:
        return [noun[: -len("ion")] + "e", noun[: -len("ion")]]
    return []


def _agent_nouns(words: list[str]) -> list[list[str]]:
    """The people a member's last word makes ('contract' → contractor, 'full time' → full timer), as the
    singular tokens a question's words are read as."""
    if not words or len(words[-1]) < 4 or not words[-1].isalpha() or words[-1][-1] in "ry":
        return []
    last = words[-1]
    endings = ["r"] if last.endswith("e") else ["or", "er"]
    return [[*words[:-1], last + ending] for ending in endings]


def _add_roles(lexicon: Lexicon, graph: SemanticGraph) -> None:
    """A relationship's role word names the entity it reaches: 'ticket_agent' makes 'agent' an employee."""
    for relationship in graph.model.relationships:
        if not relationship.name or relationship.to_entity not in graph.entities:
            continue
        role = phrase_tokens(relationship.name)[-1]
        own = {*phrase_tokens(relationship.to_entity), *phrase_tokens(relationship.from_entity)}
        if role in own or role in STOPWORDS or (role,) in lexicon._seen:
            continue
        target = graph.entities[relationship.to_entity]
        lexicon.add([role], Target("entity", target.name, target.domain, SYNONYM, source="role"))


def display_dimension(entity: Entity) -> Optional[str]:
    """The dimension that names one row of an entity (for 'list stores', 'top 5 products')."""
    word = singular(entity.name.split("_")[-1])
    preferred = [
        f"{word}_name",
        f"{entity.name}_name",
        "name",
        word,
        "full_name",
        "title",
        f"{word}_number",
        f"{word}_id",
    ]
    by_name = {d.name: d for d in entity.dimensions}
    for name in preferred:
        if name in by_name and by_name[name].pii.value == "none":
            return f"{entity.name}.{name}"
    for dimension in entity.dimensions:
        if dimension.name.endswith("_name") and dimension.type == "categorical" and dimension.pii.value == "none":
            return f"{entity.name}.{dimension.name}"
    keys = set(entity.key_columns)
    for dimension in entity.dimensions:
        if dimension.name in keys:
            return f"{entity.name}.{dimension.name}"
    return None
