"""Marketing, people, support and finance tables of the demo.

campaigns, web_sessions, departments, employees, support_tickets, expenses and budgets. Support tickets
are opened by customers (many per customer); a few are still unresolved (NULL resolved_at).
"""

from __future__ import annotations

import bisect
import datetime as dt

from semantic.demo import fake
from semantic.demo.generator import BASE_SESSIONS, BASE_TICKETS, END, START, Table, scaled, stream
from semantic.demo.sales import World

DEPARTMENTS = (
    # name, cost center, division, HQ headcount at scale 1, salary band (low, high) in dollars
    ("Store Operations", "CC-100", "Operations", 0, (32_000, 58_000)),
    ("Marketing", "CC-200", "Commercial", 22, (60_000, 140_000)),
    ("Finance", "CC-300", "Corporate", 16, (65_000, 160_000)),
    ("Customer Support", "CC-400", "Operations", 45, (38_000, 70_000)),
    ("People", "CC-500", "Corporate", 12, (55_000, 130_000)),
    ("Technology", "CC-600", "Corporate", 38, (85_000, 190_000)),
    ("Merchandising", "CC-700", "Commercial", 18, (55_000, 135_000)),
)
TITLES = {
    "Store Operations": ("Sales Associate", "Cashier", "Stock Associate", "Shift Lead"),
    "Marketing": ("Marketing Specialist", "Growth Analyst", "Content Manager", "Marketing Manager"),
    "Finance": ("Accountant", "Financial Analyst", "Controller"),
    "Customer Support": ("Support Agent", "Senior Support Agent", "Support Team Lead"),
    "People": ("HR Generalist", "Recruiter", "People Partner"),
    "Technology": ("Software Engineer", "Data Engineer", "Analytics Engineer", "IT Support"),
    "Merchandising": ("Buyer", "Planner", "Merchandiser"),
}
CAMPAIGN_CHANNELS = ("email", "social", "search", "display", "affiliate", "tv")
OBJECTIVES = ("awareness", "acquisition", "retention", "reactivation")
THEMES = (
    "Spring Refresh",
    "Summer Sale",
    "Back to School",
    "Black Friday",
    "Holiday Gifts",
    "New Year",
    "Loyalty Rewards",
    "Outdoor Week",
    "Tech Days",
    "Home Makeover",
)
EXPENSE_CATEGORIES = {
    "Store Operations": ("rent", "utilities", "supplies", "maintenance"),
    "Marketing": ("media", "agencies", "software", "events"),
    "Finance": ("software", "audit_fees", "travel"),
    "Customer Support": ("software", "contractors", "training"),
    "People": ("recruiting", "training", "benefits_admin"),
    "Technology": ("cloud", "software", "hardware", "contractors"),
    "Merchandising": ("travel", "samples", "software"),
}
PRIORITY_HOURS = {"low": 60.0, "medium": 30.0, "high": 14.0, "urgent": 5.0}
TICKET_CATEGORIES = ("delivery", "returns", "billing", "product_question", "account", "damaged_item")


def departments(world: World) -> Table:
    rows = []
    for department_id, (name, cost_center, division, _hq, _band) in enumerate(DEPARTMENTS, start=1):
        world.department_ids[name] = department_id
        rows.append((department_id, name, cost_center, division))
    return Table(
        "departments",
        (
            ("department_id", "INTEGER"),
            ("department_name", "VARCHAR"),
            ("cost_center", "VARCHAR"),
            ("division", "VARCHAR"),
        ),
        rows,
    )


def campaigns(world: World) -> Table:
    rng = stream(world.seed, "campaigns")
    rows = []
    campaign_id = 0
    month = dt.date(START.year, START.month, 1)
    while month <= END:
        for _ in range(2 if month.month not in (11, 12) else 3):
            campaign_id += 1
            start = month + dt.timedelta(days=rng.randint(0, 20))
            end = min(END, start + dt.timedelta(days=rng.randint(10, 45)))
            channel = rng.choice(CAMPAIGN_CHANNELS)
            budget = rng.randint(50, 400) * 100_000 if channel == "tv" else rng.randint(20, 250) * 10_000
            spend = budget * rng.randint(70, 110) // 100
            if end >= END - dt.timedelta(days=5):
                spend = spend * 6 // 10  # still running at the reference date
            name = f"{rng.choice(THEMES)} {start.year} ({channel})"
            rows.append(
                (
                    campaign_id,
                    name,
                    channel,
                    rng.choice(OBJECTIVES),
                    start,
                    end,
                    fake.money(budget),
                    fake.money(spend),
                    rng.choice(("all", "consumer", "premium", "business")),
                )
            )
            for day in fake.days(start, end):
                world.campaigns_by_day.setdefault(day, []).append(campaign_id)
        month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return Table(
        "campaigns",
        (
            ("campaign_id", "INTEGER"),
            ("campaign_name", "VARCHAR"),
            ("channel", "VARCHAR"),
            ("objective", "VARCHAR"),
            ("start_date", "DATE"),
            ("end_date", "DATE"),
            ("budget", "DECIMAL(12,2)"),
            ("spend", "DECIMAL(12,2)"),
            ("target_segment", "VARCHAR"),
        ),
        rows,
    )


