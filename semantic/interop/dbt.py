"""Import a dbt MetricFlow project: ``semantic_models`` become entities (with dimensions, measures and joins through
foreign entities) and ``metrics`` become semctx metrics. What has no semctx equivalent is reported and skipped.

>>> import tempfile
>>> root = Path(tempfile.mkdtemp())
>>> _ = (root / "dbt_project.yml").write_text("name: tiny\\n")
>>> _ = (root / "sm.yml").write_text('''
... semantic_models:
...   - name: orders
...     model: ref('orders')
...     entities: [{name: order_id, type: primary}]
...     dimensions: [{name: ordered_at, type: time, type_params: {time_granularity: day}}]
...     defaults: {agg_time_dimension: ordered_at}
...     measures: [{name: order_total, agg: sum}]
... metrics:
...   - {name: revenue, type: simple, type_params: {measure: order_total}}
... ''')
>>> files, problems, name = import_dbt(root)
>>> name, files["sm.yml"]["entities"][0]["table"], files["sm.yml"]["metrics"]
('tiny', 'orders', [{'name': 'revenue', 'type': 'simple', 'measure': 'orders.order_total'}])
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Optional

from semantic.interop.dbt_filters import GRAINS, ModelIndex, Untranslatable, translate_filter
from semantic.interop.output import ImportProblem, InteropError, snake
from semantic.model.types import NAME_PATTERN, parse_interval
from semantic.model.yaml_lines import LineDict, YamlProblem, parse_yaml_text

SKIP_DIRS = {"target", "dbt_packages", "logs"}
AGGS = {
    "sum": "sum",
    "count": "count",
    "count_distinct": "count_distinct",
    "average": "avg",
    "avg": "avg",
    "min": "min",
    "max": "max",
    "median": "median",
    "percentile": "percentile",
    "sum_boolean": "sum",
}
NUMERIC_AGGS = {"sum", "avg", "median", "percentile"}
_REF = re.compile(r"""^\s*(ref|source)\s*\(\s*((?:['"][^'"]+['"]\s*,?\s*)+)\)\s*$""")
_IDENT = re.compile(NAME_PATTERN)


def import_dbt(project_dir: Path) -> tuple[dict[str, dict], list[ImportProblem], str]:
    """Read a dbt project's semantic_models and metrics YAML; return (files, problems, project_name) where files
    maps a YAML file name to a dict in semctx's model shape. Raises InteropError when nothing can be imported."""
    root = Path(project_dir).expanduser()
    if not root.is_dir():
        raise InteropError(f"{root}: no such folder; give the folder that holds dbt_project.yml")
    importer = _Importer(root)
    return importer.run(), importer.problems, importer.name


