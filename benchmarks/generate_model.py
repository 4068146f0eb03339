"""Write a synthetic semctx project of a chosen size, for load/validate/compile benchmarks.

The model is a chain of entities ``entity_00000 -> entity_00001 -> ...`` joined many_to_one through a
``parent_id`` column; each entity has a few dimensions (one time dimension with grain ``day``) and measures,
and the metrics cycle through all four types (simple, ratio, derived with and without offsets, cumulative
running / windowed / grain-to-date). Nothing here imports semctx: the output is plain YAML text.

>>> import tempfile
>>> root = write_generated_project(tempfile.mkdtemp(), metrics=10)
>>> sorted(p.name for p in (root / "models").iterdir())
['domains.yml', 'entities_0000.yml', 'metrics_0000.yml']
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Optional, Union

ENTITIES_PER_FILE = 100
METRICS_PER_FILE = 500
DOMAINS = ("sales", "marketing", "finance", "support", "operations", "product", "people", "logistics")
CATEGORIES = ("red", "green", "blue")

# Metric kinds, in the order each entity's metrics are created. Later kinds refer to the first two
# (simple) metrics of the same entity, so any entity with >= 3 metrics has valid ratio/derived inputs.
KINDS = ("sum", "count", "ratio", "derived", "cumulative", "filtered", "growth", "window", "to_date", "max")


def entity_name(index: int) -> str:
    return f"entity_{index:05d}"


def metric_name(entity: int, slot: int) -> str:
    """Name of the ``slot``-th metric of entity ``entity`` (kind ``KINDS[slot % len(KINDS)]``)."""
    kind = KINDS[slot % len(KINDS)]
    round_ = slot // len(KINDS)
    return f"e{entity:05d}_{kind}" + (f"_{round_}" if round_ else "")


def _entity_yaml(index: int, count: int) -> str:
    name = entity_name(index)
    domain = DOMAINS[index % len(DOMAINS)]
    lines = [
        f"  - name: {name}",
        f"    domain: {domain}",
        f"    description: Synthetic entity {index} of {count}.",
        f"    table: analytics.tbl_{index:05d}",
        "    primary_key: id",
        "    default_time_dimension: created_at",
        "    dimensions:",
        "      - {name: id, type: number}",
        "      - {name: created_at, type: time, grain: day}",
        "      - {name: category, sample_values: [red, green, blue]}",
        "      - {name: status}",
        "      - {name: amount, type: number}",
        '      - {name: is_large, type: boolean, expr: "amount > 100"}',
        "    measures:",
        f"      - {{name: e{index:05d}_total, agg: sum, expr: amount}}",
        f"      - {{name: e{index:05d}_rows, agg: count}}",
        f"      - {{name: e{index:05d}_max, agg: max, expr: amount}}",
        f"      - {{name: e{index:05d}_net, agg: sum, expr: \"case when status = 'ok' then amount else 0 end\"}}",
    ]
    return "\n".join(lines)


def _metric_yaml(entity: int, slot: int) -> str:
    kind = KINDS[slot % len(KINDS)]
    name = metric_name(entity, slot)
    prefix = f"e{entity:05d}"
    domain = DOMAINS[entity % len(DOMAINS)]
    total = f"{entity_name(entity)}.{prefix}_total"
    head = (
        f"  - name: {name}\n    domain: {domain}\n    description: Synthetic {kind} metric of {entity_name(entity)}.\n"
    )
    first, second = metric_name(entity, 0), metric_name(entity, 1)
    if kind == "sum":
        body = f"    measure: {total}\n"
    elif kind == "count":
        body = f"    measure: {entity_name(entity)}.{prefix}_rows\n"
    elif kind == "filtered":
        body = f"    measure: {total}\n    filter: \"{entity_name(entity)}.category = 'red'\"\n"
    elif kind == "max":
        body = f"    measure: {entity_name(entity)}.{prefix}_max\n"
    elif kind == "ratio":
        body = f"    type: ratio\n    numerator: {first}\n    denominator: {second}\n"
    elif kind == "derived":
        body = f'    type: derived\n    expr: "{first} - 2 * {second}"\n'
    elif kind == "growth":
        body = (
            "    type: derived\n"
            f'    expr: "({first} - {first}_prev) / nullif({first}_prev, 0)"\n'
            "    inputs:\n"
            f"      - {{metric: {first}}}\n"
            f"      - {{metric: {first}, alias: {first}_prev, offset: 1 year}}\n"
        )
    elif kind == "cumulative":
        body = f"    type: cumulative\n    measure: {total}\n"
    elif kind == "window":
        body = f"    type: cumulative\n    measure: {total}\n    window: 7 day\n"
    else:  # to_date
        body = f"    type: cumulative\n    measure: {total}\n    grain_to_date: month\n"
    return head + body


def _chunks(items: list[str], size: int) -> list[list[str]]:
    return [items[i : i + size] for i in range(0, len(items), size)] or [[]]


def write_generated_project(
    directory: Union[str, os.PathLike[str]], *, metrics: int = 1000, entities: Optional[int] = None
) -> Path:
    """Write ``semctx.yml`` and ``models/*.yml`` with ``metrics`` metrics over ``entities`` entities.

    ``entities`` defaults to ``metrics // 5`` (at least 1). Metrics are spread evenly over the entities;
    each entity's metrics cycle through :data:`KINDS`. Returns the project folder.
    """
    if metrics < 1:
        raise ValueError("metrics must be >= 1")
    count = entities if entities is not None else max(1, metrics // 5)
    if count < 1:
        raise ValueError("entities must be >= 1")
    root = Path(directory)
    models = root / "models"
    models.mkdir(parents=True, exist_ok=True)
    (root / "semctx.yml").write_text(
        f"name: generated_{metrics}\n"
        f"description: Synthetic benchmark model, {metrics} metrics over {count} entities.\n"
        "models: models\n"
        "dialect: duckdb\n",
        encoding="utf-8",
    )
    domains = "domains:\n" + "".join(f"  - name: {d}\n    description: Synthetic domain {d}.\n" for d in DOMAINS)
    (models / "domains.yml").write_text(domains, encoding="utf-8")

    entity_blocks = [_entity_yaml(i, count) for i in range(count)]
    relationship_lines = [
        f"  - {{name: r_{i:05d}, from: {entity_name(i)}, to: {entity_name(i + 1)}, from_key: parent_id, "
        "cardinality: many_to_one}"
        for i in range(count - 1)
    ]
    for number, chunk in enumerate(_chunks(list(range(count)), ENTITIES_PER_FILE)):
        text = "entities:\n" + "\n".join(entity_blocks[i] for i in chunk) + "\n"
        rels = [relationship_lines[i] for i in chunk if i < len(relationship_lines)]
        if rels:
            text += "relationships:\n" + "\n".join(rels) + "\n"
        (models / f"entities_{number:04d}.yml").write_text(text, encoding="utf-8")

    # Spread metrics evenly: metric i belongs to entity (i * count) // metrics.
    per_entity = [0] * count
    metric_blocks = []
    for i in range(metrics):
        entity = (i * count) // metrics
        metric_blocks.append(_metric_yaml(entity, per_entity[entity]))
        per_entity[entity] += 1
    for number, chunk_text in enumerate(_chunks(metric_blocks, METRICS_PER_FILE)):
        (models / f"metrics_{number:04d}.yml").write_text("metrics:\n" + "".join(chunk_text), encoding="utf-8")
    return root
