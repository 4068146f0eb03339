"""What the model's descriptions say, as phrases of the vocabulary when no name says it already: a yes/no column
('Whether the line was discounted'), an entity's rows ('One row per order line'), a column ('Topic of the ticket')
and a count ('Number of answered satisfaction surveys'), each only with words no name has.
"""

from __future__ import annotations

import re

from semantic.graph.graph import SemanticGraph
from semantic.nl.lexicon import STEM, STOPWORDS, Lexicon, Target
from semantic.nl.text import tokens

DESCRIBED_ROW = re.compile(r"^one row per ([a-z ]+?)(?: opened| placed| made| by| of| in| for| with|[.(;,]|$)", re.I)
DESCRIBED_PART = re.compile(r"^([a-z]+(?: [a-z]+){0,2}) of (?:the|a|an) [a-z]+\b", re.I)
DESCRIBED_COUNT = re.compile(r"^number of ([a-z ]+?)(?: in the period)?(?:[.(;,]|$)", re.I)
AUXILIARIES = {"is", "was", "are", "were", "has", "have", "had", "been", "be", "being"}
DESCRIBED_STATE = re.compile(r"^whether (?:the |a |an )?[a-z]+ ([^.(;,]+)(?:\(([^)]*)\))?", re.IGNORECASE)


def add_descriptions(lexicon: Lexicon, graph: SemanticGraph) -> None:
    """What a description says a yes/no column or an entity's rows are, when no name says it already: 'Whether the
    line was discounted' is 'discounted', 'Whether the visitor was logged in (known customer)' is 'logged in' and
    'known customer'; 'One row per order line' makes 'order line' the entity's rows; 'Topic of the ticket' makes
    'topic' the column, as 'Selling area of the store' does 'selling area'. A count's description names
    it only with words no name has ('Number of answered satisfaction surveys'); 'Number of refunds issued' does not
    make 'refunds issued' a count rather than an amount."""
    found: list[tuple[list[str], Target]] = []
    for entity in graph.entities.values():
        for dimension in entity.dimensions:
            said = DESCRIBED_STATE.match(dimension.description or "") if dimension.type == "boolean" else None
            if said is None:
                continue
            target = Target("dimension", f"{entity.name}.{dimension.name}", entity.domain, STEM, source="description")
            aside = said.group(2) or ""  # '(known customer)'; not '(no termination date)', a condition
            phrases = [said.group(1), "" if aside.lower().startswith(("no ", "not ")) else aside]
            found += [(_said_words(phrase), target) for phrase in phrases]
    for entity in graph.entities.values():  # 'One row per order line': order lines are its rows
        row = DESCRIBED_ROW.match(" ".join((entity.description or "").split()))
        if row is not None:
            found.append(
                (tokens(row.group(1)), Target("entity", entity.name, entity.domain, STEM, source="description"))
            )
    known = {w for key in lexicon._seen for w in key} | STOPWORDS
    for entity in graph.entities.values():  # 'Topic of the ticket', 'Selling area of the store in square feet'
        for dimension in entity.dimensions:
            part = DESCRIBED_PART.match(dimension.description or "")
            if part is not None and set(tokens(part.group(1))) - known and dimension.pii.value == "none":
                target = Target(
                    "dimension", f"{entity.name}.{dimension.name}", entity.domain, STEM, source="description"
                )
                found.append((tokens(part.group(1)), target))
    for metric in graph.metrics.values():  # 'Number of answered satisfaction surveys': words no name has
        if metric.type != "simple" or not metric.measure:
            continue
        described = [metric.description or ""]
        if not metric.filter:  # and what its measure counts: 'Number of answered CSAT surveys'
            described.append(graph.measure(metric.measure).measure.description or "")
        for text in described:
            said = DESCRIBED_COUNT.match(text)
            if said is not None and set(tokens(said.group(1))) - known:
                target = Target("metric", metric.name, graph.metric_domain(metric), STEM, source="description")
                words = _said_words(said.group(1))
                found.append((words, target))
                if len(words) == 3:  # 'answered surveys' as well as 'answered satisfaction surveys'
                    found.append(([words[0], words[2]], target))
    for words, target in found:
        if 0 < len(words) <= 4 and tuple(words) not in lexicon._seen and (len(words) > 1 or set(words) - STOPWORDS):
            lexicon.add(words, target)


def _said_words(phrase: str) -> list[str]:
    words = tokens(phrase)
    while words and words[0] in AUXILIARIES:
        words = words[1:]
    return words
