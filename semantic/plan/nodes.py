"""Plan nodes: small frozen records of what the SQL must do, each with a readable ``describe()``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from sqlglot import exp

from semantic.graph.graph import DimensionRef, MeasureRef
from semantic.graph.paths import JoinStep
from semantic.model.types import Grain
from semantic.query.filters import ResolvedFilter

Offset = tuple[tuple[int, Grain], ...]


@dataclass(frozen=True)
class OutputDimension:
    """A group-by column: what it is and the column name it gets."""

    alias: str
    ref: DimensionRef


@dataclass(frozen=True)
class Cumulative:
    """A running (window None) or trailing-window aggregate, optionally restarting each grain_to_date."""

    window: Optional[tuple[int, Grain]]
    grain_to_date: Optional[Grain]

    def describe(self) -> str:
        parts = [f"window {self.window[0]} {self.window[1].value}" if self.window else "running"]
        if self.grain_to_date:
            parts.append(f"{self.grain_to_date.value} to date")
        return ", ".join(parts)


@dataclass(frozen=True)
class AggregateColumn:
    """One aggregate of a node. ``only_where``: the measure aggregates only rows passing this filter (set when
    filtered metrics share a node, see plan/fold.py); ``empty_is_null``: a count over no such rows reads NULL, as
    it did when the filter had a node of its own."""

    alias: str
    measure: MeasureRef
    only_where: Optional["ResolvedFilter"] = None
    empty_is_null: bool = False


@dataclass(frozen=True)
class JoinedEntity:
    """One join in a node: entity ``entity`` under SQL alias ``alias``, reached by ``step`` from ``parent``."""

    alias: str
    entity: str
    parent_alias: str
    step: JoinStep


@dataclass(frozen=True)
class AggregationNode:
    """Aggregates measures of one entity at the query's grain (one CTE). Measures share a node only
    when they share entity, time dimension, offset, cumulative window and metric filter."""

    name: str
    entity: str
    time_dimension: Optional[str]
    offset: Offset = ()
    cumulative: Optional[Cumulative] = None
    metric_filter: Optional[ResolvedFilter] = None
    measures: tuple[AggregateColumn, ...] = ()
    joins: tuple[JoinedEntity, ...] = ()
    join_aliases: tuple[tuple[str, str], ...] = ()
    fan_out: bool = False

    def alias_of(self, entity: str) -> str:
        if entity == self.entity:
            return self.entity
        return dict(self.join_aliases)[entity]

    def join_chains(self) -> list[str]:
        """Each join path from the node's entity to a leaf, e.g. 'orders -> stores -> regions'."""
        by_alias = {j.alias: j for j in self.joins}
        parents = {j.parent_alias for j in self.joins}
        chains = []
        for join in self.joins:
            if join.alias in parents:
                continue
            steps, current = [], join
            while True:
                steps.append(current)
                if current.parent_alias not in by_alias:
                    break
                current = by_alias[current.parent_alias]
            text = self.entity
            for step in reversed(steps):
                text += (" -< " if step.step.fans_out else " -> ") + step.alias
            chains.append(text)
        return chains

    def describe(self) -> str:
        parts = [f"{self.name}: aggregate {', '.join(m.measure.qualified for m in self.measures)}"]
        if self.joins:
            parts.append("joins " + "; ".join(self.join_chains()))
        if self.fan_out:
            parts.append("deduplicated per primary key (one-to-many join)")
        if self.offset:
            parts.append("shifted by " + " + ".join(f"{n} {g.value}" for n, g in self.offset))
        if self.cumulative:
            parts.append("cumulative " + self.cumulative.describe())
        if self.metric_filter:
            parts.append(f"where {self.metric_filter.text}")
        return "; ".join(parts)


@dataclass(frozen=True)
class OutputMetric:
    alias: str
    expression: exp.Expression
    hidden: bool = False


@dataclass(frozen=True)
class OrderItem:
    alias: str
    descending: bool


@dataclass(frozen=True)
class Plan:
    """Everything needed to render SQL. ``nodes`` empty means a dimension-only (DISTINCT) query."""

    dimensions: tuple[OutputDimension, ...]
    filters: tuple[ResolvedFilter, ...] = ()
    having: tuple[ResolvedFilter, ...] = ()
    nodes: tuple[AggregationNode, ...] = ()
    metrics: tuple[OutputMetric, ...] = ()
    order_by: tuple[OrderItem, ...] = ()
    limit: Optional[int] = None
    via: tuple[str, ...] = ()
    base: Optional[AggregationNode] = None
    notes: tuple[str, ...] = field(default=())
    masks: tuple[tuple[str, str], ...] = ()  # (qualified dimension, mask kind) set by governance

    @property
    def columns(self) -> list[str]:
        return [d.alias for d in self.dimensions] + [m.alias for m in self.metrics if not m.hidden]

    def describe(self) -> str:
        lines = []
        if self.nodes:
            lines.extend(node.describe() for node in self.nodes)
        elif self.base is not None:
            lines.append(
                f"distinct rows of {self.base.entity}"
                + (f"; joins {'; '.join(self.base.join_chains())}" if self.base.joins else "")
            )
        if self.dimensions:
            lines.append("group by " + ", ".join(d.ref.qualified for d in self.dimensions))
        if self.filters:
            lines.append("where " + " and ".join(f.text for f in self.filters))
        if self.having:
            lines.append("having " + " and ".join(f.text for f in self.having))
        if self.masks:
            lines.append("masked: " + ", ".join(f"{name} ({kind})" for name, kind in self.masks))
        lines.extend(self.notes)
        return "\n".join(lines)
