"""Fan-out (a measure on the one side grouped by the many side) and chasm traps (two facts via a shared dimension).

Every expected number is derived by hand from data.sql (see tests/soundness/conftest.py for the rows).
"""

from __future__ import annotations


def test_credit_limit_by_order_status_counts_each_customer_once(ask):
    """customers.credit_limit by orders.status: each customer's limit once per status group.

    Truth: completed = customers {1, 2, 3} = 100 + 200 + 400 = 700; returned = {1} = 100;
    NULL = {2 (order 6 has NULL status), 4 (no orders, LEFT JOIN gives NULL)} = 200 + 800 = 1000.
    Guards against the naive ``customers JOIN orders GROUP BY status`` which counts customer 3 once per order:
    completed = 100 + 200 + 400 + 400 = 1100.
    """
    rows = ask(
        {"metrics": ["credit_limit"], "dimensions": ["orders.status"]}, columns=["orders__status", "credit_limit"]
    )
    assert rows == [("completed", 700), ("returned", 100), (None, 1000)]


def test_avg_credit_limit_by_order_status_is_not_weighted_by_orders(ask):
    """AVG on the one side across a fan-out: completed = avg(100, 200, 400) = 233.333333.

    A naive join averages per order row: (100 + 200 + 400 + 400) / 4 = 275.
    NULL group = avg(200, 800) = 500; returned = 100.
    """
    rows = ask({"metrics": ["avg_credit_limit"], "dimensions": ["orders.status"]})
    assert rows == [("completed", round(700 / 3, 6)), ("returned", 100), (None, 500)]


def test_customer_count_and_credit_limit_by_order_status(ask):
    """Two one-side measures together: completed has 3 customers (naive COUNT(*) over the join says 4).

    credit_limit as above (700 / 100 / 1000); customer_count completed 3, returned 1, NULL 2 (Bob, Dee).
    """
    rows = ask({"metrics": ["credit_limit", "customer_count"], "dimensions": ["orders.status"]})
    assert rows == [("completed", 700, 3), ("returned", 100, 1), (None, 1000, 2)]


def test_order_amount_by_item_category_is_not_multiplied_by_lines(ask):
    """gross_sales (orders.amount) by order_items.category: each order's amount once per category.

    Truth: books = orders 1, 3, 6 = 10 + 30 + 60 = 100; garden = orders 3, 5 = 30 + 50 = 80;
    toys = orders 1, 2, 4 = 10 + 20 + 40 = 70.
    Naive ``orders JOIN order_items`` sums per line: books = 10*2 + 30 + 60 = 110 (order 1 has two book lines),
    garden = 30 + 50*2 = 130 (order 5 has two garden lines); naive total 310 instead of 210.
    """
    rows = ask(
        {"metrics": ["gross_sales"], "dimensions": ["order_items.category"]},
        columns=["order_items__category", "gross_sales"],
    )
    assert rows == [("books", 100), ("garden", 80), ("toys", 70)]


def test_order_measures_and_item_measures_by_category(ask):
    """units (many side) and gross_sales (one side) side by side by category.

    units: books 2 + 1 + 1 + 4 = 8, garden 1 + 2 + 2 = 5, toys 1 + 5 + 3 = 9 (these are on the item grain, so
    a plain join is right for them); gross_sales 100 / 80 / 70 as above (naive join: 110 / 130 / 70).
    """
    rows = ask({"metrics": ["units", "gross_sales"], "dimensions": ["order_items.category"]})
    assert rows == [("books", 8, 100), ("garden", 5, 80), ("toys", 9, 70)]


def test_two_fan_out_hops_customers_by_item_category(ask):
    """credit_limit by order_items.category walks customers -< orders -< order_items.

    Truth: books = customers {1, 2} = 300; garden = {2, 3} = 600; toys = {1, 3} = 500; NULL (Dee, no orders) = 800.
    Naive join sums per item line: books = 100 + 100 + 200 + 200 = 600, garden = 200 + 400 + 400 = 1000,
    toys = 100 + 100 + 400 = 600. customer_count: 2 / 2 / 2 / 1 (naive: 4 / 3 / 3 / 1).
    """
    rows = ask({"metrics": ["credit_limit", "customer_count"], "dimensions": ["order_items.category"]})
    assert rows == [("books", 300, 2), ("garden", 600, 2), ("toys", 500, 2), (None, 800, 1)]


def test_order_count_and_median_across_fan_out(ask):
    """Non-additive measures across a fan-out: the deduplicated order rows, not the item lines.

    order_count: books 3 (orders 1, 3, 6), garden 2 (3, 5), toys 3 (1, 2, 4); naive COUNT(*) gives 4 / 3 / 3.
    median_order: books median(10, 30, 60) = 30 (naive median(10, 10, 30, 60) = 20);
    garden median(30, 50) = 40 (naive median(30, 50, 50) = 50); toys median(10, 20, 40) = 20.
    buyers (count distinct customer): books {1, 2} = 2, garden {2, 3} = 2, toys {1, 3} = 2.
    """
    rows = ask({"metrics": ["order_count", "median_order", "buyers"], "dimensions": ["order_items.category"]})
    assert rows == [("books", 3, 30, 2), ("garden", 2, 40, 2), ("toys", 3, 20, 2)]


