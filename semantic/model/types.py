"""The YAML model as pydantic types: the one source of truth for every element.

Every element is frozen and rejects unknown fields, so a typo in YAML becomes a validation issue
(with a did-you-mean) instead of a silently ignored key.

>>> Measure(name="revenue", agg="sum", expr="amount").agg
'sum'
"""

from __future__ import annotations

import re
from enum import Enum
from typing import Annotated, Any, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

NAME_PATTERN = r"^[A-Za-z_][A-Za-z0-9_]*$"
Name = Annotated[str, Field(pattern=NAME_PATTERN, max_length=128, description="Identifier: letters, digits, _.")]


class Grain(str, Enum):
    """Time grains, finest first."""

    day = "day"
    week = "week"
    month = "month"
    quarter = "quarter"
    year = "year"

    @property
    def rank(self) -> int:
        return GRAIN_ORDER.index(self)


GRAIN_ORDER = [Grain.day, Grain.week, Grain.month, Grain.quarter, Grain.year]


class PiiClass(str, Enum):
    """What kind of personal data a dimension holds (``none`` for none)."""

    none = "none"
    name = "name"
    email = "email"
    phone = "phone"
    address = "address"
    date_of_birth = "date_of_birth"
    national_id = "national_id"
    credit_card = "credit_card"
    iban = "iban"
    ip_address = "ip_address"
    other = "other"


class Element(BaseModel):
    """Fields every named element carries."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: Name
    label: Optional[str] = Field(None, description="Human-friendly display name.")
    description: str = Field("", description="What it means, in business words.")
    synonyms: tuple[str, ...] = Field((), description="Other words people use for it.")
    owner: Optional[str] = Field(None, description="Team or person accountable for it.")
    certified: bool = Field(False, description="Reviewed and approved for decision making.")
    tags: tuple[str, ...] = ()
    meta: dict[str, Any] = Field(default_factory=dict, description="Free-form extra data, ignored by semctx.")


class Domain(Element):
    """A business area (sales, finance, ...) that groups entities and metrics."""


DimensionType = Literal["categorical", "time", "number", "boolean"]


class Dimension(Element):
    """An attribute to group or filter by. ``expr`` is SQL over the entity's columns (default: ``name``)."""

    type: DimensionType = "categorical"
    expr: Optional[str] = Field(None, description="SQL expression over the entity's columns; default the name.")
    grain: Optional[Grain] = Field(None, description="Finest grain of a time dimension (required for time).")
    pii: PiiClass = Field(PiiClass.none, description="Personal data class held by this dimension.")
    sample_values: tuple[Union[str, int, float, bool], ...] = Field((), description="A few typical members.")


AggName = Literal["sum", "count", "count_distinct", "avg", "min", "max", "median", "percentile"]


class Measure(Element):
    """An aggregation over an entity's rows. ``count`` without ``expr`` counts rows."""

    agg: AggName
    expr: Optional[str] = Field(None, description="SQL expression aggregated; default the measure name.")
    percentile: Optional[float] = Field(None, description="For agg=percentile: a fraction in (0, 1).")
    agg_time_dimension: Optional[Name] = Field(
        None, description="Time dimension of this entity used as metric_time; default the entity's."
    )


KeyColumns = Union[str, tuple[str, ...]]


class Entity(Element):
    """A table (or SQL select) with a key, its dimensions and measures."""

    domain: Optional[Name] = None
    table: Optional[str] = Field(None, description="Warehouse table, optionally schema-qualified.")
    sql: Optional[str] = Field(None, description="A SELECT used instead of a table.")
    primary_key: Optional[KeyColumns] = Field(None, description="Column(s) identifying one row.")
    default_time_dimension: Optional[Name] = Field(None, description="Time dimension used as metric_time.")
    dimensions: tuple[Dimension, ...] = ()
    measures: tuple[Measure, ...] = ()

    @property
    def key_columns(self) -> tuple[str, ...]:
        return _as_tuple(self.primary_key)


Cardinality = Literal["many_to_one", "one_to_many", "one_to_one"]


