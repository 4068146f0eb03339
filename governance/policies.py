"""The policies file (``policies.yml`` in the project): roles, principals and what each role may see.

```yaml
default_role: analyst            # for principals not listed (the CLI's local user too); absent = see nothing
roles:
  analyst:
    domains: [sales, marketing]  # absent = every domain
    deny_metrics: [gross_margin]
    deny_dimensions: [customers.birth_date]
    pii: [name]                  # PII classes shown in clear; other PII dimensions are masked (redact)
    masks: [{dimension: customers.phone, mask: last4}]
    row_filters:
      - {filter: "customers.region = :region", domains: [sales]}
principals:
  - {name: ana, roles: [analyst], attributes: {region: West}}
```

Loading checks every name against the model and reports problems as ``policies.yml:LINE``.

>>> policies = PoliciesFile.model_validate({"roles": {"a": {"masks": [{"dimension": "c.email", "mask": "hash"}]}}})
>>> policies.roles["a"].masks[0].mask
'hash'
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field

from governance.yaml_file import read_checked
from semantic.model.types import PiiClass

POLICIES_FILE = "policies.yml"
AttributeValue = Union[str, int, float, bool]


class RowFilter(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    filter: str = Field(..., description="Predicate over dimensions; :name binds the principal's attribute.")
    domains: tuple[str, ...] = Field((), description="Applies to queries touching these domains; empty = all.")


class ColumnMask(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    dimension: str
    mask: Literal["redact", "hash", "last4"] = "redact"


class Role(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    description: str = ""
    domains: Optional[tuple[str, ...]] = Field(None, description="Domains it may use; absent = all.")
    allow_metrics: Optional[tuple[str, ...]] = Field(None, description="Only these metrics; absent = all.")
    deny_metrics: tuple[str, ...] = ()
    deny_dimensions: tuple[str, ...] = ()
    pii: tuple[Union[PiiClass, Literal["all"]], ...] = Field((), description="PII classes shown in clear ('all').")
    masks: tuple[ColumnMask, ...] = ()
    row_filters: tuple[RowFilter, ...] = ()


class PrincipalEntry(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    roles: tuple[str, ...] = ()
    attributes: dict[str, AttributeValue] = Field(default_factory=dict)


class PoliciesFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    default_role: Optional[str] = None
    roles: dict[str, Role] = Field(default_factory=dict)
    principals: tuple[PrincipalEntry, ...] = ()


def read_policies(root: Path) -> tuple[Optional[PoliciesFile], object]:
    """The parsed file (None when the project has none) and its raw YAML (for line numbers)."""
    return read_checked(root / POLICIES_FILE, PoliciesFile, "invalid_policies")
