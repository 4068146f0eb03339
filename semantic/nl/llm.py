"""The optional LLM path of the question compiler, through litellm: ask, check against the graph, repair.

The model sees a compact catalogue of the semantic layer and the question (quoted as data). It must answer
with a JSON query; ``layer.compile`` checks every answer, and a rejected answer goes back to the model with
the error (did-you-mean included) at most ``settings.max_repairs`` times. Only a query the compiler accepted
is ever returned, so the question's text can never become SQL.

litellm is imported lazily, inside :func:`llm_interpret`, with ``LITELLM_LOCAL_MODEL_COST_MAP`` set first
(importing it takes seconds, and without the variable it fetches a cost map from the network). Keys come from
the providers' usual environment variables and are read by litellm only; nothing here reads or logs them.

>>> LlmUsage(model="openai/gpt-4o-mini", attempts=0, prompt_tokens=0, completion_tokens=0, cost_usd=0.0).attempts
0
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from semantic.access import LOCAL, Principal
from semantic.errors import QueryError, SemctxError
from semantic.model.config import LlmConfig
from semantic.nl.llm_prompt import (
    build_catalogue,
    parse_answer,
    question_message,
    repair_message,
    split_answer,
    system_message,
)
from semantic.query.semantic_query import SemanticQuery

if TYPE_CHECKING:
    from semantic.api import SemanticLayer

MAX_QUESTION = 2000
MockItem = str | BaseException
MockResponse = MockItem | Sequence[MockItem] | Mapping[str, MockItem]
_SECRETS = re.compile(r"(sk-[A-Za-z0-9_\-]{6,}|Bearer\s+\S+|(?:api[_-]?key|token)\s*[=:]\s*\S+)", re.IGNORECASE)


@dataclass(frozen=True)
class LlmUsage:
    """What the calls cost: the model that answered last, calls made, tokens, and dollars (0.0 when unknown)."""

    model: str
    attempts: int
    prompt_tokens: int
    completion_tokens: int
    cost_usd: float


@dataclass(frozen=True)
class LlmInterpretation:
    """A validated query (or None), the usage, every rejection in order, and the model's own explanation.

    ``messages`` is the conversation as sent (system catalogue, question, answers, repair requests), for audit.
    """

    query: dict[str, Any] | None
    usage: LlmUsage
    errors: tuple[str, ...]
    explanation: str
    messages: tuple[dict[str, str], ...] = field(default=(), repr=False, compare=False)


def llm_interpret(
    layer: SemanticLayer,
    question: str,
    *,
    settings: LlmConfig,
    domain: str | None = None,
    mock_response: MockResponse | None = None,
    principal: Principal | None = None,
    catalogue: str | None = None,
) -> LlmInterpretation:
    """Ask the configured model for a structured query answering ``question``; check it; repair it.

    ``mock_response`` goes to litellm's own mock support (offline tests): a string (or exception) for every
    turn, a list for successive turns (the last repeats), or a mapping of model name → string/exception that
    each deployment answers with (to exercise fallbacks). Invalid input (blank or overlong question, unknown
    domain) raises a :class:`SemctxError`; a model that cannot be reached or never gives a valid query yields
    ``query=None`` with the reasons in ``errors``. ``principal`` (default: local) limits the catalogue to what
    it may see and is used to compile; nothing about it is sent to the model. ``catalogue`` replaces the
    catalogue of the whole layer with other text, e.g. a packed context (what an agent was given).
    """
    principal = principal or LOCAL
    question = (question or "").strip()
    if not question:
        raise QueryError("the question is empty")
    if len(question) > MAX_QUESTION:
        raise QueryError(f"the question is {len(question)} characters long; at most {MAX_QUESTION} are accepted")
    allowed_metrics = None
    if domain is not None:
        allowed_metrics = {m.name for m in layer.list("metrics", domain=domain, principal=principal)}
    if catalogue is None:
        catalogue = build_catalogue(layer, domain=domain, principal=principal)
    messages: list[dict[str, str]] = [system_message(catalogue), question_message(question)]

    litellm = _import_litellm()
    per_deployment = mock_response if isinstance(mock_response, Mapping) else None
    router, names = _router(litellm, settings, per_deployment)
    turns = None if per_deployment is not None else _turns(mock_response)
    mocked = mock_response is not None
    json_mode = _supports_json_mode(litellm, settings.model)

    errors: list[str] = []
    attempts = prompt_tokens = completion_tokens = 0
    cost = 0.0
    answered_by = settings.model
    for attempt in range(settings.max_repairs + 1):
        attempts += 1
        call: dict[str, Any] = {
            "model": settings.model,
            "messages": [dict(m) for m in messages],
            "temperature": settings.temperature,
            "timeout": settings.timeout_seconds,
            "drop_params": True,
        }
        if json_mode:
            call["response_format"] = {"type": "json_object"}
        if turns is not None:
            call["mock_response"] = turns[min(attempt, len(turns) - 1)]
        try:
            response = router.completion(**call)
        except Exception as exc:  # noqa: BLE001 - any provider failure ends the path with a reason, not a crash
            errors.append(f"the LLM call failed: {type(exc).__name__}: {_redact(str(exc))}")
            break
        answered_by = _answered_by(response, names, settings.model)
        usage = getattr(response, "usage", None)
        prompt_tokens += int(getattr(usage, "prompt_tokens", 0) or 0)
        completion_tokens += int(getattr(usage, "completion_tokens", 0) or 0)
        cost += 0.0 if mocked else _cost(litellm, response)
        text = _content(response)
        messages.append({"role": "assistant", "content": text[:4000]})
        problem, query, explanation = _check(layer, text, principal, allowed_metrics, domain)
        if problem is None:
            return LlmInterpretation(
                query=query,
                usage=LlmUsage(answered_by, attempts, prompt_tokens, completion_tokens, cost),
                errors=tuple(errors),
                explanation=explanation,
                messages=tuple(messages),
            )
        errors.append(problem)
        if attempt < settings.max_repairs:
            messages.append(repair_message(problem))
    return LlmInterpretation(
        query=None,
        usage=LlmUsage(answered_by, attempts, prompt_tokens, completion_tokens, cost),
        errors=tuple(errors),
        explanation="",
        messages=tuple(messages),
    )


def build_router_config(settings: LlmConfig, mocks: Mapping[str, MockItem] | None = None) -> dict[str, Any]:
    """``Router`` keyword arguments: one deployment per model (primary first), fallbacks from the primary.

    ``api_base`` goes to the primary and to fallbacks of the same provider (``ollama/a`` → ``ollama/b``), never to
    another provider's model (bare names like ``gpt-4o`` only match themselves), so no provider's key is sent to
    a server meant for another. The router does not retry a failed call; the fallbacks are the second chance.

    >>> settings = LlmConfig(model="ollama/llama3", fallbacks=("ollama/mistral", "openai/gpt-4o-mini"),
    ...                      api_base="http://localhost:11434")
    >>> config = build_router_config(settings)
    >>> [(d["model_name"], d["litellm_params"].get("api_base")) for d in config["model_list"]]  # doctest: +NORMALIZE_WHITESPACE
    [('ollama/llama3', 'http://localhost:11434'), ('ollama/mistral', 'http://localhost:11434'),
     ('openai/gpt-4o-mini', None)]
    >>> config["fallbacks"]
    [{'ollama/llama3': ['ollama/mistral', 'openai/gpt-4o-mini']}]
    """
    names = list(dict.fromkeys((settings.model, *settings.fallbacks)))
    model_list = []
    for index, name in enumerate(names):
        params: dict[str, Any] = {"model": name, "timeout": settings.timeout_seconds}
        if settings.api_base and _same_provider(name, settings.model):
            params["api_base"] = settings.api_base
        if mocks is not None and name in mocks:
            params["mock_response"] = mocks[name]
        model_list.append({"model_name": name, "litellm_params": params, "model_info": {"id": f"semctx-{index}"}})
    config: dict[str, Any] = {"model_list": model_list, "num_retries": 0}
    if len(names) > 1:
        config["fallbacks"] = [{names[0]: names[1:]}]
    return config


# ---- helpers ---------------------------------------------------------------------------------------------


def _import_litellm() -> Any:
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    try:
        import litellm
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise SemctxError("the LLM path needs litellm: pip install 'semctx[llm]'") from exc
    return litellm


def _router(litellm: Any, settings: LlmConfig, mocks: Mapping[str, MockItem] | None) -> tuple[Any, dict[str, str]]:
    config = build_router_config(settings, mocks)
    names = {d["model_info"]["id"]: d["model_name"] for d in config["model_list"]}
    return litellm.Router(**config), names


def _turns(mock_response: MockResponse | None) -> list[MockItem] | None:
    if mock_response is None:
        return None
    if isinstance(mock_response, (str, BaseException)):
        return [mock_response]
    turns = list(mock_response)
    if not turns:
        raise ValueError("mock_response is an empty list")
    return turns


def _check(
    layer: SemanticLayer,
    text: str,
    principal: Principal,
    allowed_metrics: set[str] | None,
    domain: str | None,
) -> tuple[str | None, dict[str, Any] | None, str]:
    """(the problem to send back, or None; the validated query; the explanation)."""
    try:
        answer = parse_answer(text)
    except ValueError as exc:
        return str(exc), None, ""
    query, explanation = split_answer(answer)
    try:
        layer.compile(query, principal=principal)
    except SemctxError as exc:
        return exc.message, None, explanation
    canonical = SemanticQuery.model_validate(query).model_dump(mode="json", exclude_defaults=True)
    if allowed_metrics is not None:
        outside = [m for m in canonical.get("metrics", []) if m not in allowed_metrics]
        if outside:
            names = ", ".join(map(repr, outside))
            problem = f"metric(s) {names} are not in domain {domain!r}; use only: {', '.join(sorted(allowed_metrics))}"
            return problem, None, explanation
    return None, canonical, explanation


def _supports_json_mode(litellm: Any, model: str) -> bool:
    try:
        return "response_format" in (litellm.get_supported_openai_params(model=model) or [])
    except Exception:  # noqa: BLE001 - unknown providers simply get no response_format
        return False


def _content(response: Any) -> str:
    try:
        return response.choices[0].message.content or ""
    except (AttributeError, IndexError, TypeError):
        return ""


def _answered_by(response: Any, names: Mapping[str, str], default: str) -> str:
    hidden = getattr(response, "_hidden_params", None) or {}
    model_id = hidden.get("model_id")
    if model_id in names:
        return names[model_id]
    return str(hidden.get("litellm_model_name") or default)


def _cost(litellm: Any, response: Any) -> float:
    try:
        return float(litellm.completion_cost(completion_response=response) or 0.0)
    except Exception:  # noqa: BLE001 - unknown prices are 0.0, never a failure
        return 0.0


def _same_provider(model: str, primary: str) -> bool:
    """Whether ``model`` is served by the primary's provider; bare names only match themselves."""
    if model == primary:
        return True
    return "/" in model and "/" in primary and model.split("/", 1)[0] == primary.split("/", 1)[0]


def _redact(text: str) -> str:
    return _SECRETS.sub("[redacted]", " ".join(text.split()))[:300]
