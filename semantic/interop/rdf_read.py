"""Reading RDF files for the importers: Turtle (or any rdflib format) with syntax errors as ``file:line``, and the
few lookups every importer needs (local names, labels, comments, the line where a subject is written).

>>> import tempfile; p = Path(tempfile.mkdtemp()) / "bad.ttl"
>>> _ = p.write_text("@prefix ex: <http://x#> .\\nex:a ex:b ex:c .\\nex:d ex:e ;;; .\\n")
>>> read_graph(p)
Traceback (most recent call last):
...
semantic.interop.output.InteropError: bad.ttl:3: invalid Turtle: Bad syntax (objectList expected)
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Optional

from semantic.interop.output import InteropError

FORMATS = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".n3": "n3",
    ".rdf": "xml",
    ".owl": "xml",
    ".xml": "xml",
    ".jsonld": "json-ld",
}


def read_graph(path: Path) -> Any:
    """The file parsed into an rdflib Graph; a missing or malformed file raises InteropError naming the line."""
    import rdflib
    from rdflib.plugins.parsers.notation3 import BadSyntax

    path = Path(path)
    if not path.is_file():
        raise InteropError(f"{path}: no such file")
    fmt = FORMATS.get(path.suffix.lower(), "turtle")
    graph = rdflib.Graph()
    try:
        graph.parse(path, format=fmt)
    except BadSyntax as error:
        detail = str(error).splitlines()[1] if len(str(error).splitlines()) > 1 else str(error)
        raise InteropError(f"{path.name}:{error.lines + 1}: invalid Turtle: {detail.split(' at ^')[0]}") from None
    except Exception as error:  # noqa: BLE001 - any other parser failure names the file
        line = getattr(error, "getLineNumber", lambda: None)()
        where = f"{path.name}:{line}" if line else path.name
        raise InteropError(f"{where}: cannot be read as {fmt}: {str(error).splitlines()[0][:200]}") from None
    return graph


def local_name(term: Any) -> str:
    """The last part of an IRI: after '#', else after the last '/' or ':'."""
    text = str(term)
    for separator in ("#", "/", ":"):
        if separator in text.rstrip(separator):
            text = text.rstrip(separator).rsplit(separator, 1)[1]
            break
    return text


def text_of(graph: Any, subject: Any, *predicates: Any, lang: str = "en") -> Optional[str]:
    """The first literal of the predicates, preferring ``lang`` or no language tag."""
    values = [o for p in predicates for o in graph.objects(subject, p)]
    literals = [o for o in values if hasattr(o, "language")]
    for wanted in (lang, None):
        for literal in literals:
            if literal.language == wanted:
                return str(literal).strip()
    return str(literals[0]).strip() if literals else None


def texts_of(graph: Any, subject: Any, *predicates: Any) -> list[str]:
    return sorted({str(o).strip() for p in predicates for o in graph.objects(subject, p) if hasattr(o, "language")})


class LineFinder:
    """Where a term is first written in a Turtle file (by its prefixed or full name), for problem reports."""

    def __init__(self, path: Path, graph: Any) -> None:
        self.name = Path(path).name
        self.lines = Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
        self.graph = graph

    def __call__(self, term: Any) -> str:
        candidates = [str(term)]
        qname = self._qname(term)
        if qname:
            candidates.insert(0, qname)
        for candidate in candidates:
            pattern = re.compile(r"(?<![\w:#/-])" + re.escape(candidate) + r"(?![\w-])")
            for number, line in enumerate(self.lines, 1):
                if pattern.search(line):
                    return f"{self.name}:{number}"
        return self.name

    def _qname(self, term: Any) -> Optional[str]:
        try:
            return self.graph.namespace_manager.normalizeUri(term) if str(term).startswith("http") else None
        except Exception:  # noqa: BLE001 - no prefix for it
            return None
