"""Small, seeded fake-data helpers for the demo: names, addresses, phones, dates, money.

Everything takes a ``random.Random`` so the same seed always yields the same values.

>>> import random
>>> rng = random.Random(1)
>>> money(12345)
'123.45'
>>> len(phone(rng))
12
"""

from __future__ import annotations

import bisect
import datetime as dt
import random
from typing import Sequence

FIRST_NAMES = (
    "James",
    "Mary",
    "Robert",
    "Patricia",
    "John",
    "Jennifer",
    "Michael",
    "Linda",
    "David",
    "Elizabeth",
    "William",
    "Barbara",
    "Richard",
    "Susan",
    "Joseph",
    "Jessica",
    "Thomas",
    "Sarah",
    "Charles",
    "Karen",
    "Christopher",
    "Lisa",
    "Daniel",
    "Nancy",
    "Matthew",
    "Betty",
    "Anthony",
    "Sandra",
    "Mark",
    "Margaret",
    "Donald",
    "Ashley",
    "Steven",
    "Kimberly",
    "Andrew",
    "Emily",
    "Paul",
    "Donna",
    "Joshua",
    "Michelle",
    "Kenneth",
    "Carol",
    "Kevin",
    "Amanda",
    "Brian",
    "Melissa",
    "Timothy",
    "Deborah",
    "Ronald",
    "Stephanie",
    "Jason",
    "Rebecca",
    "George",
    "Sharon",
    "Edward",
    "Laura",
    "Jeffrey",
    "Cynthia",
    "Ryan",
    "Amy",
    "Jacob",
    "Kathleen",
    "Nicholas",
    "Angela",
    "Gary",
    "Shirley",
    "Eric",
    "Brenda",
    "Jonathan",
    "Emma",
    "Stephen",
    "Anna",
    "Larry",
    "Pamela",
    "Justin",
    "Nicole",
    "Scott",
    "Samantha",
    "Brandon",
    "Katherine",
    "Priya",
    "Wei",
    "Aisha",
    "Carlos",
    "Sofia",
    "Mateo",
    "Yuki",
    "Omar",
    "Fatima",
    "Diego",
)
LAST_NAMES = (
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Garcia",
    "Miller",
    "Davis",
    "Rodriguez",
    "Martinez",
    "Hernandez",
    "Lopez",
    "Gonzalez",
    "Wilson",
    "Anderson",
    "Thomas",
    "Taylor",
    "Moore",
    "Jackson",
    "Martin",
    "Lee",
    "Perez",
    "Thompson",
    "White",
    "Harris",
    "Sanchez",
    "Clark",
    "Ramirez",
    "Lewis",
    "Robinson",
    "Walker",
    "Young",
    "Allen",
    "King",
    "Wright",
    "Scott",
    "Torres",
    "Nguyen",
    "Hill",
    "Flores",
    "Green",
    "Adams",
    "Nelson",
    "Baker",
    "Hall",
    "Rivera",
    "Campbell",
    "Mitchell",
    "Carter",
    "Roberts",
    "Patel",
    "Chen",
    "Kim",
    "Singh",
    "Okafor",
    "Novak",
    "Schmidt",
    "Rossi",
    "Tanaka",
    "Haddad",
)
STREET_NAMES = (
    "Main",
    "Oak",
    "Pine",
    "Maple",
    "Cedar",
    "Elm",
    "Washington",
    "Lake",
    "Hill",
    "Park",
    "Sunset",
    "River",
    "Highland",
    "Church",
    "Market",
    "Lincoln",
    "Jefferson",
    "Spring",
    "Willow",
    "Franklin",
    "Meadow",
    "Ridge",
)
STREET_TYPES = ("St", "Ave", "Blvd", "Rd", "Ln", "Dr", "Ct", "Way")
EMAIL_DOMAINS = ("example.com", "example.net", "example.org", "mail.example.com")

# region -> (state, city) pairs; the demo's geography (fictional company, real place names).
GEOGRAPHY: dict[str, tuple[tuple[str, str], ...]] = {
    "West": (
        ("CA", "San Diego"),
        ("CA", "Sacramento"),
        ("OR", "Portland"),
        ("WA", "Seattle"),
        ("NV", "Reno"),
        ("AZ", "Phoenix"),
    ),
    "East": (
        ("NY", "Albany"),
        ("NY", "Buffalo"),
        ("MA", "Boston"),
        ("PA", "Philadelphia"),
        ("NJ", "Newark"),
        ("CT", "Hartford"),
    ),
    "North": (("MN", "Minneapolis"), ("WI", "Madison"), ("MI", "Detroit"), ("ND", "Fargo"), ("IL", "Chicago")),
    "South": (
        ("TX", "Austin"),
        ("TX", "Houston"),
        ("FL", "Miami"),
        ("GA", "Atlanta"),
        ("NC", "Charlotte"),
        ("TN", "Nashville"),
    ),
    "Central": (("CO", "Denver"), ("MO", "Kansas City"), ("KS", "Wichita"), ("NE", "Omaha"), ("OK", "Tulsa")),
}
REGIONS = tuple(GEOGRAPHY)


def money(cents: int) -> str:
    """Cents as a DECIMAL literal (exact; no float rounding)."""
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    return f"{sign}{cents // 100}.{cents % 100:02d}"


def person(rng: random.Random) -> tuple[str, str]:
    return rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)


def email(first: str, last: str, number: int, rng: random.Random) -> str:
    return f"{first.lower()}.{last.lower()}{number}@{rng.choice(EMAIL_DOMAINS)}"


def phone(rng: random.Random) -> str:
    return f"{rng.randint(201, 989)}-555-{rng.randint(0, 9999):04d}"


def street(rng: random.Random) -> str:
    return f"{rng.randint(1, 9899)} {rng.choice(STREET_NAMES)} {rng.choice(STREET_TYPES)}"


def days(start: dt.date, end: dt.date) -> list[dt.date]:
    """Every day from start to end, inclusive."""
    return [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]


def cumulative(weights: Sequence[float]) -> list[float]:
    total, out = 0.0, []
    for weight in weights:
        total += weight
        out.append(total)
    return out


def pick_weighted(rng: random.Random, items: Sequence, cum_weights: Sequence[float]):  # type: ignore[no-untyped-def]
    """One item, chosen with precomputed cumulative weights (fast for repeated draws)."""
    return items[bisect.bisect_right(cum_weights, rng.random() * cum_weights[-1])]
