"""The facade: load a project, then list, describe, compile and query. The CLI, MCP and evals call only this.

>>> from semantic.demo import build_demo_project
>>> import tempfile
>>> root = build_demo_project(tempfile.mkdtemp(), scale=0.05)
>>> layer = SemanticLayer.load(root)
>>> result = layer.query({"metrics": ["order_count"], "dimensions": ["metric_time__year"], "limit": 1})
>>> result.columns
['metric_time__year', 'order_count']
"""

from __future__ import annotations

import dataclasses
import gc
import json
import os
import re
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Literal, Optional, Union

from pydantic import ValidationError

from semantic.access import LOCAL, AccessPolicy, AllowAll, Principal
from semantic.auditing import audited, policy_lines, sql_fingerprint
from semantic.caching import BoundedCache, rows_size
from semantic.caveats import caveat_lines, read_violations
from semantic.describe import ElementDetail, ElementSummary, describe_element, list_elements
from semantic.engines.base import Engine, ResultSet
from semantic.engines.open import open_engine
from semantic.errors import (
    ModelValidationError,
    ProjectNotFoundError,
    QueryError,
    SemctxError,
    UnknownNameError,
)
from semantic.graph.graph import SemanticGraph
from semantic.model.issues import Issue
from semantic.model.loader import find_project_root, load_project
from semantic.model.rules import validate_model
from semantic.model.semantic_model import SemanticModel
from semantic.plan.build import PASSES
from semantic.query.semantic_query import SemanticQuery
from semantic.results import QueryResult
from semantic.sql.compiler import CompiledQuery, compile_query

if TYPE_CHECKING:
    from semantic.nl.ask import AskResult
    from semantic.nl.interpret import Interpreter
    from semantic.plugins import ContextProvider

QueryLike = Union[SemanticQuery, dict[str, Any]]
_UNSET: Any = object()
Kind = Literal["metrics", "dimensions", "entities", "domains", "measures"]


