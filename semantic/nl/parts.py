"""What the matches of one question have been assigned to while the reader works through it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional


@dataclass
class Parts:
    """What the matches of one question have been assigned to so far."""

    metrics: list[str] = field(default_factory=list)
    group: list[str] = field(default_factory=list)
    filters: list[str] = field(default_factory=list)
    having: list[str] = field(default_factory=list)
    listed_entities: list[str] = field(default_factory=list)
    asked: list[str] = field(default_factory=list)  # dimensions the question asks for: 'which cities'
    qualifying: list[str] = field(default_factory=list)  # 'store' in 'store staff': only rows that have one
    alternatives: dict[str, list[str]] = field(default_factory=dict)  # filter → other readings of its words
    counted_nouns: list[str] = field(default_factory=list)  # 'tickets about billing': count the tickets
    qualifier_entities: list[str] = field(default_factory=list)  # 'list the Footwear products': list them
    ranked_column: Optional[str] = None  # 'top 5 stores by square feet': rows ranked by a column of theirs
    notes: list[str] = field(default_factory=list)
    confidence: float = 1.0
    domain: Optional[str] = None
