"""The context service of one loaded project: build and check the index, and pack context for questions.

The facade reaches it as ``layer.context(...)``, ``layer.build_index()`` and ``layer.check_index()``
(registered through the ``semctx.context`` entry point). It keeps the index, the embedding model and each
principal's visibility mask in memory, so a warm call costs one query embedding, two searches and a pack.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import numpy as np
from pydantic import BaseModel

from retrieval.documents import ElementDoc, graph_documents
from retrieval.expand import Candidate, Neighbourhood, expand
from retrieval.freshness import IndexCheck, check
from retrieval.knowledge import load_knowledge
from retrieval.pack import ContextPack, pack
from retrieval.search import HybridSearch, visible_mask
from retrieval.store import FORMAT_VERSION, LoadedIndex, Progress, SyncReport, load, sync
from retrieval.tokens import TokenCounter
from semantic.access import LOCAL, Principal
from semantic.errors import QueryError, SemctxError

if TYPE_CHECKING:
    from retrieval.embedder import Embedder
    from semantic.api import SemanticLayer

MAX_QUESTION_CHARS = 2000


class SearchResult(BaseModel):
    kind: str
    name: str
    domain: Optional[str] = None
    score: float
    why: str
    text: str


class ContextService:
    def __init__(self, layer: "SemanticLayer") -> None:
        self.layer = layer
        root = layer.model.root or Path.cwd()
        settings = layer.model.config.retrieval
        self.root = root
        self.index_dir = (root / settings.index_dir).resolve()
        self.knowledge_dir = (root / settings.knowledge).resolve()
        self.default_budget = settings.budget
        self.counter = TokenCounter()
        self._embedder: Optional["Embedder"] = None
        self._loaded: Optional[tuple[float, LoadedIndex, HybridSearch]] = None
        self._masks: dict[str, np.ndarray] = {}
        self._fingerprint: Optional[str] = None
        self._verified: Optional[tuple[LoadedIndex, dict[str, dict]]] = None
        self._neighbourhood: Optional[Neighbourhood] = None
        self._lock = threading.RLock()

    # ---- parts, built on first use -------------------------------------------------------------

    @property
    def embedder(self) -> "Embedder":
        with self._lock:
            if self._embedder is None:
                from retrieval.embedder import Embedder

                self._embedder = Embedder(self.index_dir.with_name(self.index_dir.name + "-model"))
            return self._embedder

    def source_files(self) -> list[Path]:
        config = self.root / "semctx.yml"
        models = self.root / self.layer.model.config.models
        files = [config] if config.is_file() else []
        files += sorted(p for p in models.rglob("*") if p.suffix in (".yml", ".yaml") and p.is_file())
        if self.knowledge_dir.is_dir():
            files += sorted(self.knowledge_dir.rglob("*.md"))
        return files

    @property
    def fingerprint(self) -> str:
        """A hash of the model and knowledge files as this layer loaded them."""
        if self._fingerprint is None:
            digest = hashlib.sha256()
            for path in self.source_files():
                digest.update(path.relative_to(self.root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
            self._fingerprint = digest.hexdigest()[:16]
        return self._fingerprint

    def documents(self) -> tuple[list[ElementDoc], list[str]]:
        """Every element and knowledge chunk as a document, and problems with knowledge files."""
        from semantic.nl.build import dimension_members

        docs = graph_documents(self.layer.graph, dimension_members(self.layer))
        knowledge, problems = load_knowledge(self.knowledge_dir)
        for document in knowledge:
            docs.extend(document.element_docs())
        return docs, problems

    # ---- the index -----------------------------------------------------------------------------

    def build_index(self, *, progress: Optional[Progress] = None, rebuild: bool = False) -> SyncReport:
        docs, problems = self.documents()
        manifest = {
            "version": FORMAT_VERSION,
            "embedder": self.embedder.name,
            "tokenizer": self.counter.name,
            "fingerprint": self.fingerprint,
            "built_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        }
        with self._lock:
            report = sync(self.index_dir, docs, self.embedder.embed, manifest, rebuild=rebuild, progress=progress)
            self._loaded = None
            self._masks.clear()
        report.notes.extend(problems)
        return report

    def check_index(self, *, today: Optional[dt.date] = None) -> IndexCheck:
        """Freshness against the model as loaded; documents are overdue when their review_by is before ``today``."""
        docs, problems = self.documents()
        return check(self.index_dir, docs, problems, self.source_files(), today or dt.date.today())

    def full_text(self) -> str:
        """Every indexed element's text: what an agent would get without scoping (for size comparisons)."""
        index, _ = self._index()
        return "\n".join(index.bodies)

    def _index(self) -> tuple[LoadedIndex, HybridSearch]:
        manifest = self.index_dir / "manifest.json"
        stamp = manifest.stat().st_mtime if manifest.exists() else -1.0
        with self._lock:
            if self._loaded is None or self._loaded[0] != stamp:
                index = load(self.index_dir)
                self._loaded = (stamp, index, HybridSearch(index))
                self._masks.clear()
            return self._loaded[1], self._loaded[2]

    # ---- context -------------------------------------------------------------------------------

    def context(
        self,
        question: str,
        *,
        domain: Optional[str] = None,
        budget: Optional[int] = None,
        principal: Principal = LOCAL,
    ) -> ContextPack:
        if not isinstance(question, str) or not question.strip():
            raise QueryError("the question is empty; ask about a metric, e.g. 'revenue by month in 2024'")
        budget = self.default_budget if budget is None else budget
        if not isinstance(budget, int) or budget < 0:
            raise QueryError(f"budget must be a whole number of tokens, 0 or more, not {budget!r}")
        question = question[:MAX_QUESTION_CHARS]
        index, _ = self._index()
        warnings = self._warnings(index)
        if budget == 0:
            warnings.append("budget 0: nothing packed")
            return pack(
                question,
                [],
                {},
                budget=0,
                counter=self.counter,
                embedder=self.embedder.name,
                domain=domain,
                warnings=warnings,
            )
        candidates, rows = self.candidates(question, domain=domain, principal=principal)
        return pack(
            question,
            candidates,
            rows,
            budget=budget,
            counter=self.counter,
            embedder=self.embedder.name,
            domain=domain,
            warnings=warnings,
        )

    def candidates(
        self, question: str, *, domain: Optional[str] = None, principal: Principal = LOCAL
    ) -> tuple[list[Candidate], dict[str, tuple[str, str, str]]]:
        """Everything relevant, best first (search hits, then graph expansion), with each one's kind, name, body."""
        index, search = self._index()
        visible = self._visible(index, principal)
        hits = search.search(
            question[:MAX_QUESTION_CHARS],
            self.embedder.embed_query,
            domain=domain,
            visible=visible,
            extra={"names": self._named(question, domain)},
        )
        position = search.position
        allowed = search.allowed_mask(domain, None, visible)
        candidates = expand(
            hits,
            self.neighbourhood,
            lambda doc_id: doc_id in position and bool(allowed[position[doc_id]]),
            self._verified_queries(index),
        )
        rows = {
            c.id: (index.kinds[position[c.id]], index.names[position[c.id]], index.bodies[position[c.id]])
            for c in candidates
        }
        return candidates, rows

    def search(
        self,
        phrase: str,
        *,
        domain: Optional[str] = None,
        kinds: Optional[list[str]] = None,
        limit: int = 10,
        principal: Principal = LOCAL,
    ) -> list[SearchResult]:
        """Ranked elements for a phrase (no expansion, no packing): compact records for discovery."""
        if not isinstance(phrase, str) or not phrase.strip():
            raise QueryError("the search phrase is empty")
        index, search = self._index()
        unknown = sorted(set(kinds or ()) - set(index.kinds))
        if unknown:
            from semantic.errors import UnknownNameError

            raise UnknownNameError("kind", unknown[0], sorted(set(index.kinds)))
        phrase = phrase[:MAX_QUESTION_CHARS]
        hits = search.search(
            phrase,
            self.embedder.embed_query,
            domain=domain,
            kinds=kinds,
            visible=self._visible(index, principal),
            extra={"names": self._named(phrase, domain)},
        )
        top = hits[0].score if hits else 1.0
        results = []
        for hit in hits[: max(limit, 0)]:
            i = search.position[hit.id]
            results.append(
                SearchResult(
                    kind=index.kinds[i],
                    name=index.names[i],
                    domain=index.domains[i],
                    score=round(hit.score / top, 3),
                    why=hit.why(),
                    text=index.bodies[i],
                )
            )
        return results

    def ranked_elements(
        self, question: str, *, domain: Optional[str] = None, principal: Principal = LOCAL
    ) -> list[str]:
        """Metric and dimension names in the order retrieval ranks them (for recall@k)."""
        candidates, rows = self.candidates(question, domain=domain, principal=principal)
        return [rows[c.id][1] for c in candidates if rows[c.id][0] in ("metric", "dimension")]

    def _verified_queries(self, index: LoadedIndex) -> dict[str, dict]:
        if self._verified is None or self._verified[0] is not index:
            queries = {
                doc_id: meta.get("query", {})
                for doc_id, meta in zip(index.ids, index.metas)
                if doc_id.startswith("verified_question:")
            }
            self._verified = (index, queries)
        return self._verified[1]

    @property
    def neighbourhood(self) -> Neighbourhood:
        if self._neighbourhood is None:
            self._neighbourhood = Neighbourhood(self.layer.graph.element_graph)
        return self._neighbourhood

    def _warnings(self, index: LoadedIndex) -> list[str]:
        if index.manifest.get("fingerprint") != self.fingerprint:
            return [
                f"the index (built {index.manifest.get('built_at', '?')}) is older than the model; "
                "run `semctx index` to refresh it"
            ]
        return []

    def _visible(self, index: LoadedIndex, principal: Principal) -> np.ndarray:
        key = json.dumps([principal.name, principal.roles, principal.attributes], sort_keys=True, default=str)
        with self._lock:
            mask = self._masks.get(key)
            if mask is None:
                mask = visible_mask(index, lambda *row: self._may_see(principal, *row))
                self._masks[key] = mask
            return mask

    def _may_see(self, principal: Principal, kind: str, name: str, domain: Optional[str], meta: dict) -> bool:
        """A document is visible when its element is, and so is every element its text names (the metrics and
        dimensions of a verified query, the entities of a join path)."""
        policy, graph = self.layer.policy, self.layer.graph

        def entity(name: str) -> bool:
            found = graph.entities.get(name)
            return found is None or policy.can_see(principal, "entity", name, found.domain)

        if not policy.can_see(principal, kind, name, domain):
            return False
        if kind == "verified_question":
            query = meta.get("query", {})
            metrics = [m for m in query.get("metrics", []) if m in graph.metrics]
            return all(
                policy.can_see(principal, "metric", m, graph.metric_domain(graph.metrics[m])) for m in metrics
            ) and all(entity(d.split(".")[0]) for d in query.get("dimensions", []) if "." in d)
        if kind == "dimension":
            return entity(meta.get("entity", name.split(".")[0]))
        if kind == "join_path":
            return entity(name) and all(entity(e) for e in meta.get("reachable", []))
        if kind == "relationship":
            return entity(meta.get("left", "")) and entity(meta.get("right", ""))
        return True

    def _named(self, question: str, domain: Optional[str]) -> list[str]:
        """Elements the question names outright (names, synonyms, members of dimensions), longest phrases first."""
        try:
            targets = self.layer.interpreter.named_targets(question, domain)
        except SemctxError:
            return []
        named = ["dimension:" + t.name if t.kind == "value" else f"{t.kind}:{t.name}" for t in targets]
        return list(dict.fromkeys(named))

    def close(self) -> None:
        with self._lock:
            self._loaded = None
            self._masks.clear()


def describe_report(report: SyncReport) -> str:
    action = "rebuilt" if report.rebuilt else "updated"
    return (
        f"index {action}: {report.total} elements, {report.embedded} embedded, {report.unchanged} unchanged, "
        f"{report.deleted} deleted in {report.seconds:.1f} s"
    )