class _Importer:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.problems: list[ImportProblem] = []
        self.sources = _read_sources(root)
        self.name = self._project_name()
        self.index = ModelIndex()
        self.outputs: dict[str, dict[str, list[Any]]] = {}  # output file -> section -> items
        self.measures: dict[str, str] = {}  # dbt measure name -> entity.measure
        self.times: dict[str, str] = {}  # entity.measure -> entity.time dimension (its metric_time)
        self.keys: dict[str, dict[str, tuple[str, str, int]]] = {}  # entity -> dbt entity -> (type, column, line)
        self.scd: set[str] = set()
        self.pending: dict[str, tuple[str, str, LineDict]] = {}  # metric -> (rel, output file, node)
        self.done: dict[str, dict[str, Any]] = {}
        self.failed: set[str] = set()
        self.placed: list[tuple[str, dict[str, Any]]] = []  # (output file, metric) in translation order
        self.helper_of: dict[str, str] = {}  # filtered copy of an input -> the metric it was made for

    def warn(self, where: str, message: str, action: str) -> None:
        self.problems.append(ImportProblem("warning", where, message, action))

    def run(self) -> dict[str, dict]:
        models = [(rel, out, sm) for rel, out, data in self.sources for sm in _items(data, "semantic_models")]
        if not models:
            raise InteropError(f"{self.root}: no semantic_models found in any YAML file (target/, logs/ skipped)")
        entities = [(rel, out, self._semantic_model(rel, sm)) for rel, out, sm in models]
        for rel, out, entity in entities:
            if entity is not None:
                self._section(out, "entities").append(entity)
        for rel, out, entity in entities:
            if entity is not None:
                self._section(out, "relationships").extend(self._joins(rel, entity["name"]))
        self._collect_metrics(models)
        for name in self.pending:
            self._metric(name)
        for out, metric in self.placed:
            self._section(out, "metrics").append(metric)
        for rel, _, data in self.sources:
            for key in ("saved_queries", "exports", "conversion_metrics"):
                if isinstance(data, dict) and key in data:
                    self.warn(f"{rel}:{data.key_lines[key]}", f"{key} have no semctx equivalent", "not imported")
            for model in _items(data, "models"):
                if "semantic_model" in model:
                    self.warn(_at(rel, model), "semantic_model inside models (dbt 1.12 spec) is not read", "skipped")
        return {out: {k: v for k, v in sections.items() if v} for out, sections in self.outputs.items()}

    def _section(self, out: str, key: str) -> list[Any]:
        sections = self.outputs.setdefault(out, {"entities": [], "relationships": [], "metrics": []})
        return sections[key]

    def _project_name(self) -> str:
        for rel, _, data in self.sources:
            if rel == "dbt_project.yml" and isinstance(data, dict) and isinstance(data.get("name"), str):
                return data["name"]
        self.warn("dbt_project.yml", "missing, or without a name", f"project named after the folder {self.root.name}")
        return self.root.name

    # ---- semantic models -----------------------------------------------------------------------

    def _semantic_model(self, rel: str, sm: LineDict) -> Optional[dict[str, Any]]:
        where = _at(rel, sm)
        name, table = snake(str(sm.get("name", ""))), _table(sm.get("model"))
        if not sm.get("name") or table is None or name in self.keys:
            self.warn(where, f"semantic model {name!r} is unnamed, defined twice or has no model: ref()", "skipped")
            return None
        entity: dict[str, Any] = {"name": name, **_text(sm), "table": table}
        keys = {
            str(e["name"]): (str(e.get("type", "")).lower(), str(e.get("expr") or e["name"]), e.line)
            for e in _list(sm, "entities")
            if _IDENT.match(str(e.get("name", "")))
        }
        self.keys[name] = keys
        if any("validity_params" in d for d in _list(sm, "dimensions")):
            self.scd.add(name)
            self.warn(where, f"semantic model {name!r} has validity_params (SCD type 2)", "joins into it are skipped")
        primary = [col for kind, col, _ in keys.values() if kind == "primary"]
        if primary and _IDENT.match(primary[0]):
            entity["primary_key"] = primary[0]
        dims = [d for d in (self._dimension(rel, d) for d in _list(sm, "dimensions")) if d is not None]
        taken = {d["name"] for d in dims}
        for key, (_, column, _) in keys.items():
            if key not in taken:  # entities are dimensions too: {{ Entity('customer') }}
                dims.append({"name": key, "expr": column} if column != key else {"name": key})
        times = {d["name"] for d in dims if d.get("type") == "time"}
        default_time = (sm.get("defaults") or {}).get("agg_time_dimension")
        if default_time in times:
            entity["default_time_dimension"] = default_time
        elif default_time:
            self.warn(where, f"agg_time_dimension {default_time!r} is not a time dimension of {name!r}", "dropped")
        measures = [self._measure(rel, name, m, times) for m in _list(sm, "measures")]
        entity["dimensions"] = dims
        entity["measures"] = [m for m in measures if m is not None]
        summed = {m.get("expr", m["name"]) for m in entity["measures"] if m["agg"] in NUMERIC_AGGS}
        for d in dims:
            if d.get("type", "categorical") == "categorical" and d["name"] in summed:
                d["type"] = "number"  # semctx sums only number dimensions
        for m in entity["measures"]:
            time = m.get("agg_time_dimension") or entity.get("default_time_dimension")
            if time:
                self.times[f"{name}.{m['name']}"] = f"{name}.{time}"
        self.index.add(
            name, {e: k[0] for e, k in keys.items()}, {d["name"]: d.get("type", "categorical") for d in dims}
        )
        return entity

    def _dimension(self, rel: str, dim: LineDict) -> Optional[dict[str, Any]]:
        where, kind = _at(rel, dim), str(dim.get("type", "categorical")).lower()
        if not _IDENT.match(str(dim.get("name", ""))) or kind not in ("categorical", "time"):
            self.warn(where, f"dimension {dim.get('name')!r} of type {kind!r} is not supported", "skipped")
            return None
        out: dict[str, Any] = {"name": dim["name"], **_text(dim)}
        if kind == "time":
            grain = str((dim.get("type_params") or {}).get("time_granularity", "")).lower()
            if grain not in GRAINS:
                self.warn(
                    where, f"time dimension {dim['name']!r} has granularity {grain or 'none'!r}", "imported at day"
                )
            out.update(type="time", grain=grain if grain in GRAINS else "day")
        if dim.get("expr") is not None and str(dim["expr"]) != dim["name"]:
            out["expr"] = str(dim["expr"])
        return out

    def _measure(self, rel: str, entity: str, m: LineDict, times: set[str]) -> Optional[dict[str, Any]]:
        where, name, agg = _at(rel, m), str(m.get("name", "")), str(m.get("agg", "")).lower()
        if agg not in AGGS or not _IDENT.match(name):
            self.warn(where, f"measure {name!r}: aggregation {agg!r} is not supported", "skipped")
            return None
        if "non_additive_dimension" in m:
            self.warn(where, f"measure {name!r} is semi-additive (non_additive_dimension)", "skipped")
            return None
        out: dict[str, Any] = {"name": name, **_text(m), "agg": AGGS[agg]}
        expr = str(m["expr"]) if m.get("expr") is not None else None
        if agg == "sum_boolean":
            expr = f"CAST({expr or name} AS INTEGER)"
        if expr is not None and expr != name:
            out["expr"] = expr
        params = m.get("agg_params") or {}
        if agg == "percentile":
            out["percentile"] = params.get("percentile")
        if params.get("use_discrete_percentile") or params.get("use_approximate_percentile"):
            self.warn(where, f"measure {name!r}: discrete/approximate percentile", "imported as exact continuous")
        time = m.get("agg_time_dimension")
        if time in times:
            out["agg_time_dimension"] = time
        elif time:
            self.warn(where, f"measure {name!r}: agg_time_dimension {time!r} is not a time dimension", "dropped")
        if name in self.measures:
            self.warn(where, f"measure {name!r} is defined twice", "metrics use the first one")
        self.measures.setdefault(name, f"{entity}.{name}")
        return out

    def _joins(self, rel: str, entity: str) -> list[dict[str, Any]]:
        """Foreign entities join many-to-one to the model where that entity is primary, unique or natural."""
        joins = []
        for key, (kind, column, line) in self.keys[entity].items():
            if kind not in ("foreign", "primary", "unique"):
                continue
            targets = [
                (other, keys[key][1])
                for other, keys in self.keys.items()
                if other != entity
                and keys.get(key, ("",))[0] in ("primary", "unique", "natural")
                and (kind == "foreign" or other > entity)
            ]
            if kind == "foreign" and not targets:
                self.warn(
                    f"{rel}:{line}", f"foreign entity {entity}.{key} matches no primary entity", "no join imported"
                )
            for other, to_column in targets:
                if other in self.scd or not (_IDENT.match(column) and _IDENT.match(to_column)):
                    why = "has validity_params" if other in self.scd else "joins on an expression, not a column"
                    self.warn(f"{rel}:{line}", f"join {entity}.{key} -> {other} {why}", "join skipped")
                    continue
                joins.append(
                    {
                        "name": f"{entity}_{key}" if kind == "foreign" else f"{entity}_{other}",
                        "from": entity,
                        "to": other,
                        "from_key": column,
                        "to_key": to_column,
                        "cardinality": "many_to_one" if kind == "foreign" else "one_to_one",
                    }
                )
        return joins

    # ---- metrics -------------------------------------------------------------------------------

    def _collect_metrics(self, models: list[tuple[str, str, LineDict]]) -> None:
        found = [(rel, out, m) for rel, out, data in self.sources for m in _items(data, "metrics")]
        for rel, out, sm in models:
            for m in _list(sm, "measures"):
                if m.get("create_metric") and m.get("name") in self.measures:
                    node = LineDict(name=m["name"], **_text(m), type="simple", type_params={"measure": m["name"]})
                    node.line, node.key_lines = m.line, {}
                    found.append((rel, out, node))
        for rel, out, node in found:
            name = str(node.get("name", ""))
            if name in self.pending or not _IDENT.match(name):
                self.warn(_at(rel, node), f"metric {name!r} is defined twice or is not a valid name", "skipped")
                continue
            self.pending[name] = (rel, out, node)

    def _metric(self, name: str) -> bool:
        """Translate one metric (after its inputs); False when it or an input was skipped."""
        if name in self.done or name in self.failed or name not in self.pending:
            return name in self.done
        rel, out, node = self.pending[name]
        self.failed.add(name)  # until translated: guards against cycles
        try:
            metric = self._translate(name, node)
        except Untranslatable as exc:
            where = f"{rel}:{exc.line}" if exc.line else _at(rel, node)
            self.warn(where, f"metric {name!r}: {exc.message}", "metric skipped")
            self.placed = [(o, m) for o, m in self.placed if self.helper_of.get(m["name"]) != name]
            return False
        self.failed.discard(name)
        self.done[name] = metric
        self.placed.append((out, metric))
        return True

    def _translate(self, name: str, node: LineDict) -> dict[str, Any]:
        kind, params = str(node.get("type", "")).lower(), node.get("type_params") or {}
        out: dict[str, Any] = {"name": name, **_text(node), "type": kind}
        if kind in ("simple", "cumulative"):
            spec = params.get("measure") or (params.get("cumulative_type_params") or {}).get("measure")
            spec = LineDict(name=spec) if isinstance(spec, str) else spec
            measure = spec.get("name") if isinstance(spec, dict) else None
            if measure not in self.measures:
                raise Untranslatable(f"its measure {measure!r} is missing, unknown or was skipped")
            for key in ("join_to_timespine", "fill_nulls_with"):
                if key in spec:
                    self.warn(_at(self.pending[name][0], spec), f"metric {name!r}: {key} is not supported", "dropped")
            out["measure"] = self.measures[spec["name"]]
            found = self._filters([(spec, "filter"), (node, "filter")], out["measure"])
            if found:
                out["filter"] = found
            if kind == "cumulative":
                out.update(self._cumulative(name, node, params))
        elif kind == "ratio":
            for role in ("numerator", "denominator"):
                out[role] = self._input(name, params.get(role), role, node)
        elif kind == "derived":
            out["expr"] = str(params.get("expr") or "")
            out["inputs"] = [self._derived_input(name, item, node) for item in params.get("metrics") or []]
        else:
            raise Untranslatable(f"{kind} metrics have no semctx equivalent")
        return out

    def _cumulative(self, name: str, node: LineDict, params: dict[str, Any]) -> dict[str, Any]:
        nested, out = params.get("cumulative_type_params") or {}, {}
        window, to_date = (
            nested.get("window", params.get("window")),
            nested.get("grain_to_date", params.get("grain_to_date")),
        )
        if window:
            try:
                parse_interval(str(window))
            except ValueError as exc:
                raise Untranslatable(f"window: {exc}") from None
            out["window"] = str(window)
        if to_date:
            if str(to_date).lower() not in GRAINS:
                raise Untranslatable(f"grain_to_date {to_date!r} is not one of {', '.join(GRAINS)}")
            out["grain_to_date"] = str(to_date).lower()
        period_agg = str(nested.get("period_agg", "first")).lower()  # dbt's default is first
        if period_agg != "last":
            self.warn(
                _at(self.pending[name][0], node),
                f"metric {name!r}: period_agg {period_agg}: by week, month... dbt shows each period's {period_agg} "
                "value, semctx its value as of the period's last day",
                "imported as period_agg last",
            )
        return out

    def _derived_input(self, parent: str, item: Any, node: LineDict) -> dict[str, Any]:
        item = LineDict(name=item) if isinstance(item, str) else item
        if not isinstance(item, dict) or "offset_to_grain" in item:
            raise Untranslatable("an input uses offset_to_grain or is not a {name: ...} mapping")
        alias = item.get("alias") or item.get("name")
        used = self._input(parent, item, str(alias), node)
        entry: dict[str, Any] = {"metric": used}
        if alias != used:
            entry["alias"] = alias
        if item.get("offset_window"):
            try:
                parse_interval(str(item["offset_window"]))
            except ValueError as exc:
                raise Untranslatable(f"offset_window: {exc}", getattr(item, "line", None)) from None
            entry["offset"] = str(item["offset_window"])
        return entry

    def _input(self, parent: str, spec: Any, role: str, node: LineDict) -> str:
        """The metric a ratio or derived metric uses; a filtered copy of it when the input or parent has a filter."""
        spec = LineDict(name=spec) if isinstance(spec, str) else spec
        if not isinstance(spec, dict) or not isinstance(spec.get("name"), str):
            raise Untranslatable(f"{role} is not a metric name")
        used = spec["name"]
        if not self._metric(used):
            raise Untranslatable(
                f"it uses metric {used!r}, which {'was skipped' if used in self.pending else 'is unknown'}"
            )
        pairs = [(spec, "filter"), (node, "filter")]
        if not any(isinstance(c, dict) and c.get(k) for c, k in pairs):
            return used
        base = self.done[used]
        if base["type"] not in ("simple", "cumulative"):
            line = getattr(spec, "key_lines", {}).get("filter") or node.key_lines.get("filter")
            raise Untranslatable(f"a filter on input {used!r}, a {base['type']} metric, cannot be pushed down", line)
        extra = self._filters(pairs, base["measure"])
        name = snake(f"{parent}_{role}")
        while name in self.pending or name in self.done:
            name += "_input"
        helper = {"name": name, "description": f"{used} filtered for {parent}: {extra}"}
        helper.update((k, v) for k, v in base.items() if k not in ("name", "label", "description"))
        helper["filter"] = f"({base['filter']}) AND ({extra})" if base.get("filter") else extra
        self.done[name], self.helper_of[name] = helper, parent
        self.placed.append((self.pending[parent][1], helper))
        return name

    def _filters(self, pairs: list[tuple[Any, str]], measure: str) -> Optional[str]:
        """The AND of the translated filters found at ``container[key]`` for each pair, on ``measure``'s rows."""
        found = []
        for container, key in pairs:
            if isinstance(container, dict) and container.get(key):
                line = getattr(container, "key_lines", {}).get(key)
                try:
                    home, time = measure.split(".")[0], self.times.get(measure)
                    found.append(translate_filter(container[key], self.index, home, time))
                except Untranslatable as exc:
                    raise Untranslatable(exc.message, line) from None
        if len(found) > 1:
            return " AND ".join(f"({f})" for f in found)
        return found[0] if found else None


