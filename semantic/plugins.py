"""How outer packages plug into the core without the core importing them.

The core defines what it needs (``ContextProvider``) and finds implementations through Python entry points,
declared in ``pyproject.toml``; ``retrieval`` registers the context service and its CLI commands that way.
Nothing is imported until a command or facade method needs it, so the CLI starts light.

>>> {"audit", "context", "index"} <= set(entry_point_names("semctx.commands"))
True
"""

from __future__ import annotations

from importlib.metadata import entry_points
from typing import TYPE_CHECKING, Any, Optional, Protocol

from semantic.errors import SemctxError

if TYPE_CHECKING:
    from pathlib import Path

    from semantic.access import AccessPolicy, Principal
    from semantic.api import SemanticLayer
    from semantic.graph.graph import SemanticGraph

COMMANDS_GROUP = "semctx.commands"
CONTEXT_GROUP = "semctx.context"
POLICY_GROUP = "semctx.policy"
AUDIT_GROUP = "semctx.audit"
POLICY_FILE = "policies.yml"


class ContextProvider(Protocol):
    """Packed, governed context for questions (implemented by ``retrieval.service.ContextService``)."""

    def context(
        self, question: str, *, domain: Optional[str], budget: Optional[int], principal: "Principal"
    ) -> Any: ...

    def search(
        self, phrase: str, *, domain: Optional[str], kinds: Optional[list[str]], limit: int, principal: "Principal"
    ) -> list[Any]: ...

    def build_index(self, *, progress: Any = None) -> Any: ...

    def check_index(self, **options: Any) -> Any: ...

    def close(self) -> None: ...


class PluginMissingError(SemctxError):
    code = "plugin_missing"


def entry_point_names(group: str) -> list[str]:
    return sorted({ep.name for ep in entry_points(group=group)})


def load_entry_point(group: str, name: str) -> Any:
    """The object an entry point names; a clear error when the package providing it is not installed."""
    found = [ep for ep in entry_points(group=group) if ep.name == name]
    if not found:
        raise PluginMissingError(
            f"nothing provides {name!r} in {group!r}; reinstall semctx (`pip install -e .`) so its entry points exist"
        )
    return found[0].load()


def context_provider(layer: "SemanticLayer") -> ContextProvider:
    factory = load_entry_point(CONTEXT_GROUP, "default")
    return factory(layer)


def project_policy(root: "Path", graph: "SemanticGraph") -> Optional["AccessPolicy"]:
    """The project's access policy from ``policies.yml`` (through the ``semctx.policy`` entry point), or None."""
    if not (root / POLICY_FILE).is_file():
        return None
    loader = load_entry_point(POLICY_GROUP, "default")
    return loader(root, graph)


def project_auditor(root: "Path", settings: Any) -> Any:
    """The auditor for a project (through the ``semctx.audit`` entry point), or None when auditing is off or
    no package provides one."""
    if not settings.enabled or not any(True for _ in entry_points(group=AUDIT_GROUP)):
        return None
    return load_entry_point(AUDIT_GROUP, "default")(root, settings)
