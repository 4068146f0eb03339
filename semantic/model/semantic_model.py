"""The whole model after loading: every element from every file, plus where each was written."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Optional

from semantic.model.config import ProjectConfig
from semantic.model.types import (
    Dimension,
    Domain,
    Entity,
    GlossaryTerm,
    Measure,
    Metric,
    Relationship,
    VerifiedQuestion,
)


@dataclass(frozen=True)
class Location:
    """Where an element was written: file relative to the project, 1-based line."""

    file: str
    line: Optional[int] = None

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


@dataclass(frozen=True)
class SemanticModel:
    """All elements of a project, unvalidated across files (see ``semantic.model.rules``)."""

    config: ProjectConfig
    root: Optional[Path] = None
    domains: tuple[Domain, ...] = ()
    entities: tuple[Entity, ...] = ()
    relationships: tuple[Relationship, ...] = ()
    metrics: tuple[Metric, ...] = ()
    verified_questions: tuple[VerifiedQuestion, ...] = ()
    glossary: tuple[GlossaryTerm, ...] = ()
    locations: dict[str, Location] = field(default_factory=dict)

    def where(self, key: str) -> Location:
        """Location of ``kind:name`` (e.g. ``metric:revenue``); unknown file when not recorded."""
        return self.locations.get(key, Location("<unknown>"))

    def iter_dimensions(self) -> Iterator[tuple[Entity, Dimension]]:
        for entity in self.entities:
            for dimension in entity.dimensions:
                yield entity, dimension

    def iter_measures(self) -> Iterator[tuple[Entity, Measure]]:
        for entity in self.entities:
            for measure in entity.measures:
                yield entity, measure
