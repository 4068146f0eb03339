"""The RDF terms semctx uses: W3C vocabularies where they fit (rdfs, owl, skos, dcterms, prov, xsd, R2RML) and a
small ``sx:`` vocabulary for what they have no word for (measures, metrics, aggregations, grains, PII classes).

>>> dimension_type(XSD_NS + "dateTime"), dimension_type(XSD_NS + "decimal"), dimension_type(None)
('time', 'number', 'categorical')
"""

from __future__ import annotations

from typing import Any, Optional

SX_NS = "https://semctx.dev/ns#"
XSD_NS = "http://www.w3.org/2001/XMLSchema#"

NUMERIC = {
    "decimal",
    "integer",
    "int",
    "long",
    "short",
    "byte",
    "double",
    "float",
    "nonNegativeInteger",
    "positiveInteger",
    "negativeInteger",
    "nonPositiveInteger",
    "unsignedInt",
    "unsignedLong",
    "unsignedShort",
    "unsignedByte",
}
TEMPORAL = {"date", "dateTime", "dateTimeStamp", "gYearMonth", "gYear"}

RANGE_OF_TYPE = {"categorical": "string", "number": "decimal", "boolean": "boolean", "time": "date"}


def dimension_type(range_iri: Optional[Any]) -> str:
    """semctx dimension type of an XSD range (categorical when unknown or missing)."""
    if range_iri is None or not str(range_iri).startswith(XSD_NS):
        return "categorical"
    name = str(range_iri)[len(XSD_NS) :]
    if name in TEMPORAL:
        return "time"
    if name in NUMERIC:
        return "number"
    return "boolean" if name == "boolean" else "categorical"


def namespaces() -> dict[str, Any]:
    from rdflib import Namespace
    from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

    return {
        "rdf": RDF,
        "rdfs": RDFS,
        "owl": OWL,
        "skos": SKOS,
        "dcterms": DCTERMS,
        "prov": PROV,
        "xsd": XSD,
        "rr": Namespace("http://www.w3.org/ns/r2rml#"),
        "sx": Namespace(SX_NS),
    }
