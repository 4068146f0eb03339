"""Assign joins to a node: one path per dimension entity, merged into a tree with stable aliases."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Sequence

from semantic.errors import QueryError
from semantic.plan.nodes import AggregationNode, JoinedEntity

if TYPE_CHECKING:
    from semantic.graph.graph import DimensionRef, SemanticGraph


def assign_joins(
    graph: SemanticGraph, node: AggregationNode, refs: Sequence[DimensionRef], via: tuple[str, ...]
) -> AggregationNode:
    """Joins from ``node.entity`` to the entity of every ref (metric_time needs none).

    Aliases: the entity's own name the first time it is reached, ``entity_2``... for other paths.
    """
    joins: list[JoinedEntity] = []
    alias_by_prefix: dict[tuple[str, ...], str] = {(): node.entity}
    aliases_by_entity: dict[str, str] = {}
    used = {node.entity}
    fan_out = False
    for ref in refs:
        if ref.entity is None or ref.entity == node.entity or ref.entity in aliases_by_entity:
            continue
        path = graph.paths.path(node.entity, ref.entity, via)
        prefix: tuple[str, ...] = ()
        for step in path:
            parent_alias = alias_by_prefix[prefix]
            prefix = prefix + (step.relationship + ">" + step.right,)
            if prefix not in alias_by_prefix:
                alias = step.right
                counter = 2
                while alias in used:
                    alias = f"{step.right}_{counter}"
                    counter += 1
                used.add(alias)
                alias_by_prefix[prefix] = alias
                joins.append(JoinedEntity(alias, step.right, parent_alias, step))
            fan_out = fan_out or step.fans_out
        aliases_by_entity[ref.entity] = alias_by_prefix[prefix]
    if fan_out and node.measures and not graph.entities[node.entity].key_columns:
        raise QueryError(
            f"grouping measures of {node.entity!r} by a dimension across a one-to-many join needs a "
            f"primary_key on {node.entity!r} (to count each row once)"
        )
    if fan_out and node.cumulative is not None:
        raise QueryError(f"cumulative metrics on {node.entity!r} cannot be grouped across a one-to-many join")
    return replace(node, joins=tuple(joins), join_aliases=tuple(sorted(aliases_by_entity.items())), fan_out=fan_out)
