"""The semantic graph: indexes every element by name and links them (networkx) for joins and retrieval.

Building is tolerant (first definition wins, dangling references are skipped) so validation rules can
run on it; the facade only serves graphs whose model validated without errors.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Iterable, Optional

from semantic.errors import AmbiguousNameError, UnknownNameError
from semantic.graph.paths import EntityGraph, PathFinder
from semantic.model.semantic_model import SemanticModel
from semantic.model.types import Dimension, Entity, Grain, Measure, Metric
from semantic.names import split_name

if TYPE_CHECKING:
    import networkx as nx

METRIC_TIME = "metric_time"


@dataclass(frozen=True, eq=False)
class DimensionRef:
    """A resolved dimension: ``entity`` is None for metric_time (bound per measure later).

    Equal when they name the same dimension at the same grain.
    """

    entity: Optional[str]
    dimension: Optional[Dimension]
    grain: Optional[Grain]

    def _key(self) -> tuple[Optional[str], Optional[str], Optional[Grain]]:
        return (self.entity, self.dimension.name if self.dimension else None, self.grain)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DimensionRef) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    @property
    def is_metric_time(self) -> bool:
        return self.entity is None

    @property
    def name(self) -> str:
        """'entity.dimension' (or metric_time) without the grain: the name policies and masks use."""
        return METRIC_TIME if self.entity is None else f"{self.entity}.{self.dimension.name}"  # type: ignore[union-attr]

    @property
    def qualified(self) -> str:
        """The name with its grain, as written in a query ('orders.ordered_at__month')."""
        return f"{self.name}__{self.grain.value}" if self.grain else self.name


@dataclass(frozen=True, eq=False)
class MeasureRef:
    entity: str
    measure: Measure

    def __eq__(self, other: object) -> bool:
        return isinstance(other, MeasureRef) and (self.entity, self.measure.name) == (other.entity, other.measure.name)

    def __hash__(self) -> int:
        return hash((self.entity, self.measure.name))

    @property
    def qualified(self) -> str:
        return f"{self.entity}.{self.measure.name}"


class SemanticGraph:
    """Name indexes and the entity join graph of one model."""

    def __init__(self, model: SemanticModel) -> None:
        self.model = model
        self.entities: dict[str, Entity] = {}
        self.dimensions: dict[str, tuple[Entity, Dimension]] = {}
        self.dimensions_by_name: dict[str, list[str]] = {}
        self.measures: dict[str, MeasureRef] = {}
        self.measures_by_name: dict[str, list[str]] = {}
        self.metrics: dict[str, Metric] = {}
        self.domains = {d.name: d for d in reversed(model.domains)}
        for entity in model.entities:
            self._add_entity(entity)
        for metric in model.metrics:
            self.metrics.setdefault(metric.name, metric)
        self.entity_graph = EntityGraph(self.entities)
        for rel in model.relationships:
            if rel.from_entity in self.entities and rel.to_entity in self.entities:
                to_columns = rel.to_columns or self.entities[rel.to_entity].primary_key or ()
                to_tuple = (to_columns,) if isinstance(to_columns, str) else tuple(to_columns)
                self.entity_graph.add_relationship(rel, to_tuple)
        self.paths = PathFinder(self.entity_graph)
        self.cache: dict[str, dict[object, object]] = {}

    def _add_entity(self, entity: Entity) -> None:
        if entity.name in self.entities:
            return
        self.entities[entity.name] = entity
        for dimension in entity.dimensions:
            key = f"{entity.name}.{dimension.name}"
            if key not in self.dimensions:
                self.dimensions[key] = (entity, dimension)
                self.dimensions_by_name.setdefault(dimension.name, []).append(key)
        for measure in entity.measures:
            key = f"{entity.name}.{measure.name}"
            if key not in self.measures:
                self.measures[key] = MeasureRef(entity.name, measure)
                self.measures_by_name.setdefault(measure.name, []).append(key)

    # ---- name resolution -------------------------------------------------------------------------

    def metric(self, name: str) -> Metric:
        found = self.metrics.get(name)
        if found is None:
            raise UnknownNameError("metric", name, self.metrics)
        return found

    def measure(self, name: str, owner: Optional[str] = None) -> MeasureRef:
        """Resolve 'entity.measure' or a bare measure name (unique, or on ``owner``)."""
        if name in self.measures:
            return self.measures[name]
        keys = self.measures_by_name.get(name, [])
        if owner and f"{owner}.{name}" in self.measures:
            return self.measures[f"{owner}.{name}"]
        if len(keys) == 1:
            return self.measures[keys[0]]
        if keys:
            raise AmbiguousNameError(
                f"measure {name!r} is defined on several entities: {', '.join(keys)}; qualify it as entity.measure",
                details={"candidates": keys},
            )
        raise UnknownNameError("measure", name, list(self.measures) + list(self.measures_by_name))

    def dimension(self, name: str) -> DimensionRef:
        """Resolve 'entity.dim', 'entity__dim', a unique bare 'dim', or 'metric_time', each with '__grain'."""
        entity_name, dim_name, grain_text = split_name(name)
        grain = Grain(grain_text) if grain_text else None
        if entity_name is None and dim_name == METRIC_TIME:
            return DimensionRef(None, None, grain or Grain.day)
        if entity_name == METRIC_TIME or self._bad_grain(entity_name, dim_name):
            raise UnknownNameError(
                "dimension",
                name,
                self._dimension_names(),
                hint="Time grains are: " + ", ".join(g.value for g in Grain) + ".",
            )
        if entity_name is not None:
            found = self.dimensions.get(f"{entity_name}.{dim_name}")
            if found is None:
                if entity_name not in self.entities:
                    raise UnknownNameError("dimension", name, self._dimension_names())
                raise UnknownNameError(
                    "dimension",
                    name,
                    self._dimension_names(),
                    hint=f"Entity {entity_name!r} has: "
                    + ", ".join(d.name for d in self.entities[entity_name].dimensions)
                    + ".",
                )
            entity, dimension = found
        else:
            keys = self.dimensions_by_name.get(dim_name, [])
            if not keys:
                raise UnknownNameError("dimension", name, self._dimension_names())
            if len(keys) > 1:
                raise AmbiguousNameError(
                    f"dimension {dim_name!r} exists on several entities: {', '.join(keys)}; "
                    "qualify it as entity.dimension",
                    details={"candidates": keys},
                )
            entity, dimension = self.dimensions[keys[0]]
        if grain is not None and dimension.type != "time":
            raise UnknownNameError(
                "dimension",
                name,
                self._dimension_names(),
                hint=f"{entity.name}.{dimension.name} is not a time dimension, so it has no grain.",
            )
        if dimension.type == "time" and grain is None:
            grain = dimension.grain or Grain.day
        if grain is not None and dimension.grain is not None and grain.rank < dimension.grain.rank:
            from semantic.errors import QueryError

            raise QueryError(
                f"{entity.name}.{dimension.name} is recorded per {dimension.grain.value}; "
                f"it cannot be grouped by the finer grain {grain.value}"
            )
        return DimensionRef(entity.name, dimension, grain)

    def _bad_grain(self, entity_name: Optional[str], dim_name: str) -> bool:
        """'orders.ordered_at__fortnight' or 'orders__ordered_at__fortnight': a time dimension, unknown grain."""
        if entity_name is None or f"{entity_name}.{dim_name}" in self.dimensions:
            return False
        candidates = [f"{entity_name}.{dim_name.split('__')[0]}", entity_name.replace("__", ".")]
        return any(
            self.dimensions.get(c, (None, None))[1] is not None and self.dimensions[c][1].type == "time"
            for c in candidates
        )

    def _dimension_names(self) -> list[str]:
        return [METRIC_TIME, *self.dimensions, *self.dimensions_by_name]

    # ---- derived facts ---------------------------------------------------------------------------

    def agg_time_dimension(self, ref: MeasureRef) -> Optional[Dimension]:
        """The time dimension a measure aggregates over (metric_time), or None."""
        entity = self.entities[ref.entity]
        name = ref.measure.agg_time_dimension or entity.default_time_dimension
        if name is None:
            times = [d for d in entity.dimensions if d.type == "time"]
            return times[0] if len(times) == 1 else None
        found = self.dimensions.get(f"{entity.name}.{name}")
        return found[1] if found else None

    def metric_domain(self, metric: Metric, _seen: Optional[set[str]] = None) -> Optional[str]:
        """The declared domain, else the domain of what the metric is built from."""
        if metric.domain:
            return metric.domain
        seen = _seen or set()
        if metric.name in seen:
            return None
        seen.add(metric.name)
        if metric.measure:
            try:
                return self.entities[self.measure(metric.measure).entity].domain
            except (UnknownNameError, AmbiguousNameError):
                return None
        upstream = [metric.numerator] if metric.numerator else [i.metric for i in metric.inputs]
        for name in upstream:
            if name and name in self.metrics:
                domain = self.metric_domain(self.metrics[name], seen)
                if domain:
                    return domain
        return None

    def base_measures(self, metric: Metric) -> list[MeasureRef]:
        """Every measure a metric is ultimately computed from (lineage)."""
        found: dict[str, MeasureRef] = {}
        stack, seen = [metric], set()
        while stack:
            current = stack.pop()
            if current.name in seen:
                continue
            seen.add(current.name)
            if current.measure:
                ref = self.measure(current.measure)
                found[ref.qualified] = ref
            for name in self._upstream_metric_names(current):
                if name in self.metrics:
                    stack.append(self.metrics[name])
        return [found[key] for key in sorted(found)]

    def upstream_metrics(self, metric: Metric) -> list[str]:
        """Every metric ``metric`` is computed from, directly or not (not itself)."""
        found: list[str] = []
        stack = list(self._upstream_metric_names(metric))
        while stack:
            name = stack.pop()
            if name in found or name == metric.name or name not in self.metrics:
                continue
            found.append(name)
            stack.extend(self._upstream_metric_names(self.metrics[name]))
        return found

    @staticmethod
    def _upstream_metric_names(metric: Metric) -> list[str]:
        """Metrics this one is computed from: ratio parts, declared inputs, and names used in a derived expr."""
        names = [n for n in (metric.numerator, metric.denominator) if n] + [i.metric for i in metric.inputs]
        if metric.type == "derived" and metric.expr:
            aliases = {i.ref for i in metric.inputs}
            names += [name for name in _expression_names(metric.expr) if name not in aliases]
        return list(dict.fromkeys(names))

    def entities_in_domain(self, domain: Optional[str]) -> Iterable[Entity]:
        return (e for e in self.entities.values() if domain is None or e.domain == domain)

    @cached_property
    def element_graph(self) -> nx.MultiDiGraph:
        """Every element as a node ('metric:revenue', 'dimension:orders.status', ...) with typed edges.

        Retrieval walks this graph to expand from a hit to what it needs (join paths, dimensions).
        """
        from semantic.graph.element_graph import build_element_graph

        return build_element_graph(self)


@lru_cache(maxsize=4096)
def _expression_names(expr: str) -> tuple[str, ...]:
    """Bare column names in a derived metric's expression (the metrics it uses)."""
    import sqlglot
    from sqlglot import exp
    from sqlglot.errors import ParseError, TokenError

    try:
        parsed = sqlglot.parse_one(expr)
    except (ParseError, TokenError, ValueError):
        return ()
    return tuple(c.name for c in parsed.find_all(exp.Column) if not c.table)
