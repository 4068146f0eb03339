"""Sales tables of the demo: regions, stores, products, customers, orders, order_items, payments, refunds.

The data holds the traps a semantic layer must survive: orders have several items and sometimes several
payments or refunds, customers have many orders, a few orders have no channel, and some stores opened
during the period.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from semantic.demo import fake
from semantic.demo.generator import BASE_CUSTOMERS, BASE_ORDERS, END, SIGNUP_START, START, Table, scaled, stream

CATEGORIES: dict[str, tuple[tuple[str, ...], int, int]] = {
    # category: (nouns, min price cents, max price cents)
    "Apparel": (("T-Shirt", "Hoodie", "Jeans", "Jacket", "Dress", "Sweater"), 1_500, 12_000),
    "Footwear": (("Sneakers", "Boots", "Sandals", "Running Shoes", "Loafers"), 3_000, 18_000),
    "Home": (("Lamp", "Throw Blanket", "Cookware Set", "Mug Set", "Cushion", "Vase"), 1_200, 15_000),
    "Electronics": (("Headphones", "Speaker", "Charger", "Smartwatch", "Tablet Case", "Webcam"), 1_500, 35_000),
    "Beauty": (("Moisturizer", "Shampoo", "Perfume", "Lip Balm", "Face Serum"), 600, 9_000),
    "Outdoor": (("Tent", "Backpack", "Water Bottle", "Camping Chair", "Headlamp"), 1_500, 30_000),
    "Toys": (("Puzzle", "Board Game", "Building Set", "Plush Bear", "RC Car"), 900, 8_000),
    "Grocery": (("Coffee Beans", "Olive Oil", "Dark Chocolate", "Green Tea", "Granola"), 300, 3_500),
}
BRANDS = ("Acme Basics", "Northwind", "Summit", "Lumen", "Urbanline", "Evergreen", "Kestrel", "Brightside")
ADJECTIVES = ("Classic", "Premium", "Eco", "Ultra", "Everyday", "Pro", "Lite", "Signature")
SEGMENTS = ("consumer", "premium", "business")
STATUSES = ("completed", "shipped", "returned", "cancelled")
PAYMENT_METHODS = ("credit_card", "debit_card", "paypal", "gift_card", "store_credit")
REFUND_REASONS = ("damaged", "wrong_size", "not_as_described", "late_delivery", "changed_mind")
MONTH_SEASON = {1: 0.8, 2: 0.85, 3: 0.95, 4: 0.95, 5: 1.0, 6: 1.0, 7: 1.05, 8: 1.05, 9: 0.95, 10: 1.0, 11: 1.3, 12: 1.6}
WEEKDAY = (0.9, 0.9, 0.95, 1.0, 1.15, 1.3, 1.1)


@dataclass
class World:
    """Facts shared between generators (keys, dates, amounts) so later tables stay consistent."""

    scale: float
    seed: int
    store_regions: list[int] = field(default_factory=list)
    stores_by_region: dict[int, list[int]] = field(default_factory=dict)
    store_opened: dict[int, dt.date] = field(default_factory=dict)
    product_price: list[int] = field(default_factory=list)
    product_cost: list[int] = field(default_factory=list)
    product_weights: list[float] = field(default_factory=list)
    campaigns_by_day: dict[dt.date, list[int]] = field(default_factory=dict)
    customer_signup: list[dt.date] = field(default_factory=list)
    customer_region: list[int] = field(default_factory=list)
    department_ids: dict[str, int] = field(default_factory=dict)
    # order_id -> (customer_id, ordered_at, status, total cents, channel)
    orders: list[tuple[int, int, dt.date, str, int, Any]] = field(default_factory=list)
    support_agents: list[int] = field(default_factory=list)

    def day_weights(self) -> tuple[list[dt.date], list[float]]:
        """Business days of the period with trend (+~25%/year), seasonality and weekday weights."""
        all_days = fake.days(START, END)
        weights = [(1 + 0.25 * (d - START).days / 365) * MONTH_SEASON[d.month] * WEEKDAY[d.weekday()] for d in all_days]
        return all_days, fake.cumulative(weights)


def regions(world: World) -> Table:
    rng = stream(world.seed, "regions")
    rows = []
    for index, name in enumerate(fake.REGIONS, start=1):
        first, last = fake.person(rng)
        rows.append((index, name, f"{first} {last}", "US"))
    return Table(
        "regions",
        (("region_id", "INTEGER"), ("region_name", "VARCHAR"), ("region_manager", "VARCHAR"), ("country", "VARCHAR")),
        rows,
    )


def stores(world: World) -> Table:
    rng = stream(world.seed, "stores")
    rows = []
    store_id = 0
    for region_id, region in enumerate(fake.REGIONS, start=1):
        for state, city in fake.GEOGRAPHY[region]:
            store_id += 1
            kind = "flagship" if store_id % 9 == 1 else rng.choice(("standard", "standard", "outlet"))
            if store_id % 7 == 3:  # a few stores open during the period
                opened = START + dt.timedelta(days=rng.randint(200, 800))
            else:
                opened = dt.date(rng.randint(2008, 2022), rng.randint(1, 12), rng.randint(1, 28))
            world.store_regions.append(region_id)
            world.stores_by_region.setdefault(region_id, []).append(store_id)
            world.store_opened[store_id] = opened
            rows.append(
                (store_id, f"Acme {city}", region_id, city, state, kind, opened, rng.randrange(8_000, 60_000, 500))
            )
    return Table(
        "stores",
        (
            ("store_id", "INTEGER"),
            ("store_name", "VARCHAR"),
            ("region_id", "INTEGER"),
            ("city", "VARCHAR"),
            ("state", "VARCHAR"),
            ("store_type", "VARCHAR"),
            ("opened_date", "DATE"),
            ("square_feet", "INTEGER"),
        ),
        rows,
    )


def products(world: World) -> Table:
    rng = stream(world.seed, "products")
    rows = []
    product_id = 0
    for category, (nouns, low, high) in CATEGORIES.items():
        for noun in nouns:
            for brand in rng.sample(BRANDS, 5):
                product_id += 1
                price = rng.randint(low // 100, high // 100) * 100 - rng.choice((1, 5, 51))
                cost = int(price * rng.uniform(0.35, 0.7))
                launched = dt.date(rng.randint(2019, 2024), rng.randint(1, 12), rng.randint(1, 28))
                active = rng.random() > 0.08
                world.product_price.append(price)
                world.product_cost.append(cost)
                world.product_weights.append(1.0 / (1 + (product_id * 7919 % 97) / 8))
                rows.append(
                    (
                        product_id,
                        f"{brand} {rng.choice(ADJECTIVES)} {noun}",
                        category,
                        brand,
                        fake.money(price),
                        fake.money(cost),
                        launched,
                        "true" if active else "false",
                    )
                )
    world.product_weights = fake.cumulative(world.product_weights)
    return Table(
        "products",
        (
            ("product_id", "INTEGER"),
            ("product_name", "VARCHAR"),
            ("category", "VARCHAR"),
            ("brand", "VARCHAR"),
            ("price", "DECIMAL(12,2)"),
            ("unit_cost", "DECIMAL(12,2)"),
            ("launched_date", "DATE"),
            ("is_active", "BOOLEAN"),
        ),
        rows,
    )


def customers(world: World) -> Table:
    rng = stream(world.seed, "customers")
    count = scaled(BASE_CUSTOMERS, world.scale, 20)
    before = (START - SIGNUP_START).days
    during = (END - START).days
    signups = sorted(
        SIGNUP_START + dt.timedelta(days=rng.randrange(before))
        if rng.random() < 0.35
        else START + dt.timedelta(days=rng.randrange(during + 1))
        for _ in range(count)
    )
    rows = []
    for customer_id, signup in enumerate(signups, start=1):
        region_id = rng.choices(range(1, 6), weights=(30, 25, 15, 20, 10))[0]
        state, city = rng.choice(fake.GEOGRAPHY[fake.REGIONS[region_id - 1]])
        first, last = fake.person(rng)
        segment = rng.choices(SEGMENTS, weights=(70, 20, 10))[0]
        birth = dt.date(rng.randint(1950, 2005), rng.randint(1, 12), rng.randint(1, 28))
        world.customer_signup.append(signup)
        world.customer_region.append(region_id)
        rows.append(
            (
                customer_id,
                first,
                last,
                fake.email(first, last, customer_id, rng),
                fake.phone(rng),
                fake.street(rng),
                city,
                state,
                fake.REGIONS[region_id - 1],
                segment,
                signup,
                birth,
                "true" if rng.random() < 0.6 else "false",
            )
        )
    return Table(
        "customers",
        (
            ("customer_id", "INTEGER"),
            ("first_name", "VARCHAR"),
            ("last_name", "VARCHAR"),
            ("email", "VARCHAR"),
            ("phone", "VARCHAR"),
            ("street_address", "VARCHAR"),
            ("city", "VARCHAR"),
            ("state", "VARCHAR"),
            ("region", "VARCHAR"),
            ("segment", "VARCHAR"),
            ("signup_date", "DATE"),
            ("birth_date", "DATE"),
            ("marketing_opt_in", "BOOLEAN"),
        ),
        rows,
    )


def _status(rng: Any, ordered: dt.date) -> str:
    age = (END - ordered).days
    if age < 4:
        return "shipped" if rng.random() < 0.9 else "cancelled"
    if age < 10:
        return rng.choices(STATUSES, weights=(40, 50, 2, 8))[0]
    return rng.choices(STATUSES, weights=(86, 1, 7, 6))[0]


def orders_and_items(world: World) -> tuple[Table, Table]:
    rng = stream(world.seed, "orders")
    count = scaled(BASE_ORDERS, world.scale, 50)
    all_days, cum = world.day_weights()
    ordered_days = sorted(fake.pick_weighted(rng, all_days, cum) for _ in range(count))
    products = range(1, len(world.product_price) + 1)
    order_rows, item_rows = [], []
    item_id = 0
    for order_id, ordered in enumerate(ordered_days, start=1):
        eligible = max(1, bisect.bisect_right(world.customer_signup, ordered))
        customer = 1 + int(eligible * rng.random() ** 0.8)
        customer = min(customer, eligible)
        home = world.customer_region[customer - 1]
        region = home if rng.random() < 0.85 else rng.randint(1, 5)
        open_stores = [s for s in world.stores_by_region[region] if world.store_opened[s] <= ordered]
        store = rng.choice(open_stores or world.stores_by_region[region])
        roll = rng.random()
        channel = None if roll < 0.02 else ("online" if roll < 0.6 else "store")
        campaign = None
        active = world.campaigns_by_day.get(ordered)
        if channel == "online" and active and rng.random() < 0.3:
            campaign = rng.choice(active)
        status = _status(rng, ordered)
        total = 0
        for _ in range(rng.choices((1, 2, 3, 4, 5, 6), weights=(20, 23, 21, 16, 11, 9))[0]):
            item_id += 1
            product = fake.pick_weighted(rng, products, world.product_weights)
            price = world.product_price[product - 1]
            if ordered.year >= 2025:
                price = price * 105 // 100
            quantity = rng.choices((1, 2, 3, 4), weights=(70, 20, 7, 3))[0]
            discount = int(quantity * price * rng.uniform(0.05, 0.25)) if rng.random() < 0.15 else 0
            line = quantity * price - discount
            total += line
            item_rows.append(
                (
                    item_id,
                    order_id,
                    product,
                    ordered,
                    quantity,
                    fake.money(price),
                    fake.money(world.product_cost[product - 1]),
                    fake.money(discount),
                    fake.money(line),
                )
            )
        world.orders.append((order_id, customer, ordered, status, total, channel))
        order_rows.append((order_id, customer, store, campaign, ordered, status, channel, fake.money(total)))
    orders = Table(
        "orders",
        (
            ("order_id", "INTEGER"),
            ("customer_id", "INTEGER"),
            ("store_id", "INTEGER"),
            ("campaign_id", "INTEGER"),
            ("ordered_at", "DATE"),
            ("status", "VARCHAR"),
            ("channel", "VARCHAR"),
            ("order_total", "DECIMAL(12,2)"),
        ),
        order_rows,
    )
    items = Table(
        "order_items",
        (
            ("order_item_id", "INTEGER"),
            ("order_id", "INTEGER"),
            ("product_id", "INTEGER"),
            ("ordered_at", "DATE"),
            ("quantity", "INTEGER"),
            ("unit_price", "DECIMAL(12,2)"),
            ("unit_cost", "DECIMAL(12,2)"),
            ("discount", "DECIMAL(12,2)"),
            ("line_amount", "DECIMAL(12,2)"),
        ),
        item_rows,
    )
    return orders, items


def payments(world: World) -> Table:
    rng = stream(world.seed, "payments")
    rows = []
    payment_id = 0
    for order_id, _customer, ordered, status, total, channel in world.orders:
        if status == "cancelled" or total <= 0:
            continue
        parts = rng.choices((1, 2, 3), weights=(85, 12, 3))[0]
        shares = sorted(rng.sample(range(1, total), parts - 1)) if total > parts else []
        bounds = [0, *shares, total]
        paid = min(END, ordered + dt.timedelta(days=0 if channel != "online" else rng.randint(0, 2)))
        for index in range(len(bounds) - 1):
            payment_id += 1
            method = (
                "gift_card"
                if index > 0 and rng.random() < 0.5
                else rng.choices(PAYMENT_METHODS, weights=(50, 25, 15, 6, 4))[0]
            )
            rows.append((payment_id, order_id, method, fake.money(bounds[index + 1] - bounds[index]), paid))
    return Table(
        "payments",
        (
            ("payment_id", "INTEGER"),
            ("order_id", "INTEGER"),
            ("method", "VARCHAR"),
            ("amount", "DECIMAL(12,2)"),
            ("paid_at", "DATE"),
        ),
        rows,
    )


def refunds(world: World) -> Table:
    rng = stream(world.seed, "refunds")
    rows = []
    refund_id = 0
    for order_id, _customer, ordered, status, total, _channel in world.orders:
        if status == "returned":
            amounts = (
                [total]
                if rng.random() < 0.75
                else [total * rng.randint(30, 60) // 100, total * rng.randint(10, 40) // 100]
            )
        elif status == "completed" and rng.random() < 0.015:
            amounts = [total * rng.randint(5, 30) // 100]
        else:
            continue
        when = ordered
        for amount in amounts:
            when = when + dt.timedelta(days=rng.randint(3, 30))
            if when > END or amount <= 0:
                break
            refund_id += 1
            rows.append((refund_id, order_id, when, fake.money(amount), rng.choice(REFUND_REASONS)))
    return Table(
        "refunds",
        (
            ("refund_id", "INTEGER"),
            ("order_id", "INTEGER"),
            ("refunded_at", "DATE"),
            ("amount", "DECIMAL(12,2)"),
            ("reason", "VARCHAR"),
        ),
        rows,
    )
