"""SQL pieces for model elements: entity sources, dimension and measure expressions, time grains.

Model expressions (written by the model's authors in the project dialect) are parsed once, cached,
and copied with their columns qualified by the SQL alias of the entity they belong to.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Optional

import sqlglot
from sqlglot import exp

from semantic.model.types import Dimension, Entity, Grain, Measure

Shift = tuple[tuple[int, Grain], ...]


@lru_cache(maxsize=8192)
def parse_model_sql(text: str, dialect: str) -> exp.Expression:
    """Parse (once) an expression or SELECT written in the model."""
    return sqlglot.parse_one(text, read=dialect)


def qualify(expression: exp.Expression, alias: str) -> exp.Expression:
    """A copy whose unqualified columns read from ``alias``."""
    copy = expression.copy()
    for column in copy.find_all(exp.Column):
        if not column.table:
            column.set("table", exp.to_identifier(alias))
    if isinstance(copy, exp.Column) and not copy.table:
        copy.set("table", exp.to_identifier(alias))
    return copy


def entity_source(entity: Entity, alias: str, dialect: str) -> exp.Expression:
    """``schema.table AS alias`` or ``(SELECT ...) AS alias``."""
    if entity.sql:
        select = parse_model_sql(entity.sql, dialect).copy()
        return exp.Subquery(this=select, alias=exp.TableAlias(this=exp.to_identifier(alias)))
    table = exp.to_table(entity.table or entity.name, dialect=dialect)
    table.set("alias", exp.TableAlias(this=exp.to_identifier(alias)))
    return table


def dimension_column(dimension: Dimension, alias: str, dialect: str) -> exp.Expression:
    """The dimension's SQL over the entity alias; an operator expression is parenthesised, so ``is_active = TRUE``
    stays ``(termination_date IS NULL) = TRUE`` on every engine."""
    value = qualify(parse_model_sql(dimension.expr or dimension.name, dialect), alias)
    if isinstance(value, (exp.Binary, exp.Unary, exp.Predicate, exp.Not, exp.Is, exp.Between, exp.In)):
        return exp.Paren(this=value)
    return value


def interval(count: int, grain: Grain) -> exp.Interval:
    """A portable interval: quarters become months and weeks days."""
    unit, value = grain.value, count
    if grain is Grain.quarter:
        unit, value = "month", count * 3
    elif grain is Grain.week:
        unit, value = "day", count * 7
    return exp.Interval(this=exp.Literal.string(str(value)), unit=exp.var(unit.upper()))


def shift_time(expression: exp.Expression, shift: Shift) -> exp.Expression:
    for count, grain in shift:
        expression = exp.Add(this=expression, expression=interval(count, grain))
    return expression


DATE = exp.DataType(this=exp.DataType.Type.DATE)
DOUBLE = exp.DataType(this=exp.DataType.Type.DOUBLE)


def cast(expression: exp.Expression, to: exp.DataType) -> exp.Cast:
    """CAST without parsing a type name."""
    return exp.Cast(this=expression, to=to.copy())


def truncate(expression: exp.Expression, grain: Grain, finest: Optional[Grain]) -> exp.Expression:
    """The time value at ``grain`` as a DATE (the day of any date or timestamp is a plain cast; Spark's TRUNC has
    no DAY unit and would return NULL)."""
    if grain is Grain.day:
        return cast(expression, DATE)
    return cast(exp.DateTrunc(this=expression, unit=exp.var(grain.value.upper())), DATE)


NO_EXACT_PERCENTILE = ("bigquery", "trino", "presto", "athena")
PERCENTILE_FUNCTION = ("spark", "spark2", "databricks", "hive")


def aggregate(measure: Measure, value: Optional[exp.Expression], dialect: str = "duckdb") -> exp.Expression:
    """The aggregate of a measure over ``value`` (None: count rows), exact in the target ``dialect``."""
    agg = measure.agg
    if value is None:
        if agg != "count":
            raise ValueError(f"measure {measure.name} needs an expression")
        return exp.Count(this=exp.Star())
    if agg == "sum":
        return exp.Sum(this=value)
    if agg == "count":
        return exp.Count(this=value)
    if agg == "count_distinct":
        return exp.Count(this=exp.Distinct(expressions=[value]))
    if agg == "avg":
        return exp.Avg(this=value)
    if agg == "min":
        return exp.Min(this=value)
    if agg == "max":
        return exp.Max(this=value)
    fraction = exp.Literal.number(
        0.5 if agg == "median" else (measure.percentile if measure.percentile is not None else 0.5)
    )
    if dialect in NO_EXACT_PERCENTILE:
        from semantic.errors import DialectError

        raise DialectError(
            f"measure {measure.name!r} needs an exact {agg}, which {dialect} has no aggregate "
            "function for (only approximate ones); compile it for another dialect or change the "
            "measure",
            details={"dialect": dialect, "measure": measure.name},
        )
    # in double precision: some engines keep a DECIMAL argument's scale and round the interpolated value
    value = exp.cast(value, exp.DataType.build("double"))
    if dialect in PERCENTILE_FUNCTION:
        return exp.Anonymous(this="PERCENTILE", expressions=[value, fraction])
    if agg == "median":
        return exp.Median(this=value)
    return exp.WithinGroup(
        this=exp.PercentileCont(this=fraction), expression=exp.Order(expressions=[exp.Ordered(this=value)])
    )


def null_safe_equal(left: exp.Expression, right: exp.Expression, dialect: str) -> exp.Expression:
    """``left IS NOT DISTINCT FROM right``, spelled out where the dialect lacks it (Redshift)."""
    if dialect == "redshift":
        both_null = exp.and_(
            exp.Is(this=left.copy(), expression=exp.Null()),
            exp.Is(this=right.copy(), expression=exp.Null()),
            copy=False,
        )
        return exp.paren(
            exp.or_(exp.EQ(this=left, expression=right), exp.paren(both_null, copy=False), copy=False), copy=False
        )
    return exp.NullSafeEQ(this=left, expression=right)


def measure_value(measure: Measure, alias: str, dialect: str) -> Optional[exp.Expression]:
    """What the measure aggregates, qualified; None for a plain row count."""
    if measure.expr is None and measure.agg == "count":
        return None
    return qualify(parse_model_sql(measure.expr or measure.name, dialect), alias)
