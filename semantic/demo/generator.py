"""Seeded generator for the Acme Retail demo warehouse (DuckDB), with no numpy or pandas.

Each table is generated in plain Python from ``random.Random`` streams derived from the seed, written
to a CSV file, and loaded with ``CREATE TABLE ... AS SELECT * FROM read_csv(..., columns={...})`` using
explicit types, so the same ``seed`` and ``scale`` always give the same table contents.

>>> tables = generate_tables(scale=0.01, seed=7)
>>> [t.name for t in tables][:4]
['regions', 'stores', 'departments', 'products']
>>> generate_tables(scale=0.01, seed=7)[5].rows[:3] == tables[5].rows[:3]
True
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

START = dt.date(2023, 1, 1)
END = dt.date(2025, 6, 30)
SIGNUP_START = dt.date(2021, 6, 1)

# Row counts at scale 1.0 for the tables that scale.
BASE_CUSTOMERS = 5_000
BASE_ORDERS = 50_000
BASE_SESSIONS = 100_000
BASE_TICKETS = 12_000


@dataclass
class Table:
    """One generated table: column names with DuckDB types, and its rows in primary-key order."""

    name: str
    columns: tuple[tuple[str, str], ...]
    rows: list[Sequence[Any]] = field(default_factory=list)

    @property
    def column_names(self) -> list[str]:
        return [name for name, _ in self.columns]


def stream(seed: int, name: str) -> random.Random:
    """An independent, reproducible random stream per table, so tables do not perturb each other."""
    return random.Random(f"acme-retail:{seed}:{name}")


def scaled(base: int, scale: float, minimum: int = 1) -> int:
    return max(minimum, int(round(base * scale)))


def generate_tables(scale: float = 1.0, seed: int = 42) -> list[Table]:
    """Every demo table, generated in dependency order."""
    if not scale > 0:
        raise ValueError(f"scale must be a positive number, not {scale!r}")
    from semantic.demo import operations, sales

    world = sales.World(scale=scale, seed=seed)
    tables = [
        sales.regions(world),
        sales.stores(world),
        operations.departments(world),
        sales.products(world),
        operations.campaigns(world),
        sales.customers(world),
    ]
    orders, items = sales.orders_and_items(world)
    tables += [orders, items, sales.payments(world), sales.refunds(world)]
    tables += [operations.web_sessions(world), operations.employees(world)]
    tables += [operations.support_tickets(world), operations.expenses(world), operations.budgets(world)]
    return tables


def write_csv(table: Table, folder: Path) -> Path:
    path = folder / f"{table.name}.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(table.column_names)
        writer.writerows(table.rows)
    return path


def load_tables(tables: Sequence[Table], database: Path) -> None:
    """Create ``database`` (a DuckDB file) holding every table, typed explicitly."""
    import duckdb

    with tempfile.TemporaryDirectory(prefix="acme-csv-", dir=database.parent) as scratch:
        connection = duckdb.connect(str(database))
        try:
            for table in tables:
                path = write_csv(table, Path(scratch))
                columns = ", ".join(f"'{name}': '{kind}'" for name, kind in table.columns)
                order = table.columns[0][0]
                connection.execute(
                    f"CREATE TABLE {table.name} AS SELECT * FROM read_csv(?, header = true, delim = ',', "
                    f"quote = '\"', auto_detect = false, columns = {{{columns}}}) ORDER BY {order}",
                    [str(path)],
                )
            _comment(connection, tables)
            connection.execute("CHECKPOINT")
        finally:
            connection.close()


def _comment(connection: Any, tables: Sequence[Table]) -> None:
    for table in tables:
        text = TABLE_COMMENTS.get(table.name)
        if text:
            connection.execute(f"COMMENT ON TABLE {table.name} IS '{text}'")


TABLE_COMMENTS = {
    "regions": "Sales regions of Acme Retail",
    "stores": "Physical stores; every order is fulfilled by one store",
    "customers": "Registered customers (contains PII)",
    "products": "Product catalogue with list price and unit cost",
    "orders": "One row per order; order_total is the net amount of its items",
    "order_items": "One row per order line; several per order",
    "payments": "Payments captured for orders; split payments give several rows per order",
    "refunds": "Money returned to customers; some orders have several refunds",
    "campaigns": "Marketing campaigns with budget and actual spend",
    "web_sessions": "Website and app sessions; anonymous sessions have no customer",
    "departments": "Company departments (cost centers)",
    "employees": "Employees (contains PII); terminated employees have a termination_date",
    "support_tickets": "Customer support tickets; unresolved tickets have no resolved_at",
    "expenses": "Operating expenses per department, category and month",
    "budgets": "Approved operating budget per department and month",
}
