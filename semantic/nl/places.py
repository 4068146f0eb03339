"""Place names for coded members: a question says "Texas" where the warehouse stores "TX".

>>> state_names(["TX", "CA", "WA"])["TX"]
'Texas'
>>> state_names(["OR", "IN"])  # too few codes to be a column of states
{}
"""

from __future__ import annotations

from collections.abc import Iterable

US_STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California", "CO": "Colorado",
    "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia", "FL": "Florida", "GA": "Georgia",
    "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa", "KS": "Kansas",
    "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan",
    "MN": "Minnesota", "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York", "NC": "North Carolina",
    "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania",
    "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas",
    "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington", "WV": "West Virginia",
    "WI": "Wisconsin", "WY": "Wyoming",
}  # fmt: skip

# a column is taken for US states when at least this many of its distinct members are state codes
_LEAST_CODES = 3


def state_names(members: Iterable[object]) -> dict[str, str]:
    """The full state name of each member, when the members look like a column of US state codes."""
    codes = {m for m in members if isinstance(m, str) and m in US_STATES}
    if len(codes) < _LEAST_CODES:
        return {}
    return {code: US_STATES[code] for code in sorted(codes)}
