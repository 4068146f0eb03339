"""The structured query every entry point speaks: metrics, dimensions, filters, order, limit.

Names: metrics by name; dimensions as ``entity.dimension`` (or ``entity__dimension``, or a bare name
when unique), time grains as ``__month`` suffixes, and ``metric_time`` for each metric's own time.

>>> q = SemanticQuery(metrics="revenue", dimensions=["metric_time__month"], order_by=["-revenue"], limit=3)
>>> q.metrics, q.order_by
(('revenue',), ('-revenue',))
"""

from __future__ import annotations

from typing import Any, Optional

from pydantic import BaseModel, ConfigDict, Field, field_validator

MAX_ITEMS = 200
MAX_TEXT = 4000


class SemanticQuery(BaseModel):
    """A request for metrics grouped by dimensions. Dimension-only when ``metrics`` is empty."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    metrics: tuple[str, ...] = Field((), description="Metric names.")
    dimensions: tuple[str, ...] = Field((), description="Dimensions to group by (with __grain for time).")
    filters: tuple[str, ...] = Field(
        (), description="SQL predicates over dimensions (WHERE) or metrics (HAVING), ANDed together."
    )
    order_by: tuple[str, ...] = Field((), description="Names to sort by; '-name' or 'name desc' descends.")
    limit: Optional[int] = Field(None, ge=0, le=100_000_000, strict=True, description="Most rows to return.")
    via: tuple[str, ...] = Field((), description="Entity or relationship names that pick a join path.")

    @field_validator("metrics", "dimensions", "filters", "order_by", "via", mode="before")
    @classmethod
    def _listify(cls, value: Any) -> Any:
        if value is None:
            return ()
        if isinstance(value, str):
            return (value,)
        return value

    @field_validator("metrics", "dimensions", "filters", "order_by", "via")
    @classmethod
    def _bounded(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if len(value) > MAX_ITEMS:
            raise ValueError(f"at most {MAX_ITEMS} items")
        for item in value:
            if not item.strip():
                raise ValueError("empty name")
            if len(item) > MAX_TEXT:
                raise ValueError(f"an item longer than {MAX_TEXT} characters")
        return tuple(item.strip() for item in value)

    def to_dict(self) -> dict[str, Any]:
        """Only the fields that are set, in a stable order (for JSON and audit)."""
        return self.model_dump(exclude_defaults=True)
