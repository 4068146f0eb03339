"""Load a project folder (``semctx.yml`` + YAML model files) into a :class:`SemanticModel`.

Loading never stops at the first problem: each element is validated on its own, and every problem
becomes an :class:`Issue` with ``file:line``. The caller decides whether errors are fatal.

>>> model, issues = load_texts({"m.yml": "domains:\\n  - name: sales\\n"})
>>> [d.name for d in model.domains], issues
(['sales'], [])
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Iterable, Mapping, Optional

from pydantic import BaseModel, ValidationError

from semantic.model.config import CONFIG_FILE, ProjectConfig
from semantic.model.issues import Issue
from semantic.model.semantic_model import Location, SemanticModel
from semantic.model.types import Domain, Entity, GlossaryTerm, Metric, Relationship, VerifiedQuestion
from semantic.model.yaml_lines import LineDict, LineList, YamlProblem, line_of, parse_yaml_text
from semantic.names import did_you_mean

SECTIONS: dict[str, type[BaseModel]] = {
    "domains": Domain,
    "entities": Entity,
    "relationships": Relationship,
    "metrics": Metric,
    "verified_questions": VerifiedQuestion,
    "glossary": GlossaryTerm,
}
SINGULAR = {
    "domains": "domain",
    "entities": "entity",
    "relationships": "relationship",
    "metrics": "metric",
    "verified_questions": "verified question",
    "glossary": "glossary term",
}
MODEL_SUFFIXES = (".yml", ".yaml")


def find_project_root(start: Optional[os.PathLike[str] | str] = None) -> Optional[Path]:
    """The nearest folder at or above ``start`` (default: cwd) holding ``semctx.yml``."""
    here = Path(start or Path.cwd()).resolve()
    if here.is_file():
        here = here.parent
    for folder in (here, *here.parents):
        if (folder / CONFIG_FILE).is_file():
            return folder
    return None


def load_project(root: os.PathLike[str] | str) -> tuple[SemanticModel, list[Issue]]:
    """Read ``root/semctx.yml`` and every YAML file under its models folder."""
    root = Path(root)
    issues: list[Issue] = []
    config = _load_config(root, issues)
    models_dir = root / config.models
    texts: dict[str, str] = {}
    if not models_dir.is_dir():
        issues.append(
            Issue(
                "error", "missing_models_folder", f"models folder {config.models!r} does not exist", CONFIG_FILE, None
            )
        )
    else:
        for path in sorted(models_dir.rglob("*")):
            if path.suffix in MODEL_SUFFIXES and path.is_file():
                relative = path.relative_to(root).as_posix()
                try:
                    texts[relative] = path.read_text(encoding="utf-8")
                except (UnicodeDecodeError, OSError) as exc:
                    issues.append(Issue("error", "unreadable_file", f"cannot read file: {exc}", relative))
    model, file_issues = load_texts(texts, config=config, root=root)
    return model, issues + file_issues


def load_texts(
    texts: Mapping[str, str], *, config: Optional[ProjectConfig] = None, root: Optional[Path] = None
) -> tuple[SemanticModel, list[Issue]]:
    """Build a model from ``{filename: yaml_text}``; used by :func:`load_project` and by tests."""
    issues: list[Issue] = []
    collected: dict[str, list[Any]] = {section: [] for section in SECTIONS}
    locations: dict[str, Location] = {}
    for filename in sorted(texts):
        try:
            data = parse_yaml_text(texts[filename], filename)
        except YamlProblem as problem:
            issues.append(Issue("error", "yaml_syntax", problem.message, filename, problem.line))
            continue
        if data is None:
            continue
        if not isinstance(data, LineDict):
            issues.append(
                Issue(
                    "error",
                    "bad_file_shape",
                    f"a model file must be a mapping of sections ({', '.join(SECTIONS)})",
                    filename,
                    getattr(data, "line", 1),
                )
            )
            continue
        _read_sections(data, filename, collected, locations, issues)
    model = SemanticModel(
        config=config or ProjectConfig(name="unnamed"),
        root=root,
        domains=tuple(collected["domains"]),
        entities=tuple(collected["entities"]),
        relationships=tuple(collected["relationships"]),
        metrics=tuple(collected["metrics"]),
        verified_questions=tuple(collected["verified_questions"]),
        glossary=tuple(collected["glossary"]),
        locations=locations,
    )
    return model, issues


def _read_sections(
    data: LineDict,
    filename: str,
    collected: dict[str, list[Any]],
    locations: dict[str, Location],
    issues: list[Issue],
) -> None:
    for section, items in data.items():
        line = data.key_lines.get(section)
        if section not in SECTIONS:
            issues.append(
                Issue(
                    "error",
                    "unknown_section",
                    f"unknown section {section!r}",
                    filename,
                    line,
                    tuple(did_you_mean(section, SECTIONS)),
                )
            )
            continue
        if items is None:
            continue
        if not isinstance(items, LineList):
            issues.append(Issue("error", "bad_section", f"section {section!r} must be a list", filename, line))
            continue
        kind = SECTIONS[section]
        for index, raw in enumerate(items):
            item_line = items.item_lines[index]
            if not isinstance(raw, LineDict):
                issues.append(
                    Issue("error", "bad_element", f"each item of {section!r} must be a mapping", filename, item_line)
                )
                continue
            try:
                element = kind.model_validate(raw)
            except ValidationError as exc:
                issues.extend(_schema_issues(exc, raw, filename, section, kind))
                continue
            collected[section].append(element)
            _record_locations(section, element, raw, filename, locations)


def _schema_issues(
    exc: ValidationError, raw: LineDict, filename: str, section: str, kind: type[BaseModel]
) -> Iterable[Issue]:
    name = raw.get("name") or raw.get("question") or f"#{raw.line}"
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        path = ".".join(str(part) for part in loc) or "(element)"
        line = line_of(raw, loc) or raw.line
        suggestions: tuple[str, ...] = ()
        message = error["msg"]
        if error["type"] == "extra_forbidden" and loc:
            model_type = _model_at(kind, loc[:-1])
            fields = _field_names(model_type) if model_type else []
            suggestions = tuple(did_you_mean(str(loc[-1]), fields))
            message = f"unknown field {loc[-1]!r}"
        elif error["type"] == "missing":
            message = f"missing required field {loc[-1]!r}" if loc else message
        elif message.startswith("Value error, "):
            message = message[len("Value error, ") :]
        where = SINGULAR[section]
        yield Issue("error", "schema", f"{where} {name!r}: {path}: {message}", filename, line, suggestions)


def _field_names(model_type: type[BaseModel]) -> list[str]:
    names = []
    for field_name, info in model_type.model_fields.items():
        names.append(info.alias or field_name)
    return names


def _model_at(kind: type[BaseModel], loc: tuple[Any, ...]) -> Optional[type[BaseModel]]:
    """The pydantic model type found by following ``loc`` from ``kind`` (skipping list indexes)."""
    current: Any = kind
    for part in loc:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", {})
        info = fields.get(part) or next((f for f in fields.values() if f.alias == part), None)
        if info is None:
            return None
        current = _inner_model(info.annotation)
        if current is None:
            return None
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _record_locations(section: str, element: Any, raw: LineDict, filename: str, locations: dict[str, Location]) -> None:
    here = Location(filename, raw.line)
    if isinstance(element, Entity):
        locations.setdefault(f"entity:{element.name}", here)
        for child_section, prefix in (("dimensions", "dimension"), ("measures", "measure")):
            children = raw.get(child_section)
            if isinstance(children, LineList):
                for child_index, child in enumerate(children):
                    if isinstance(child, LineDict) and isinstance(child.get("name"), str):
                        key = f"{prefix}:{element.name}.{child['name']}"
                        locations.setdefault(key, Location(filename, children.item_lines[child_index]))
    elif isinstance(element, Relationship):
        locations.setdefault(f"relationship:{element.label}", here)
    elif isinstance(element, VerifiedQuestion):
        locations.setdefault(f"verified_question:{element.question}", here)
    else:
        kind = {"domains": "domain", "metrics": "metric", "glossary": "term"}[section]
        locations.setdefault(f"{kind}:{element.name}", here)


def _load_config(root: Path, issues: list[Issue]) -> ProjectConfig:
    path = root / CONFIG_FILE
    if not path.is_file():
        issues.append(Issue("error", "missing_config", f"no {CONFIG_FILE} in {root}", CONFIG_FILE))
        return ProjectConfig(name=root.name or "project")
    try:
        data = parse_yaml_text(path.read_text(encoding="utf-8"), CONFIG_FILE)
    except (YamlProblem, UnicodeDecodeError) as problem:
        issues.append(
            Issue(
                "error",
                "yaml_syntax",
                getattr(problem, "message", str(problem)),
                CONFIG_FILE,
                getattr(problem, "line", None),
            )
        )
        return ProjectConfig(name=root.name or "project")
    if not isinstance(data, dict):
        issues.append(Issue("error", "bad_config", "semctx.yml must be a mapping", CONFIG_FILE, 1))
        return ProjectConfig(name=root.name or "project")
    try:
        return ProjectConfig.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            loc = tuple(error["loc"])
            suggestions: tuple[str, ...] = ()
            if error["type"] == "extra_forbidden":
                model_type = _model_at(ProjectConfig, loc[:-1])
                suggestions = tuple(did_you_mean(str(loc[-1]), _field_names(model_type) if model_type else []))
            issues.append(
                Issue(
                    "error",
                    "bad_config",
                    f"{'.'.join(map(str, loc))}: {error['msg']}",
                    CONFIG_FILE,
                    line_of(data, loc),
                    suggestions,
                )
            )
        return ProjectConfig(name=root.name or "project")
