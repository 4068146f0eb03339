"""Pattern redaction, the fallback when Presidio cannot load: emails, phone numbers, card numbers, IBANs, SSNs
and IP addresses become typed placeholders. Names are not found this way (that needs Presidio's NER).

>>> redact_patterns("mail ana@example.com or call +1 415-555-0100")
('mail <EMAIL> or call <PHONE>', 2)
"""

from __future__ import annotations

import re

PATTERNS = [
    ("EMAIL", re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}")),
    ("IBAN", re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,3})?\b")),
    ("CREDIT_CARD", re.compile(r"\b\d(?:[ -]?\d){12,18}\b")),
    ("SSN", re.compile(r"\b\d{3}-\d{2}-\d{4}\b")),
    ("IP_ADDRESS", re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b")),
    ("PHONE", re.compile(r"(?<!\w)\+?\d{1,3}?[ .-]?\(?\d{3}\)?[ .-]?\d{3}[ .-]?\d{4}\b")),
]


def redact_patterns(text: str) -> tuple[str, int]:
    found = 0
    for label, pattern in PATTERNS:
        text, count = pattern.subn(f"<{label}>", text)
        found += count
    return text, found
