"""User filters: parsed with sqlglot, checked against a whitelist, and bound to known names only.

A filter is a predicate such as ``customers.region = 'West' AND metric_time >= '2024-01-01'`` or
``revenue > 1000``. Anything that is not a plain predicate (subqueries, unknown functions, several
statements, DDL) is refused with a :class:`FilterError`; every column must name a known dimension
or metric, so user text never reaches SQL except as literals inside a checked expression tree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Union

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError, TokenError

from semantic.errors import FilterError, SemctxError
from semantic.graph.graph import DimensionRef

MAX_NODES = 400

ALLOWED_NODES: tuple[type[exp.Expression], ...] = (
    exp.Column,
    exp.Identifier,
    exp.Literal,
    exp.Boolean,
    exp.Null,
    exp.Paren,
    exp.Tuple,
    exp.And,
    exp.Or,
    exp.Not,
    exp.EQ,
    exp.NEQ,
    exp.GT,
    exp.GTE,
    exp.LT,
    exp.LTE,
    exp.Is,
    exp.In,
    exp.Between,
    exp.Like,
    exp.ILike,
    exp.Neg,
    exp.Add,
    exp.Sub,
    exp.Mul,
    exp.Div,
    exp.Mod,
    exp.Cast,
    exp.DataType,
    exp.DataTypeParam,
    exp.Interval,
    exp.Var,
    exp.CurrentDate,
    exp.CurrentTimestamp,
    exp.Lower,
    exp.Upper,
    exp.Coalesce,
    exp.Abs,
    exp.Round,
    exp.Length,
    exp.Trim,
    exp.Year,
    exp.Month,
    exp.NullSafeEQ,
    exp.NullSafeNEQ,
    exp.Escape,
)


@dataclass(frozen=True)
class MetricName:
    name: str


Ref = Union[DimensionRef, MetricName]


@dataclass(frozen=True)
class ResolvedFilter:
    """A checked filter: its expression and what each column in it refers to."""

    text: str
    expression: exp.Expression
    refs: dict[str, Ref]

    @property
    def dimensions(self) -> list[DimensionRef]:
        return [r for r in self.refs.values() if isinstance(r, DimensionRef)]

    @property
    def metrics(self) -> list[str]:
        return [r.name for r in self.refs.values() if isinstance(r, MetricName)]

    def render(self, replace: Callable[[Ref], exp.Expression]) -> exp.Expression:
        """A copy of the predicate with every column replaced by ``replace(ref)``."""

        def swap(node: exp.Expression) -> exp.Expression:
            if isinstance(node, exp.Column):
                return replace(self.refs[column_key(node)])
            return node

        return self.expression.transform(swap)


def column_key(column: exp.Column) -> str:
    return f"{column.table}.{column.name}" if column.table else column.name


def parse_filter(text: str, dialect: str, resolve_name: Callable[[str], Ref]) -> ResolvedFilter:
    """Parse and bind one filter; ``resolve_name`` maps 'entity.dim' / 'metric' to a reference."""
    if not text.strip():
        raise FilterError("empty filter")
    try:
        parsed = sqlglot.parse(text, read=dialect)
    except (ParseError, TokenError) as exc:
        raise FilterError(f"filter {text!r} is not a valid SQL predicate: {_first_line(exc)}") from None
    if len(parsed) != 1 or parsed[0] is None:
        raise FilterError(f"filter {text!r} must be a single predicate, not several statements")
    tree = parsed[0]
    count = 0
    for node in tree.walk():
        node.comments = None  # user comments never reach the warehouse
        count += 1
        if count > MAX_NODES:
            raise FilterError(f"filter {text[:60]!r}... is too complex (more than {MAX_NODES} parts)")
        if not isinstance(node, ALLOWED_NODES):
            raise FilterError(
                f"filter {text!r} uses {node.key.upper()}, which filters may not contain; "
                "use comparisons, AND/OR/NOT, IN, BETWEEN, LIKE, IS NULL over dimensions and metrics"
            )
    if not isinstance(tree, exp.Condition) or isinstance(tree, (exp.Column, exp.Literal)):
        raise FilterError(f"filter {text!r} is not a predicate (e.g. customers.region = 'West')")
    refs: dict[str, Ref] = {}
    for column in tree.find_all(exp.Column):
        if column.args.get("db") or column.args.get("catalog"):
            raise FilterError(f"{column.sql()!r} in filter {text!r}: names have at most one dot (entity.dim)")
        key = column_key(column)
        if key not in refs:
            try:
                refs[key] = resolve_name(key)
            except SemctxError as exc:
                raise FilterError(f"in filter {text!r}: {exc.message}", details=exc.details) from None
    if not refs:
        raise FilterError(f"filter {text!r} does not mention any dimension or metric")
    return ResolvedFilter(text, tree, refs)


def _first_line(exc: Exception) -> str:
    return str(exc).splitlines()[0][:200]
