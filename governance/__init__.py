"""Policies, PII guardrails, audit and data contracts. Not built yet: see issue 5.

The core already carries what this package will plug into: ``semantic.access.Principal`` on every
facade call and the ``AccessPolicy`` protocol (element visibility + extra plan passes).
"""
