"""Hostile filters, one by one: statement breaks, UNION, subqueries, table functions and comments never reach SQL."""

from __future__ import annotations

import pytest
from sql_checks import assert_sql_is_contained

from semantic.errors import FilterError

HOSTILE = [
    "'; DROP TABLE x; --",
    "orders.status = 'a'; DROP TABLE orders; --",
    "orders.status = 'a'; SELECT * FROM customers",
    "1=1) OR (1=1",
    "orders.status = 'a') OR (1=1",
    "orders.status = 'a' UNION SELECT name FROM customers",
    "orders.status = 'a' UNION ALL SELECT 1",
    "orders.status IN (SELECT status FROM orders)",
    "EXISTS (SELECT 1 FROM customers)",
    "(SELECT COUNT(*) FROM customers) > 0",
    "orders.amount > (SELECT MAX(credit_limit) FROM customers)",
    "read_csv('x') IS NOT NULL",
    "orders.status = read_csv('/etc/passwd')",
    "read_parquet('s3://bucket/x.parquet') IS NULL",
    "pg_sleep(10) IS NULL",
    "orders.status = current_setting('x')",
    "orders.status = version()",
    "getenv('HOME') = 'x'",
    "customers.name = 'a' OR customers.customer_id = (SELECT 1)",
    "DROP TABLE orders",
    "DELETE FROM orders",
    "INSERT INTO orders VALUES (1)",
    "UPDATE orders SET amount = 0",
    "ATTACH 'x.db' AS y",
    "COPY orders TO 'x.csv'",
    "PRAGMA database_list",
    "SELECT 1",
    "main.orders.status = 'a'",
    "customers.customer_id = 1 OR orders.status LIKE (SELECT 'x')",
    "CASE WHEN 1=1 THEN TRUE END",
    "1 = 1",
    "TRUE",
    "'x'",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_filters_raise_filter_error(layer, text):
    with pytest.raises(FilterError):
        layer.compile({"metrics": ["gross_sales"], "dimensions": ["customers.segment"], "filters": [text]})


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_filters_in_dimension_only_queries(layer, text):
    with pytest.raises(FilterError):
        layer.compile({"dimensions": ["orders.status"], "filters": [text]})


@pytest.mark.parametrize(
    "text",
    [
        "orders.status = '''; DROP TABLE x; --'",
        "customers.name = 'Robert''); DROP TABLE students;--'",
        "orders.status LIKE '%'' OR ''1''=''1'",
    ],
)
def test_quotes_inside_literals_stay_literals(layer, text):
    """A quote inside a string literal is escaped: the SQL still has one statement and the text is a literal."""
    compiled = layer.compile({"metrics": ["gross_sales"], "filters": [text]})
    assert_sql_is_contained(compiled.sql)
    rows = layer.query({"metrics": ["gross_sales"], "filters": [text]}).rows
    assert rows == [(None,)]


@pytest.mark.parametrize(
    "text",
    [
        "orders.status = 'a' /* user-comment */",
        "orders.status = 'a' -- user-comment",
        "orders.status /* user-comment */ = 'a'",
    ],
)
def test_user_comments_do_not_reach_sql(layer, text):
    """Comments are user text outside any literal; they must be dropped, not copied into the SQL sent to the
    warehouse (some engines give comments meaning, e.g. optimizer hints or MySQL's /*! ... */)."""
    compiled = layer.compile({"metrics": ["gross_sales"], "filters": [text]})
    assert "user-comment" not in compiled.sql