def web_sessions(world: World) -> Table:
    rng = stream(world.seed, "web_sessions")
    count = scaled(BASE_SESSIONS, world.scale, 50)
    all_days, cum = world.day_weights()
    session_days = sorted(fake.pick_weighted(rng, all_days, cum) for _ in range(count))
    rows = []
    sources = ("organic", "paid_search", "email", "social", "direct", "referral")
    for session_id, day in enumerate(session_days, start=1):
        customer = None
        if rng.random() < 0.7:
            eligible = max(1, bisect.bisect_right(world.customer_signup, day))
            customer = rng.randint(1, eligible)
        campaign = None
        active = world.campaigns_by_day.get(day)
        if active and rng.random() < 0.35:
            campaign = rng.choice(active)
        source = rng.choice(("paid_search", "email", "social")) if campaign else rng.choice(sources)
        pageviews = 1 + int(rng.expovariate(1 / 4))
        converted = customer is not None and rng.random() < (0.08 + (0.05 if campaign else 0) + 0.01 * pageviews)
        rows.append(
            (
                session_id,
                customer,
                campaign,
                day,
                rng.choices(("mobile", "desktop", "tablet"), weights=(58, 35, 7))[0],
                source,
                pageviews,
                "true" if converted else "false",
            )
        )
    return Table(
        "web_sessions",
        (
            ("session_id", "INTEGER"),
            ("customer_id", "INTEGER"),
            ("campaign_id", "INTEGER"),
            ("session_date", "DATE"),
            ("device", "VARCHAR"),
            ("traffic_source", "VARCHAR"),
            ("pageviews", "INTEGER"),
            ("converted", "BOOLEAN"),
        ),
        rows,
    )


def employees(world: World) -> Table:
    rng = stream(world.seed, "employees")
    rows = []
    staff_per_store = max(2, round(14 * min(1.0, world.scale * 4)))
    plan: list[tuple[str, object, str]] = []
    for store_id in range(1, len(world.store_regions) + 1):
        plan.append(("Store Operations", store_id, "Store Manager"))
        plan += [("Store Operations", store_id, "")] * (staff_per_store - 1)
    for name, _cc, _division, hq, _band in DEPARTMENTS:
        plan += [(name, None, "")] * max(2, round(hq * min(1.0, world.scale * 4)))
    for employee_id, (department, store_id, title) in enumerate(plan, start=1):
        low, high = next(d[4] for d in DEPARTMENTS if d[0] == department)
        title = title or rng.choice(TITLES[department])
        salary = rng.randint(low, high) * 100 + (25_000_00 if title == "Store Manager" else 0)
        hired = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randint(0, (END - dt.date(2015, 1, 1)).days))
        terminated = None
        if rng.random() < 0.16:
            gap = (END - hired).days
            if gap > 60:
                terminated = hired + dt.timedelta(days=rng.randint(60, gap))
        first, last = fake.person(rng)
        region = fake.REGIONS[world.store_regions[store_id - 1] - 1] if store_id else rng.choice(("East", "West"))
        state, city = rng.choice(fake.GEOGRAPHY[region])
        birth = dt.date(rng.randint(1960, 2004), rng.randint(1, 12), rng.randint(1, 28))
        if department == "Customer Support" and terminated is None:
            world.support_agents.append(employee_id)
        rows.append(
            (
                employee_id,
                first,
                last,
                f"{first.lower()}.{last.lower()}{employee_id}@acme-retail.example",
                fake.phone(rng),
                fake.street(rng),
                city,
                state,
                birth,
                world.department_ids[department],
                store_id,
                title,
                rng.choices(("full_time", "part_time", "contract"), weights=(75, 20, 5))[0],
                hired,
                terminated,
                fake.money(salary),
            )
        )
    return Table(
        "employees",
        (
            ("employee_id", "INTEGER"),
            ("first_name", "VARCHAR"),
            ("last_name", "VARCHAR"),
            ("work_email", "VARCHAR"),
            ("phone", "VARCHAR"),
            ("home_address", "VARCHAR"),
            ("home_city", "VARCHAR"),
            ("home_state", "VARCHAR"),
            ("birth_date", "DATE"),
            ("department_id", "INTEGER"),
            ("store_id", "INTEGER"),
            ("job_title", "VARCHAR"),
            ("employment_type", "VARCHAR"),
            ("hire_date", "DATE"),
            ("termination_date", "DATE"),
            ("salary", "DECIMAL(12,2)"),
        ),
        rows,
    )


