"""Data contracts on source tables (``contracts.yml`` in the project) and their check against the warehouse.

```yaml
contracts:
  - table: orders
    owner: Sales Engineering
    row_count: {min: 1000}
    freshness: {column: ordered_at, max_age_days: 3}     # newest row no older than this, from reference_date
    columns:
      - {name: order_id, type: INTEGER, not_null: true, unique: true}
      - {name: status, accepted_values: [completed, shipped, cancelled, returned]}
      - {name: order_total, min: 0}
```

Every check is one SELECT built as sqlglot expressions (names are identifiers, values literals) and run through
the engine's read-only guard. The result is written to ``.semctx/contracts.json`` (``semantic.caveats`` reads it),
so metrics built on a table with a violated contract carry a caveat in describe, context and answers.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional, Union

from pydantic import BaseModel, ConfigDict, Field
from sqlglot import exp

from governance.enforce import literal
from governance.yaml_file import read_checked
from semantic.caveats import CAVEATS_FILE
from semantic.errors import SemctxError

if TYPE_CHECKING:
    from semantic.api import SemanticLayer

CONTRACTS_FILE = "contracts.yml"
Value = Union[str, int, float, bool]


class ColumnContract(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    type: Optional[str] = Field(None, description="Expected warehouse type, e.g. INTEGER, VARCHAR, DATE.")
    not_null: bool = False
    unique: bool = False
    accepted_values: Optional[tuple[Value, ...]] = None
    min: Optional[float] = None
    max: Optional[float] = None


class RowCount(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    min: Optional[int] = None
    max: Optional[int] = None


class Freshness(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    column: str
    max_age_days: float = Field(..., gt=0)


class TableContract(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    table: str
    owner: Optional[str] = None
    row_count: Optional[RowCount] = None
    freshness: Optional[Freshness] = None
    columns: tuple[ColumnContract, ...] = ()


class ContractsFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    contracts: tuple[TableContract, ...] = ()


class Violation(BaseModel):
    table: str
    check: str
    message: str
    count: int = 0


class ContractReport(BaseModel):
    checked_at: str
    tables: dict[str, list[Violation]]
    checks: int

    @property
    def violations(self) -> list[Violation]:
        return [v for found in self.tables.values() for v in found]


def read_contracts(root: Path) -> Optional[ContractsFile]:
    return read_checked(root / CONTRACTS_FILE, ContractsFile, "invalid_contracts")[0]


def _count(layer: "SemanticLayer", table: str, condition: Optional[exp.Expression] = None) -> int:
    query = exp.select(exp.Count(this=exp.Star())).from_(exp.to_table(table))
    if condition is not None:
        query = query.where(condition)
    return int(_scalar(layer, query) or 0)


def _scalar(layer: "SemanticLayer", query: exp.Select) -> Any:
    engine = layer.engine
    result = engine.execute(query, sql=query.sql(dialect=engine.dialect), row_limit=1, timeout_seconds=60)
    return result.rows[0][0] if result.rows else None


def check_table(layer: "SemanticLayer", contract: TableContract, today: dt.date) -> tuple[list[Violation], int]:
    table, found, checks = contract.table, [], 0
    columns = layer.engine.describe_table(table)
    if columns is None:
        return [Violation(table=table, check="exists", message=f"table {table} does not exist")], 1

    def violated(check: str, message: str, count: int = 0) -> None:
        found.append(Violation(table=table, check=check, message=message, count=count))

    if contract.row_count:
        checks += 1
        rows = _count(layer, table)
        low, high = contract.row_count.min, contract.row_count.max
        if (low is not None and rows < low) or (high is not None and rows > high):
            violated("row_count", f"{rows} rows, expected {low if low is not None else 0}..{high or '∞'}", rows)
    for column in contract.columns:
        name = column.name.lower()
        if name not in columns:
            violated("column", f"column {column.name} is missing")
            checks += 1
            continue
        ref = exp.column(column.name)
        if column.type:
            checks += 1
            if column.type.upper() not in columns[name]:
                violated("type", f"{column.name} is {columns[name]}, expected {column.type.upper()}")
        if column.not_null:
            checks += 1
            nulls = _count(layer, table, exp.Is(this=ref.copy(), expression=exp.Null()))
            if nulls:
                violated("not_null", f"{column.name}: {nulls} NULL value(s)", nulls)
        if column.unique:
            checks += 1
            dupes = (
                _count(layer, table)
                - int(
                    _scalar(
                        layer,
                        exp.select(exp.Count(this=exp.Distinct(expressions=[ref.copy()]))).from_(exp.to_table(table)),
                    )
                    or 0
                )
                - _count(layer, table, exp.Is(this=ref.copy(), expression=exp.Null()))
            )
            if dupes:
                violated("unique", f"{column.name}: {dupes} duplicate row(s)", dupes)
        if column.accepted_values is not None:
            checks += 1
            allowed = exp.In(this=ref.copy(), expressions=[literal(v) for v in column.accepted_values])
            outside = _count(
                layer,
                table,
                exp.and_(exp.Not(this=allowed), exp.Not(this=exp.Is(this=ref.copy(), expression=exp.Null()))),
            )
            if outside:
                violated("accepted_values", f"{column.name}: {outside} row(s) outside the accepted values", outside)
        for bound, op in (("min", exp.LT), ("max", exp.GT)):
            limit = getattr(column, bound)
            if limit is not None:
                checks += 1
                beyond = _count(layer, table, op(this=ref.copy(), expression=exp.Literal.number(limit)))
                if beyond:
                    word = "below" if bound == "min" else "above"
                    violated(bound, f"{column.name}: {beyond} row(s) {word} {limit:g}", beyond)
    if contract.freshness:
        checks += 1
        newest = _scalar(
            layer, exp.select(exp.Max(this=exp.column(contract.freshness.column))).from_(exp.to_table(table))
        )
        if newest is None:
            violated("freshness", f"{contract.freshness.column}: no rows")
        else:
            newest_day = newest.date() if isinstance(newest, dt.datetime) else newest
            age = (today - newest_day).days if isinstance(newest_day, dt.date) else None
            if age is not None and age > contract.freshness.max_age_days:
                violated(
                    "freshness",
                    f"newest {contract.freshness.column} is {age} days old (max {contract.freshness.max_age_days:g})",
                    age,
                )
    return found, checks


def check_contracts(layer: "SemanticLayer", today: Optional[dt.date] = None) -> ContractReport:
    """Run every contract, write the caveats file, and return the report."""
    root = layer.model.root
    if root is None:
        raise SemctxError("contracts need a project folder")
    contracts = read_contracts(root)
    if contracts is None:
        raise SemctxError(f"no {CONTRACTS_FILE} in {root}; write one (see README, 'Data contracts')")
    reference = layer.model.config.reference_date
    day = today or (dt.date.fromisoformat(reference) if reference else dt.date.today())
    tables: dict[str, list[Violation]] = {}
    checks = 0
    for contract in contracts.contracts:
        found, count = check_table(layer, contract, day)
        tables[contract.table] = found
        checks += count
    report = ContractReport(
        checked_at=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), tables=tables, checks=checks
    )
    target = root / CAVEATS_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(".tmp")
    temporary.write_text(json.dumps(report.model_dump(), indent=2), encoding="utf-8")
    temporary.replace(target)
    return report