def _read_sources(root: Path) -> list[tuple[str, str, Any]]:
    """Every YAML file under ``root`` as (relative path, output file name, data), skipping build folders."""
    paths = sorted(p for p in root.rglob("*") if p.suffix in (".yml", ".yaml") and p.is_file())
    paths = [
        p
        for p in paths
        if not any(part in SKIP_DIRS or part.startswith(".") for part in p.relative_to(root).parts[:-1])
    ]
    stems = [p.stem for p in paths]
    sources = []
    for path in paths:
        rel = path.relative_to(root).as_posix()
        try:
            data = parse_yaml_text(path.read_text(encoding="utf-8"), rel)
        except YamlProblem as exc:
            raise InteropError(f"{rel}:{exc.line}: {exc.message}" if exc.line else f"{rel}: {exc.message}") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise InteropError(f"{rel}: cannot read: {exc}") from None
        out = path.stem if stems.count(path.stem) == 1 else str(Path(rel).with_suffix(""))
        sources.append((rel, f"{snake(out)}.yml", data))
    return sources


def _items(data: Any, key: str) -> list[LineDict]:
    return [x for x in data.get(key) or [] if isinstance(x, dict)] if isinstance(data, dict) else []


def _list(node: dict[str, Any], key: str) -> list[LineDict]:
    value = node.get(key) or []
    return [x for x in value if isinstance(x, dict)] if isinstance(value, list) else []


def _at(rel: str, node: Any) -> str:
    line = getattr(node, "line", 0)
    return f"{rel}:{line}" if line else rel


def _text(node: dict[str, Any]) -> dict[str, Any]:
    return {k: str(node[k]).strip() for k in ("label", "description") if node.get(k)}


def _table(model: Any) -> Optional[str]:
    """``ref('orders')`` -> orders; ``source('raw', 'orders')`` -> orders (the table name)."""
    match = _REF.match(str(model or ""))
    if not match:
        return None
    names = re.findall(r"""['"]([^'"]+)['"]""", match.group(2))
    return names[-1] if names else None