class SemanticLayer:
    """One loaded, validated project. Thread-safe for compile and query."""

    def __init__(
        self,
        model: SemanticModel,
        *,
        policy: Optional[AccessPolicy] = None,
        engine: Optional[Engine] = None,
        issues: Iterable[Issue] = (),
    ) -> None:
        self.model = model
        self.graph = SemanticGraph(model)
        self.policy: AccessPolicy = policy or AllowAll()
        self.issues = list(issues)
        self._engine = engine
        self._engine_lock = threading.RLock()
        self._interpreter: Optional["Interpreter"] = None
        self._context: Optional["ContextProvider"] = None
        self._auditor: Any = _UNSET
        # compiled SQL per (query, dialect, principal): the graph and the policy do not change after loading
        self._compiled: BoundedCache[CompiledQuery] = BoundedCache(max_entries=1024)
        cache_bytes = model.config.warehouse.result_cache_mb * 2**20
        self._results: BoundedCache[ResultSet] = BoundedCache(4096, cache_bytes, size_of=lambda r: rows_size(r.rows))

    def _check_domain(self, domain: Optional[str], principal: Principal = LOCAL) -> None:
        """An unknown domain, or one the principal may not use, is the same error (suggesting visible ones)."""
        if domain is None:
            return
        visible = [d for d in self.graph.domains if self.policy.can_see(principal, "domain", d, d)]
        if domain not in visible:
            raise UnknownNameError("domain", domain, visible)

    # ---- loading -------------------------------------------------------------------------------

    @classmethod
    def load(
        cls, path: Optional[Union[str, os.PathLike[str]]] = None, *, policy: Optional[AccessPolicy] = None
    ) -> SemanticLayer:
        """Load and validate the project at ``path`` (default: found from the current folder)."""
        root = find_project_root(path)
        if root is None:
            where = Path(path) if path else Path.cwd()
            raise ProjectNotFoundError(
                f"no semctx.yml in {where} or any folder above it; create one with `semctx init DIR --demo`"
            )
        collecting = gc.isenabled()
        gc.disable()  # loading allocates many small objects that all live on; collection would only rescan them
        try:
            model, issues = load_project(root)
            graph = SemanticGraph(model)
            issues += validate_model(model, graph)
        finally:
            if collecting:
                gc.enable()
        if any(i.level == "error" for i in issues):
            raise ModelValidationError(issues)
        if policy is None:
            from semantic.plugins import project_policy

            policy = project_policy(root, graph)
        layer = cls(model, policy=policy, issues=issues)
        layer.graph = graph
        return layer

    def validate(self, *, check_warehouse: bool = False) -> list[Issue]:
        """All issues: model rules, verified questions that no longer compile, and (optionally) the warehouse."""
        issues = list(self.issues) + list(getattr(self.policy, "issues", []))
        issues += _verified_question_issues(self)
        if check_warehouse:
            from semantic.warehouse_check import check_against_warehouse

            issues += check_against_warehouse(self.model, self.graph, self.engine)
        return issues

    # ---- reading the model ---------------------------------------------------------------------

    def list(
        self, kind: Kind = "metrics", *, domain: Optional[str] = None, principal: Principal = LOCAL
    ) -> list[ElementSummary]:
        """Summaries of every element of ``kind`` (optionally in one domain) the principal may see."""
        with audited(self, "list", principal, kind=kind, domain=domain) as record:
            self._check_domain(domain, principal)
            items = list_elements(self.graph, kind, domain)
            visible = [i for i in items if self.policy.can_see(principal, i.kind, i.name, i.domain)]
            record["count"] = len(visible)
            return visible

    def describe(self, name: str, *, principal: Principal = LOCAL) -> ElementDetail:
        """One element in full: definition, formula, lineage, owner, domain, where it is defined."""
        with audited(self, "describe", principal, name=name):
            try:
                detail = describe_element(self.graph, name)
            except UnknownNameError as error:
                raise self._without_hidden_suggestions(error, principal) from None
            if not self.policy.can_see(principal, detail.kind, detail.name, detail.domain):
                kinds: tuple[Kind, ...] = ("metrics", "dimensions", "entities")
                visible = [i.name for kind in kinds for i in self.list(kind, principal=principal)]
                raise UnknownNameError("element", name, visible)  # the same answer as for a name that does not exist
            if detail.kind == "metric":
                detail.caveats = self.caveats([detail.name])
            guard = getattr(self.policy, "guard_text", None)
            if guard is not None and detail.description:
                detail.description, _ = guard(principal, detail.description)
            return detail

    # ---- queries -------------------------------------------------------------------------------

    def compile(
        self, query: QueryLike, *, dialect: Optional[str] = None, principal: Principal = LOCAL, pretty: bool = True
    ) -> CompiledQuery:
        """Structured query → SQL for ``dialect`` (default: the warehouse's)."""
        with audited(self, "compile", principal, query=query if isinstance(query, dict) else None) as record:
            semantic_query = as_query(query)
            record["query"] = semantic_query.to_dict()
            dialect = dialect or self.model.config.dialect
            key = (json.dumps(record["query"], sort_keys=True, default=str), dialect, pretty, principal_key(principal))
            compiled = self._compiled.get(key)
            if compiled is None:
                # governance passes run right after names are bound, so their row filters get joined like any filter
                passes = PASSES[:1] + tuple(self.policy.plan_passes(principal)) + PASSES[1:]
                try:
                    compiled = compile_query(
                        self.graph,
                        semantic_query,
                        dialect=dialect,
                        model_dialect=self.model.config.dialect,
                        passes=passes,
                        pretty=pretty,
                    )
                except UnknownNameError as error:
                    raise self._without_hidden_suggestions(error, principal) from None
                self._compiled.put(key, compiled)
            record.update(sql_sha256=sql_fingerprint(compiled.sql), policy=policy_lines(compiled.explanation))
            return compiled

    def _hide_invisible_options(self, answer: "AskResult", principal: Principal) -> None:
        """A clarification may only offer, and name, elements the principal may see."""
        hidden = [
            m
            for m in self.graph.metrics
            if not self.policy.can_see(principal, "metric", m, self.graph.metric_domain(self.graph.metrics[m]))
        ]
        hidden += [
            d
            for d, (e, _) in self.graph.dimensions.items()
            if not self.policy.can_see(principal, "dimension", d, e.domain)
        ]

        def shown(query: dict[str, Any]) -> bool:
            names = [*query.get("metrics", []), *(d.split("__")[0] for d in query.get("dimensions", []))]
            return not any(name in hidden for name in names)

        answer.options = [option for option in answer.options if shown(option.query)]
        text = answer.clarification or ""
        if any(re.search(rf"\b{re.escape(name)}\b", text) for name in hidden):
            answer.clarification = "I could not answer that with the data available to you." + (
                " Did you mean one of these?" if answer.options else ""
            )

    def caveats(self, metrics: Iterable[str]) -> list[str]:
        """Data-contract caveats for metrics: one line per source table whose last contract check failed."""
        violations, checked = read_violations(self.model.root)
        if not violations:
            return []
        tables = {
            (self.graph.entities[ref.entity].table or ref.entity).split(".")[-1]
            for name in metrics
            if name in self.graph.metrics
            for ref in self.graph.base_measures(self.graph.metrics[name])
        }
        return caveat_lines(violations, tables, checked)

    def _without_hidden_suggestions(self, error: "UnknownNameError", principal: Principal) -> "UnknownNameError":
        """The same error, suggesting only names the principal may see (a suggestion would reveal the rest)."""
        if isinstance(self.policy, AllowAll):
            return error
        kind = error.details.get("kind", "")
        listing: Kind = "metrics" if kind == "metric" else "dimensions" if kind == "dimension" else "entities"
        visible = [item.name for item in self.list(listing, principal=principal)]
        return UnknownNameError(kind or "name", str(error.details.get("name", "")), visible)

    def query(self, query: QueryLike, *, principal: Principal = LOCAL, row_limit: Optional[int] = None) -> QueryResult:
        """Compile for the warehouse and run it read-only; rows beyond the limit set ``truncated``."""
        with audited(self, "query", principal, query=query if isinstance(query, dict) else None) as record:
            compiled = self.compile(query, principal=principal, dialect=self.engine.dialect)
            record.update(
                query=compiled.query.to_dict(),
                sql_sha256=sql_fingerprint(compiled.sql),
                policy=policy_lines(compiled.explanation),
            )
            settings = self.model.config.warehouse
            limit = min(row_limit or settings.row_limit, settings.row_limit)
            result, record["cached"] = self._execute(compiled, limit, settings.timeout_seconds)
            answer = QueryResult.from_result(compiled, result)
            guard = getattr(self.policy, "guard_rows", None)  # governance: PII in values the model did not declare
            if guard is not None:
                rows, redactions = guard(principal, answer.rows)
                answer = dataclasses.replace(answer, rows=rows, redactions=redactions)
            caveats = self.caveats(compiled.query.metrics)
            if caveats:
                answer = dataclasses.replace(answer, notes=[*answer.notes, *caveats])
            record.update(rows=len(answer.rows), truncated=answer.truncated, redactions=answer.redactions)
            return answer

    def _execute(self, compiled: CompiledQuery, row_limit: int, timeout_seconds: float) -> tuple[ResultSet, bool]:
        """Rows for compiled SQL, from the result cache when the warehouse cannot change while open."""
        engine = self.engine
        frozen = getattr(engine, "data_frozen", False) and self._results.max_bytes
        key = (compiled.sql, row_limit)
        cached = self._results.get(key) if frozen else None
        if cached is not None:
            return dataclasses.replace(cached, rows=list(cached.rows), elapsed_ms=0.0), True
        result = engine.execute(
            compiled.expression, sql=compiled.sql, row_limit=row_limit, timeout_seconds=timeout_seconds
        )
        if frozen:
            self._results.put(key, result)
        return result, False

    def ask(
        self, question: str, *, domain: Optional[str] = None, principal: Principal = LOCAL, run: bool = True
    ) -> "AskResult":
        """A question in words → interpretation, SQL and rows, or a clarification with ranked options."""
        from semantic.nl.ask import ask

        with audited(self, "ask", principal, question=question, domain=domain) as record:
            self._check_domain(domain, principal)
            answer = ask(self, question, domain=domain, run=run, principal=principal)
            if not isinstance(self.policy, AllowAll) and answer.clarification is not None:
                self._hide_invisible_options(answer, principal)
            if answer.query:
                answer.notes.extend(c for c in self.caveats(answer.query.get("metrics", [])) if c not in answer.notes)
            record.update(
                query=answer.query,
                rows=len(answer.rows),
                confidence=answer.confidence,
                clarification=answer.clarification is not None,
                source=answer.source,
                llm=answer.llm,
            )
            if answer.sql:
                record["sql_sha256"] = sql_fingerprint(answer.sql)
            return answer

    # ---- context for agents (provided by the retrieval package) ------------------------------

    def context(
        self,
        question: str,
        *,
        domain: Optional[str] = None,
        budget: Optional[int] = None,
        principal: Principal = LOCAL,
    ) -> Any:
        """The packed context for ``question`` under a token budget (default: the project's), as a ``ContextPack``
        with ``tokens``, ``text`` and ``items``; only elements the principal may see."""
        with audited(self, "context", principal, question=question, domain=domain, budget=budget) as record:
            self._check_domain(domain, principal)
            pack = self.context_service.context(question, domain=domain, budget=budget, principal=principal)
            caveats = self.caveats(i.name for i in pack.items if i.kind == "metric")
            if caveats:
                pack.warnings.extend(caveats)
                pack.text = "".join(f"> caveat: {c}\n" for c in caveats) + pack.text
            guard = getattr(self.policy, "guard_text", None)
            if guard is not None:
                pack.text, redactions = guard(principal, pack.text)
                if redactions:
                    pack.warnings.append(f"{redactions} personal data value(s) redacted from the text")
            record.update(tokens=pack.tokens, items=len(pack.items), warnings=pack.warnings or None)
            return pack

    def search(
        self,
        phrase: str,
        *,
        domain: Optional[str] = None,
        kinds: Optional[list[str]] = None,
        limit: int = 10,
        principal: Principal = LOCAL,
    ) -> list[Any]:
        """Ranked elements (metric, dimension, entity, join_path, verified_question, glossary, knowledge, ...) for a
        phrase, optionally within a domain and kinds; only what the principal may see."""
        with audited(self, "search", principal, question=phrase, domain=domain, kinds=kinds) as record:
            self._check_domain(domain, principal)
            results = self.context_service.search(phrase, domain=domain, kinds=kinds, limit=limit, principal=principal)
            record["count"] = len(results)
            return results

    def build_index(self, *, progress: Any = None) -> Any:
        """Build or incrementally update the context index; only changed elements are embedded again."""
        return self.context_service.build_index(progress=progress)

    def check_index(self, **options: Any) -> Any:
        """Freshness of the context index: stale, missing and orphaned entries, overdue documents, age."""
        return self.context_service.check_index(**options)

    @property
    def auditor(self) -> Any:
        """Writes one record per facade call (``audit`` in semctx.yml); None when off or without a project folder."""
        if self._auditor is _UNSET:
            with self._engine_lock:
                if self._auditor is _UNSET:
                    from semantic.plugins import project_auditor

                    root = self.model.root
                    self._auditor = project_auditor(root, self.model.config.audit) if root is not None else None
        return self._auditor

    @property
    def context_service(self) -> "ContextProvider":
        with self._engine_lock:
            if self._context is None:
                from semantic.plugins import context_provider

                self._context = context_provider(self)
            return self._context

    @property
    def interpreter(self) -> "Interpreter":
        """The offline question interpreter (built on first use, with the warehouse's dimension members)."""
        with self._engine_lock:
            if self._interpreter is None:
                from semantic.nl.build import build_interpreter

                self._interpreter = build_interpreter(self)
            return self._interpreter

    @property
    def engine(self) -> Engine:
        """The warehouse connection, opened on first use."""
        with self._engine_lock:
            if self._engine is None:
                self._engine = open_engine(self.model)
            return self._engine

    def close(self) -> None:
        if self._auditor not in (None, _UNSET):
            self._auditor.close()
            self._auditor = _UNSET
        if self._context is not None:
            self._context.close()
            self._context = None
        if self._engine is not None:
            self._engine.close()
            self._engine = None
        self._results.clear()  # a closed warehouse may change before it is opened again