def support_tickets(world: World) -> Table:
    rng = stream(world.seed, "support_tickets")
    count = scaled(BASE_TICKETS, world.scale, 30)
    all_days, cum = world.day_weights()
    opened_days = sorted(fake.pick_weighted(rng, all_days, cum) for _ in range(count))
    cutoff = dt.datetime.combine(END, dt.time(23, 59, 59))
    rows = []
    for ticket_id, day in enumerate(opened_days, start=1):
        eligible = max(1, bisect.bisect_right(world.customer_signup, day))
        customer = 1 + int(eligible * rng.random() ** 0.7)
        opened = dt.datetime.combine(day, dt.time(rng.randint(7, 21), rng.randint(0, 59), rng.randint(0, 59)))
        priority = rng.choices(tuple(PRIORITY_HOURS), weights=(35, 40, 18, 7))[0]
        hours = rng.expovariate(1 / PRIORITY_HOURS[priority]) + 0.25
        resolved = opened + dt.timedelta(seconds=int(hours * 3600))
        csat = None
        if resolved > cutoff or rng.random() < 0.02:
            resolved, status = None, rng.choice(("open", "pending"))
        else:
            status = "closed" if rng.random() < 0.6 else "resolved"
            if rng.random() < 0.55:
                base = 5 - min(3, int(hours // 24)) + rng.choice((-1, 0, 0, 0, 1))
                csat = max(1, min(5, base))
        agent = rng.choice(world.support_agents) if world.support_agents and (resolved or rng.random() < 0.5) else None
        rows.append(
            (
                ticket_id,
                min(customer, eligible),
                agent,
                opened,
                resolved,
                status,
                priority,
                rng.choice(("email", "chat", "phone", "chat")),
                rng.choice(TICKET_CATEGORIES),
                csat,
            )
        )
    return Table(
        "support_tickets",
        (
            ("ticket_id", "INTEGER"),
            ("customer_id", "INTEGER"),
            ("assigned_employee_id", "INTEGER"),
            ("opened_at", "TIMESTAMP"),
            ("resolved_at", "TIMESTAMP"),
            ("status", "VARCHAR"),
            ("priority", "VARCHAR"),
            ("channel", "VARCHAR"),
            ("category", "VARCHAR"),
            ("csat_score", "INTEGER"),
        ),
        rows,
    )


def _months() -> list[dt.date]:
    months, month = [], dt.date(START.year, START.month, 1)
    while month <= END:
        months.append(month)
        month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return months


def _planned(department: str, category: str, month: dt.date) -> int:
    """Planned monthly cents for one department/category (deterministic)."""
    base = 40_000_00 if department == "Store Operations" else 6_000_00
    weight = 1 + (sum(map(ord, category)) % 7) / 3
    growth = 1 + 0.06 * (month.year - START.year)
    return int(base * weight * growth)


def expenses(world: World) -> Table:
    rng = stream(world.seed, "expenses")
    rows = []
    expense_id = 0
    for month in _months():
        for department, categories in EXPENSE_CATEGORIES.items():
            for category in categories:
                expense_id += 1
                amount = int(_planned(department, category, month) * rng.uniform(0.85, 1.2))
                if department == "Marketing" and month.month in (11, 12):
                    amount = amount * 3 // 2
                rows.append((expense_id, world.department_ids[department], month, category, fake.money(amount)))
    return Table(
        "expenses",
        (
            ("expense_id", "INTEGER"),
            ("department_id", "INTEGER"),
            ("expense_month", "DATE"),
            ("category", "VARCHAR"),
            ("amount", "DECIMAL(12,2)"),
        ),
        rows,
    )


def budgets(world: World) -> Table:
    rng = stream(world.seed, "budgets")
    rows = []
    budget_id = 0
    for month in _months():
        for department, categories in EXPENSE_CATEGORIES.items():
            budget_id += 1
            planned = sum(_planned(department, category, month) for category in categories)
            amount = int(planned * rng.uniform(0.98, 1.08))
            rows.append((budget_id, world.department_ids[department], month, month.year, fake.money(amount)))
    return Table(
        "budgets",
        (
            ("budget_id", "INTEGER"),
            ("department_id", "INTEGER"),
            ("budget_month", "DATE"),
            ("fiscal_year", "INTEGER"),
            ("amount", "DECIMAL(12,2)"),
        ),
        rows,
    )
