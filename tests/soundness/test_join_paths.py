"""Multi-hop (3+ joins) and ambiguous join paths: the right path, or an error naming every candidate.

Paths from order_items to regions: order_items -> orders -> stores -> regions (store's region) and
order_items -> orders -> customers -> regions (customer's home region); they give different numbers,
so picking either silently is a wrong answer. companies is reachable only through stores.
"""

from __future__ import annotations

import pytest

from semantic.errors import AmbiguousPathError


def test_three_hops_to_companies_is_unambiguous(ask):
    """units by companies.company_name: order_items -> orders -> stores -> companies (3 joins, one path).

    Truth: Acme = store 100 = orders 1, 3, 6 = 4 + 2 + 4 = 10; Bolt = store 200 = orders 2, 4, 5 = 5 + 3 + 4 = 12.
    Wrong numbers guarded: 22 for both (a cross join of companies) or anything that drops items (total must be 22).
    """
    rows = ask(
        {"metrics": ["units"], "dimensions": ["companies.company_name"]}, columns=["companies__company_name", "units"]
    )
    assert rows == [("Acme", 10), ("Bolt", 12)]


def test_three_hops_with_two_dimensions_and_category(ask):
    """units by company and category (3 hops plus the item's own dimension).

    Acme (orders 1, 3, 6): books 2 + 1 + 1 + 4 = 8, garden 1, toys 1; Bolt (orders 2, 4, 5): garden 2 + 2 = 4,
    toys 5 + 3 = 8. A join path through customers instead of stores would mix orders across companies.
    """
    rows = ask({"metrics": ["units"], "dimensions": ["companies.company_name", "order_items.category"]})
    assert rows == [
        ("Acme", "books", 8),
        ("Acme", "garden", 1),
        ("Acme", "toys", 1),
        ("Bolt", "garden", 4),
        ("Bolt", "toys", 8),
    ]


def test_units_by_region_without_via_is_ambiguous(layer):
    """units by regions.region_name has two 3-hop paths (via stores: East 10 / West 12; via customers: East 6 /
    West 16). Picking one silently returns one of those two wrong-for-the-other answers, so it must raise and
    list both paths."""
    with pytest.raises(AmbiguousPathError) as caught:
        layer.compile({"metrics": ["units"], "dimensions": ["regions.region_name"]})
    message = caught.value.message
    assert "order_items -> orders -> stores -> regions" in message
    assert "order_items -> orders -> customers -> regions" in message
    assert "via" in message
    assert len(caught.value.to_dict()["paths"]) == 2


@pytest.mark.parametrize(
    "via, expected",
    [
        # store's region: East = store 100 = orders 1, 3, 6 = 4 + 2 + 4 = 10; West = store 200 = 5 + 3 + 4 = 12.
        (["stores"], [("East", 10), ("West", 12)]),
        (["store_region"], [("East", 10), ("West", 12)]),
        # customer's home region: East = Bob (orders 3, 6) = 2 + 4 = 6; West = Ann + Cid (1, 2, 4, 5) = 4+5+3+4 = 16.
        (["customers"], [("East", 6), ("West", 16)]),
        (["customer_home_region"], [("East", 6), ("West", 16)]),
    ],
)
def test_units_by_region_three_hops_with_via(ask, via, expected):
    """units by regions.region_name over 3 joins, the path named by an entity or relationship in ``via``.

    Guards against the via hint being ignored (the other path's numbers) or both paths being joined at once
    (an inner join of both regions keeps only orders whose store and customer share a region: East 6, West 12).
    """
    rows = ask({"metrics": ["units"], "dimensions": ["regions.region_name"], "via": via})
    assert rows == expected


def test_gross_sales_by_region_is_ambiguous(layer):
    """gross_sales by regions.region_name: orders -> stores -> regions (East 100, West 110) or
    orders -> customers -> regions (East 90, West 120). Must raise AmbiguousPathError listing both."""
    with pytest.raises(AmbiguousPathError) as caught:
        layer.compile({"metrics": ["gross_sales"], "dimensions": ["regions.region_name"]})
    message = caught.value.message
    assert "orders -> stores -> regions" in message
    assert "orders -> customers -> regions" in message
    assert caught.value.code == "ambiguous_join_path"