def test_ratio_across_fan_out(ask):
    """average_order_value by category = sum(amount) / count(orders) on deduplicated orders.

    Truth: books 100 / 3 = 33.333333, garden 80 / 2 = 40, toys 70 / 3 = 23.333333.
    Naive join: books 110 / 4 = 27.5, garden 130 / 3 = 43.333333.
    """
    rows = ask({"metrics": ["average_order_value"], "dimensions": ["order_items.category"]})
    assert rows == [("books", round(100 / 3, 6)), ("garden", 40), ("toys", round(70 / 3, 6))]


# ---- chasm: two facts through a shared dimension ------------------------------------------------


def test_sales_and_tickets_by_segment_drill_across(ask):
    """gross_sales (orders) and ticket_count (tickets) by customers.segment, each aggregated on its own.

    Truth: premium (Ann): sales 10 + 20 = 30, tickets 3; consumer (Bob, Cid): sales 30 + 60 + 40 + 50 = 180,
    tickets 1 (Bob's); NULL segment (Dee): no orders -> sales NULL, tickets 1. The NULL segment row is kept.
    Naive ``customers JOIN orders JOIN tickets`` cross-multiplies Ann's 2 orders with her 3 tickets:
    premium sales 90 and tickets 6; consumer tickets 2.
    """
    rows = ask(
        {"metrics": ["gross_sales", "ticket_count"], "dimensions": ["customers.segment"]},
        columns=["customers__segment", "gross_sales", "ticket_count"],
    )
    assert rows == [("consumer", 180, 1), ("premium", 30, 3), (None, None, 1)]


def test_two_facts_without_dimensions(ask):
    """order_count and credit_limit with no dimensions: 6 orders and 100 + 200 + 400 + 800 = 1500.

    A naive ``orders JOIN customers`` would give credit 100*2 + 200*2 + 400*2 = 1400 (and drop Dee).
    """
    assert ask({"metrics": ["order_count", "credit_limit"]}) == [(6, 1500)]


def test_two_facts_without_dimensions_tickets(ask):
    """ticket_count and gross_sales with no dimensions: 5 and 210 (a cross join of the facts gives 30 and 1050)."""
    assert ask({"metrics": ["ticket_count", "gross_sales"]}) == [(5, 210)]


def test_two_facts_by_segment_and_year(ask):
    """gross_sales and ticket_count by segment and metric_time__year (each fact on its own time dimension).

    sales: consumer 2023 = 30 (order 3), consumer 2024 = 40 + 50 + 60 = 150, premium 2023 = 30, premium 2024 none.
    tickets: premium 2023 = 2 (t1, t2), premium 2024 = 1 (t3), consumer 2024 = 1 (t4), NULL-segment 2024 = 1 (t5).
    Rows present in only one fact keep NULL for the other (outer drill-across, not an inner join that would
    keep only consumer 2024 and premium 2023).
    """
    from datetime import date

    rows = ask({"metrics": ["gross_sales", "ticket_count"], "dimensions": ["customers.segment", "metric_time__year"]})
    assert rows == [
        ("consumer", date(2023, 1, 1), 30, None),
        ("consumer", date(2024, 1, 1), 150, 1),
        ("premium", date(2023, 1, 1), 30, 2),
        ("premium", date(2024, 1, 1), None, 1),
        (None, date(2024, 1, 1), None, 1),
    ]


def test_two_facts_by_year(ask):
    """ticket_count and gross_sales by metric_time__year: 2023 = 2 tickets, 60 sales; 2024 = 3 tickets, 150.

    Joining facts on a shared calendar before aggregating would give 2023 sales 60*2 = 120.
    """
    from datetime import date

    rows = ask({"metrics": ["ticket_count", "gross_sales"], "dimensions": ["metric_time__year"]})
    assert rows == [(date(2023, 1, 1), 2, 60), (date(2024, 1, 1), 3, 150)]


def test_two_facts_by_region_with_via(ask):
    """gross_sales and ticket_count by regions.region_name via customers (tickets reach regions only via customers).

    Truth: East = Bob + Dee: sales 30 + 60 = 90, tickets 1 + 1 = 2; West = Ann + Cid: sales 10 + 20 + 40 + 50 = 120,
    tickets 3. A naive chain tickets-customers-orders repeats Ann's 3 tickets for her 2 orders: West tickets 6,
    West sales (10 + 20) * 3 + 90 = 180.
    """
    rows = ask(
        {"metrics": ["gross_sales", "ticket_count"], "dimensions": ["regions.region_name"], "via": ["customers"]}
    )
    assert rows == [("East", 90, 2), ("West", 120, 3)]


def test_overlapping_groups_say_so(layer):
    """credit_limit by orders.status: customer 1 is in 'completed' and 'returned', so the groups (700 + 100 +
    1000) exceed the total (1500). The answer says the groups overlap; a breakdown along many-to-one joins does not."""
    overlapping = layer.query({"metrics": ["credit_limit"], "dimensions": ["orders.status"]})
    assert sum(row[1] for row in overlapping.rows) == 1800 > layer.query({"metrics": ["credit_limit"]}).rows[0][0]
    assert any(note.startswith("groups overlap: each customers row counts once") for note in overlapping.notes)
    plain = layer.query({"metrics": ["order_count"], "dimensions": ["customers.segment"]})
    assert not any(note.startswith("groups overlap") for note in plain.notes)
