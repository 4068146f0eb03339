"""The TPC-H-like questions of tpch_bench.py: each a semctx query over the model in benchmarks/tpch/ and the SQL an
analyst would write by hand for the same answer (same rows; columns in the query's order: dimensions, then metrics).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Case:
    name: str
    query: dict[str, Any]
    sql: str  # the hand-written DuckDB SQL: same rows, columns in the query's order (dimensions, then metrics)


def year_1994(column: str) -> str:
    return f"{column} >= '1994-01-01' AND {column} < '1995-01-01'"


CASES: list[Case] = [
    Case(  # TPC-H Q1, pricing summary report
        "q1_pricing_summary",
        {
            "metrics": [
                "quantity_sold",
                "gross_revenue",
                "revenue",
                "charge",
                "avg_quantity",
                "avg_price",
                "avg_discount",
                "line_count",
            ],
            "dimensions": ["lineitem.return_flag", "lineitem.line_status"],
            "filters": ["lineitem.ship_date <= '1998-09-02'"],
        },
        """
        SELECT l_returnflag, l_linestatus,
               SUM(l_quantity), SUM(l_extendedprice),
               SUM(l_extendedprice * (1 - l_discount)),
               SUM(l_extendedprice * (1 - l_discount) * (1 + l_tax)),
               AVG(l_quantity), AVG(l_extendedprice), AVG(l_discount), COUNT(*)
        FROM lineitem
        WHERE l_shipdate <= DATE '1998-09-02'
        GROUP BY l_returnflag, l_linestatus
        ORDER BY l_returnflag, l_linestatus
        """,
    ),
    Case(  # TPC-H Q3, shipping priority: top unshipped orders of a segment
        "q3_shipping_priority",
        {
            "metrics": ["revenue"],
            "dimensions": ["orders.order_key", "orders.order_date", "orders.ship_priority"],
            "filters": [
                "customer.market_segment = 'BUILDING'",
                "orders.order_date < '1995-03-15'",
                "lineitem.ship_date > '1995-03-15'",
            ],
            "order_by": ["-revenue", "orders.order_date"],
            "limit": 10,
        },
        """
        SELECT o_orderkey, o_orderdate, o_shippriority, SUM(l_extendedprice * (1 - l_discount)) AS revenue
        FROM customer
        JOIN orders ON o_custkey = c_custkey
        JOIN lineitem ON l_orderkey = o_orderkey
        WHERE c_mktsegment = 'BUILDING' AND o_orderdate < DATE '1995-03-15' AND l_shipdate > DATE '1995-03-15'
        GROUP BY o_orderkey, o_orderdate, o_shippriority
        ORDER BY revenue DESC, o_orderdate, o_orderkey
        LIMIT 10
        """,
    ),
    Case(  # revenue (line items) and order count (orders): two facts, one customer grain
        "top10_customers_1995",
        {
            "metrics": ["revenue", "order_count"],
            "dimensions": ["customer.customer_key", "customer.customer_name"],
            "filters": ["orders.order_date >= '1995-01-01' AND orders.order_date < '1996-01-01'"],
            "order_by": ["-revenue"],
            "limit": 10,
        },
        """
        SELECT c_custkey, c_name, SUM(l_extendedprice * (1 - l_discount)) AS revenue,
               COUNT(DISTINCT o_orderkey) AS order_count
        FROM customer
        JOIN orders ON o_custkey = c_custkey
        JOIN lineitem ON l_orderkey = o_orderkey
        WHERE o_orderdate >= DATE '1995-01-01' AND o_orderdate < DATE '1996-01-01'
        GROUP BY c_custkey, c_name
        ORDER BY revenue DESC, c_custkey
        LIMIT 10
        """,
    ),
    Case(  # every line item, 4 joins, grouped by customer region, nation and ship year
        "revenue_by_region_year",
        {
            "metrics": ["revenue"],
            "dimensions": ["customer_region.region", "customer_nation.nation", "metric_time__year"],
        },
        """
        SELECT r_name, n_name, CAST(date_trunc('year', l_shipdate) AS DATE) AS ship_year,
               SUM(l_extendedprice * (1 - l_discount)) AS revenue
        FROM lineitem
        JOIN orders ON o_orderkey = l_orderkey
        JOIN customer ON c_custkey = o_custkey
        JOIN nation ON n_nationkey = c_nationkey
        JOIN region ON r_regionkey = n_regionkey
        GROUP BY r_name, n_name, ship_year
        ORDER BY r_name, n_name, ship_year
        """,
    ),
    Case(  # TPC-H Q5, local supplier volume: customer and supplier in the same nation
        "q5_local_supplier_volume",
        {
            "metrics": ["revenue"],
            "dimensions": ["customer_nation.nation"],
            "filters": [
                "customer_region.region = 'ASIA'",
                year_1994("orders.order_date"),
                "customer_nation.nation = supplier_nation.nation",
            ],
            "order_by": ["-revenue"],
        },
        """
        SELECT n_name, SUM(l_extendedprice * (1 - l_discount)) AS revenue
        FROM customer, orders, lineitem, supplier, nation, region
        WHERE c_custkey = o_custkey AND l_orderkey = o_orderkey AND l_suppkey = s_suppkey
          AND c_nationkey = s_nationkey AND s_nationkey = n_nationkey AND n_regionkey = r_regionkey
          AND r_name = 'ASIA' AND o_orderdate >= DATE '1994-01-01' AND o_orderdate < DATE '1995-01-01'
        GROUP BY n_name
        ORDER BY revenue DESC
        """,
    ),
    Case(  # TPC-H Q6, forecasting revenue change
        "q6_forecast_revenue",
        {
            "metrics": ["discount_revenue"],
            "filters": [
                year_1994("lineitem.ship_date"),
                "lineitem.discount BETWEEN 0.05 AND 0.07",
                "lineitem.quantity < 24",
            ],
        },
        """
        SELECT SUM(l_extendedprice * l_discount) AS revenue
        FROM lineitem
        WHERE l_shipdate >= DATE '1994-01-01' AND l_shipdate < DATE '1995-01-01'
          AND l_discount BETWEEN 0.05 AND 0.07 AND l_quantity < 24
        """,
    ),
    Case(  # TPC-H Q7, volume shipping between two nations, by year
        "q7_volume_shipping",
        {
            "metrics": ["revenue"],
            "dimensions": ["supplier_nation.nation", "customer_nation.nation", "metric_time__year"],
            "filters": [
                "(supplier_nation.nation = 'FRANCE' AND customer_nation.nation = 'GERMANY')"
                " OR (supplier_nation.nation = 'GERMANY' AND customer_nation.nation = 'FRANCE')",
                "lineitem.ship_date BETWEEN '1995-01-01' AND '1996-12-31'",
            ],
        },
        """
        SELECT n1.n_name AS supp_nation, n2.n_name AS cust_nation,
               CAST(date_trunc('year', l_shipdate) AS DATE) AS ship_year,
               SUM(l_extendedprice * (1 - l_discount)) AS revenue
        FROM supplier
        JOIN lineitem ON l_suppkey = s_suppkey
        JOIN orders ON o_orderkey = l_orderkey
        JOIN customer ON c_custkey = o_custkey
        JOIN nation n1 ON n1.n_nationkey = s_nationkey
        JOIN nation n2 ON n2.n_nationkey = c_nationkey
        WHERE ((n1.n_name = 'FRANCE' AND n2.n_name = 'GERMANY') OR (n1.n_name = 'GERMANY' AND n2.n_name = 'FRANCE'))
          AND l_shipdate BETWEEN DATE '1995-01-01' AND DATE '1996-12-31'
        GROUP BY supp_nation, cust_nation, ship_year
        ORDER BY supp_nation, cust_nation, ship_year
        """,
    ),
    Case(  # TPC-H Q10, returned item reporting (a metric with its own filter)
        "q10_returned_items",
        {
            "metrics": ["returned_revenue"],
            "dimensions": [
                "customer.customer_key",
                "customer.customer_name",
                "customer.account_balance",
                "customer_nation.nation",
                "customer.address",
                "customer.phone",
                "customer.customer_comment",
            ],
            "filters": ["orders.order_date >= '1993-10-01' AND orders.order_date < '1994-01-01'"],
            "order_by": ["-returned_revenue"],
            "limit": 20,
        },
        """
        SELECT c_custkey, c_name, c_acctbal, n_name, c_address, c_phone, c_comment,
               SUM(l_extendedprice * (1 - l_discount)) AS revenue
        FROM customer
        JOIN orders ON o_custkey = c_custkey
        JOIN lineitem ON l_orderkey = o_orderkey
        JOIN nation ON n_nationkey = c_nationkey
        WHERE o_orderdate >= DATE '1993-10-01' AND o_orderdate < DATE '1994-01-01' AND l_returnflag = 'R'
        GROUP BY c_custkey, c_name, c_acctbal, n_name, c_address, c_phone, c_comment
        ORDER BY revenue DESC, c_custkey
        LIMIT 20
        """,
    ),
    Case(  # TPC-H Q12, shipping modes and order priority (two filtered counts)
        "q12_shipmode_priority",
        {
            "metrics": ["high_priority_lines", "low_priority_lines"],
            "dimensions": ["lineitem.ship_mode"],
            "filters": [
                "lineitem.ship_mode IN ('MAIL', 'SHIP')",
                "lineitem.commit_date < lineitem.receipt_date",
                "lineitem.ship_date < lineitem.commit_date",
                year_1994("lineitem.receipt_date"),
            ],
        },
        """
        SELECT l_shipmode,
               COUNT(*) FILTER (WHERE o_orderpriority IN ('1-URGENT', '2-HIGH')) AS high_line_count,
               COUNT(*) FILTER (WHERE o_orderpriority NOT IN ('1-URGENT', '2-HIGH')) AS low_line_count
        FROM orders
        JOIN lineitem ON l_orderkey = o_orderkey
        WHERE l_shipmode IN ('MAIL', 'SHIP') AND l_commitdate < l_receiptdate AND l_shipdate < l_commitdate
          AND l_receiptdate >= DATE '1994-01-01' AND l_receiptdate < DATE '1995-01-01'
        GROUP BY l_shipmode
        ORDER BY l_shipmode
        """,
    ),
    Case(  # TPC-H Q14, promotion effect (a ratio whose numerator has a filter)
        "q14_promo_share",
        {
            "metrics": ["promo_revenue_share"],
            "filters": ["lineitem.ship_date >= '1995-09-01' AND lineitem.ship_date < '1995-10-01'"],
        },
        """
        SELECT SUM(CASE WHEN p_type LIKE 'PROMO%' THEN l_extendedprice * (1 - l_discount) ELSE 0 END)
               / SUM(l_extendedprice * (1 - l_discount)) AS promo_share
        FROM lineitem
        JOIN part ON p_partkey = l_partkey
        WHERE l_shipdate >= DATE '1995-09-01' AND l_shipdate < DATE '1995-10-01'
        """,
    ),
    Case(  # orders alone: count and a ratio metric, by priority and order year
        "orders_by_priority_year",
        {
            "metrics": ["order_count", "average_order_value"],
            "dimensions": ["orders.order_priority", "metric_time__year"],
        },
        """
        SELECT o_orderpriority, CAST(date_trunc('year', o_orderdate) AS DATE) AS order_year,
               COUNT(*) AS order_count, AVG(o_totalprice) AS average_order_value
        FROM orders
        GROUP BY o_orderpriority, order_year
        ORDER BY o_orderpriority, order_year
        """,
    ),
    Case(  # TPC-H Q11-like: stock value by supplier nation (partsupp fact)
        "stock_value_by_nation",
        {"metrics": ["stock_value"], "dimensions": ["supplier_nation.nation"], "order_by": ["-stock_value"]},
        """
        SELECT n_name, SUM(ps_supplycost * ps_availqty) AS stock_value
        FROM partsupp
        JOIN supplier ON s_suppkey = ps_suppkey
        JOIN nation ON n_nationkey = s_nationkey
        GROUP BY n_name
        ORDER BY stock_value DESC
        """,
    ),
]