@pytest.mark.parametrize(
    "via, expected",
    [
        # via stores: East = store 100 = orders 1, 3, 6 = 10 + 30 + 60 = 100; West = orders 2, 4, 5 = 20 + 40 + 50 = 110.
        (["stores"], [("East", 100), ("West", 110)]),
        # via customers: East = Bob (3, 6) = 30 + 60 = 90; West = Ann + Cid (1, 2, 4, 5) = 10 + 20 + 40 + 50 = 120.
        (["customers"], [("East", 90), ("West", 120)]),
    ],
)
def test_gross_sales_by_region_with_via(ask, via, expected):
    """Each via gives its own numbers; both sum to 210. Guards against the hint being ignored."""
    assert ask({"metrics": ["gross_sales"], "dimensions": ["regions.region_name"], "via": via}) == expected


def test_ambiguous_filter_path_also_raises(layer):
    """A filter on regions (not a group-by) is just as ambiguous: West via stores keeps orders 2, 4, 5 (110);
    via customers keeps 1, 2, 4, 5 (120)."""
    with pytest.raises(AmbiguousPathError):
        layer.compile({"metrics": ["gross_sales"], "filters": ["regions.region_name = 'West'"]})


def test_two_facts_by_region_without_via_is_ambiguous(layer):
    """Drill-across does not hide the ambiguity of one of its facts (orders -> regions has two paths)."""
    with pytest.raises(AmbiguousPathError):
        layer.compile({"metrics": ["gross_sales", "ticket_count"], "dimensions": ["regions.region_name"]})


def test_three_hops_filtered_by_region_via_stores(ask):
    """units by company where the store's region is East (via stores): Acme 10 only.

    Via customers the East filter would keep Bob's orders 3 and 6 (Acme: 2 + 4 = 6).
    """
    rows = ask(
        {
            "metrics": ["units"],
            "dimensions": ["companies.company_name"],
            "filters": ["regions.region_name = 'East'"],
            "via": ["stores"],
        }
    )
    assert rows == [("Acme", 10)]


def test_region_and_company_together_via_stores(ask):
    """Two dimensions on one path share the stores join: East/Acme 10, West/Bolt 12 (no East/Bolt rows,
    which a second independent stores join, or a cross join, would invent)."""
    rows = ask(
        {"metrics": ["units"], "dimensions": ["regions.region_name", "companies.company_name"], "via": ["stores"]}
    )
    assert rows == [("East", "Acme", 10), ("West", "Bolt", 12)]


QUERIES_ACROSS_JOINS = [
    {"metrics": ["gross_sales"], "dimensions": ["regions.region_name"], "via": ["stores"]},
    {"metrics": ["gross_sales", "order_count"], "dimensions": ["customers.segment"]},
    {"metrics": ["units"], "dimensions": ["customers.segment", "stores.store_name"]},
    {"metrics": ["customer_count"], "dimensions": ["regions.region_name"]},
]


def test_declared_inner_joins_give_the_same_rows_and_are_checked(fresh_soundness_root) -> None:
    """`join: inner` lets semctx write INNER JOIN (engines can reorder those); the rows must not change, and
    `validate --warehouse` must catch data where the declaration is false (rows would silently drop out)."""
    import duckdb

    from semantic.api import SemanticLayer

    before = SemanticLayer.load(fresh_soundness_root)
    expected = [before.query(q).rows for q in QUERIES_ACROSS_JOINS]
    before.close()
    models = fresh_soundness_root / "models" / "model.yml"
    text = models.read_text(encoding="utf-8")
    for name in ("order_customer", "order_store", "store_region", "item_order"):
        text = text.replace(f"{{name: {name}, ", f"{{name: {name}, join: inner, ")
    models.write_text(text, encoding="utf-8")
    layer = SemanticLayer.load(fresh_soundness_root)
    try:
        sql = layer.compile(QUERIES_ACROSS_JOINS[0]).sql
        assert "\nJOIN stores" in sql and "LEFT JOIN" not in sql
        assert "LEFT JOIN regions" in layer.compile(QUERIES_ACROSS_JOINS[3]).sql  # customer_home_region: not declared
        assert [layer.query(q).rows for q in QUERIES_ACROSS_JOINS] == expected
        assert not [i for i in layer.validate(check_warehouse=True) if i.code == "inner_join_orphans"]
    finally:
        layer.close()
    with duckdb.connect(str(fresh_soundness_root / "warehouse.duckdb")) as connection:  # an order of no customer
        connection.execute("INSERT INTO orders VALUES (99, 42, 100, DATE '2024-03-01', 5, 'completed')")
    broken = SemanticLayer.load(fresh_soundness_root)
    try:
        found = [i for i in broken.validate(check_warehouse=True) if i.code == "inner_join_orphans"]
        assert len(found) == 1 and "order_customer" in found[0].message and "1 row(s) of 'orders'" in found[0].message
    finally:
        broken.close()