class Relationship(BaseModel):
    """A join between two entities: ``from_entity.from_columns = to_entity.to_columns``."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    name: Optional[Name] = None
    from_entity: Name = Field(alias="from")
    to_entity: Name = Field(alias="to")
    from_columns: KeyColumns = Field(alias="from_key")
    to_columns: Optional[KeyColumns] = Field(None, alias="to_key", description="Default: to's primary key.")
    cardinality: Cardinality = "many_to_one"
    join: Literal["left", "inner"] = Field(
        "left",
        description="inner: every row of the many side (of from, for one_to_one) has a non-NULL key with a match, so "
        "semctx may write INNER JOIN, which engines can reorder; `semctx validate --warehouse` checks it.",
    )
    description: str = ""

    @property
    def label(self) -> str:
        return self.name or f"{self.from_entity}_to_{self.to_entity}"


class MetricInput(BaseModel):
    """A metric used inside a derived metric, optionally shifted in time (``offset: 1 year``)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    metric: Name
    alias: Optional[Name] = None
    offset: Optional[str] = Field(None, description="Period shift like '1 year', '3 month', '7 day'.")

    @field_validator("offset")
    @classmethod
    def _offset_shape(cls, value: Optional[str]) -> Optional[str]:
        if value is not None:
            parse_interval(value)
        return value

    @property
    def ref(self) -> str:
        return self.alias or self.metric


MetricType = Literal["simple", "ratio", "derived", "cumulative"]


class Metric(Element):
    """A business number. simple: a measure (+filter); ratio: num/den; derived: expr; cumulative: window."""

    type: MetricType = "simple"
    domain: Optional[Name] = None
    measure: Optional[str] = Field(None, description="simple/cumulative: measure name or entity.measure.")
    filter: Optional[str] = Field(None, description="simple/cumulative: SQL predicate over dimensions.")
    numerator: Optional[Name] = Field(None, description="ratio: metric divided.")
    denominator: Optional[Name] = Field(None, description="ratio: metric dividing.")
    expr: Optional[str] = Field(None, description="derived: SQL expression over input metric names.")
    inputs: tuple[MetricInput, ...] = Field((), description="derived: metrics (with offsets) used in expr.")
    window: Optional[str] = Field(None, description="cumulative: trailing window like '7 day'; none = running.")
    grain_to_date: Optional[Grain] = Field(None, description="cumulative: restart at each period (e.g. month).")
    format: Optional[str] = Field(None, description="Display hint such as 'currency' or 'percent'.")

    @field_validator("window")
    @classmethod
    def _window_shape(cls, value: Optional[str]) -> Optional[str]:
        if value is not None:
            parse_interval(value)
        return value

    @model_validator(mode="after")
    def _fields_fit_type(self) -> Metric:
        needed = {
            "simple": ("measure",),
            "cumulative": ("measure",),
            "ratio": ("numerator", "denominator"),
            "derived": ("expr",),
        }[self.type]
        missing = [name for name in needed if getattr(self, name) in (None, "")]
        if missing:
            raise ValueError(f"a {self.type} metric needs {', '.join(missing)}")
        foreign = {
            "simple": ("numerator", "denominator", "expr", "window", "grain_to_date"),
            "cumulative": ("numerator", "denominator", "expr"),
            "ratio": ("measure", "expr", "window", "grain_to_date"),
            "derived": ("measure", "numerator", "denominator", "window", "grain_to_date"),
        }[self.type]
        stray = [name for name in foreign if getattr(self, name) not in (None, "", ())]
        if stray:
            raise ValueError(f"a {self.type} metric does not take {', '.join(stray)}")
        return self


class VerifiedQuestion(BaseModel):
    """A question with the structured query known to answer it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    question: str
    query: dict[str, Any]
    domain: Optional[Name] = None
    verified_by: Optional[str] = None


class GlossaryTerm(Element):
    """A business word and what it means here."""

    domain: Optional[Name] = None
    definition: str = ""


class ModelFile(BaseModel):
    """One YAML file of the model: any mix of the sections below."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    domains: tuple[Domain, ...] = ()
    entities: tuple[Entity, ...] = ()
    relationships: tuple[Relationship, ...] = ()
    metrics: tuple[Metric, ...] = ()
    verified_questions: tuple[VerifiedQuestion, ...] = ()
    glossary: tuple[GlossaryTerm, ...] = ()


_INTERVAL = re.compile(r"^\s*(\d{1,4})\s+(day|week|month|quarter|year)s?\s*$", re.IGNORECASE)


def parse_interval(text: str) -> tuple[int, Grain]:
    """Parse '7 day' / '1 year' / '3 months' into (count, grain).

    >>> parse_interval("3 months")
    (3, <Grain.month: 'month'>)
    """
    match = _INTERVAL.match(text)
    if not match:
        raise ValueError(f"interval {text!r} is not '<number> <day|week|month|quarter|year>'")
    return int(match.group(1)), Grain(match.group(2).lower())


def _as_tuple(value: Optional[KeyColumns]) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)
