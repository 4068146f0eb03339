"""Governance: who may see what, enforced in the compiler.

policies (the ``policies.yml`` model and its loader) → policy (checked against the graph; resolves principals;
``can_see`` for listings and context) → access (one principal's combined rights) → enforce (the plan pass:
denials, row filters with bound attributes, masks). Presidio PII guardrails, audit and data contracts: issue 5.
"""