def principal_key(principal: Principal) -> tuple[Any, ...]:
    """What a compiled query may depend on about its caller (policies match names, roles and attributes)."""
    return principal.name, tuple(principal.roles), json.dumps(principal.attributes, sort_keys=True, default=str)


def as_query(query: QueryLike) -> SemanticQuery:
    """Accept a SemanticQuery or a plain dict; a bad dict is a QueryError naming the field."""
    if isinstance(query, SemanticQuery):
        return query
    if not isinstance(query, dict):
        raise QueryError(
            f"a query is a mapping of metrics/dimensions/filters/order_by/limit, not {type(query).__name__}"
        )
    try:
        return SemanticQuery.model_validate(query)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'query'}: {e['msg']}" for e in exc.errors())
        raise QueryError(f"invalid query: {problems}") from None


def _verified_question_issues(layer: SemanticLayer) -> list[Issue]:
    issues = []
    for question in layer.model.verified_questions:
        try:
            layer.compile(question.query)
        except SemctxError as exc:
            where = layer.model.where(f"verified_question:{question.question}")
            issues.append(
                Issue(
                    "error",
                    "broken_verified_question",
                    f"verified question {question.question!r} no longer compiles: {exc.message}",
                    where.file,
                    where.line,
                )
            )
    return issues
