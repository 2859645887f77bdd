"""The toolkit's packages import one way: down the pipeline, never up it, never in a circle.

The pipeline is readers → model → validation → render → build → cli; in imports, each layer
below may be used by those above it (the model is what readers produce, so readers import it):

    foundation → model → readers → validation → render → build → cli

Every import counts: at the top of a module, inside a function, under ``if TYPE_CHECKING``,
and a module named by a string (``importlib.import_module("toolkit....")``,
``_library("toolkit....")``). An import inside a function or by name is allowed only where
it is declared below with its reason (:data:`SEAMS`); the checks are run on made-up edges
too, so that each is seen to fail.
"""

from __future__ import annotations

import ast
import functools
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import ROOT

PACKAGE = ROOT / "toolkit"

LAYERS: list[tuple[str, tuple[str, ...]]] = [
    (
        "foundation",
        (
            "toolkit.text",
            "toolkit.messages",
            "toolkit.diagnostics",
            "toolkit.errors",
            "toolkit.config",
            "toolkit.atomic",
            "toolkit.project",
            "toolkit.source_markers",
            "toolkit.ooxml",
        ),
    ),
    ("model", ("toolkit.model", "toolkit.chart_data", "toolkit.case_index", "toolkit.carried", "toolkit.docs")),
    ("readers", ("toolkit.readers",)),
    ("validation", ("toolkit.validation", "toolkit.check", "toolkit.feedback")),
    ("render", ("toolkit.render", "toolkit.environment")),
    (
        "build",
        (
            "toolkit.build",
            "toolkit.proofreading",
            "toolkit.drafts",
            "toolkit.review",
            "toolkit.submissions",
            "toolkit.new_edition",
            "toolkit.preview",
        ),
    ),
    ("portal", ("toolkit.portal",)),
    ("cli", ("toolkit.cli", "toolkit.console")),
]
"""Each top-level module or package of ``toolkit/`` and its layer, lowest first."""
LAYER = {unit: rank for rank, (_, units) in enumerate(LAYERS) for unit in units}
LAYER_NAMES = [name for name, _ in LAYERS]

SEAMS: dict[tuple[str, str], str] = {
    ("toolkit.cli", "*"): "each command imports its library module when it runs (`_library`): `compile --help` "
    "and `compile cases` load no model, reader or renderer (tests/test_startup.py)",
    ("toolkit.portal.settings", "*"): "Django names its apps, URLs and loggers by dotted strings in the settings",
    (
        "toolkit.portal.environment",
        "*",
    ): "names the settings module for the portal's child processes (DJANGO_SETTINGS_MODULE)",
    ("toolkit.portal.wsgi", "*"): "names the settings module for gunicorn (DJANGO_SETTINGS_MODULE)",
    (
        "toolkit.portal.core.apps",
        "*",
    ): "a Django app names itself, and connects its signals when the app registry is ready",
    ("toolkit.portal.submissions.apps", "*"): "a Django app names itself by its dotted path",
    (
        "toolkit.portal.serve",
        "*",
    ): "the supervisor imports Django's models only after it has set up Django for the place it serves",
    (
        "toolkit.portal.submissions.checking",
        "*",
    ): "the logger's name; mail and audit imported where used, after Django is set up",
    ("toolkit.portal.submissions.recovery", "*"): "the logger's name (toolkit.portal)",
    ("toolkit.portal.submissions.management.commands.portal_worker", "*"): "the logger's name (toolkit.portal)",
    ("toolkit.portal.review.apps", "*"): "a Django app names itself by its dotted path",
    ("toolkit.portal.review.rounds", "*"): "the logger's name (toolkit.portal)",
    ("toolkit.portal.review.commands", "*"): "compile comments --portal imports Django's models only after it has set "
    "up Django for the project's portal database",
    ("toolkit.render.workers", "toolkit.render.layout"): "the layout module (WeasyPrint) is imported by name in the "
    "layout processes only, never in the build's own",
    ("toolkit.render.workers", "toolkit.render.binding"): "the binding module (pypdf) is imported by name in the "
    "layout processes only, never in the build's own",
    ("toolkit.build", "toolkit.render.docx"): "python-docx is imported only when a DOCX is written: a rebuild whose "
    "DOCX is kept whole does without it (tests/test_rebuild.py)",
}
"""Imports inside a function or by name, on purpose: (importer, imported module or ``*``) → why."""


@dataclass(frozen=True)
class Edge:
    """One import of a toolkit module by another."""

    source: str
    target: str
    how: str
    """``top``, ``function``, ``type-checking`` or ``by name``."""
    where: str
    """``toolkit/x.py:12``."""


def module_name(path: Path) -> str:
    """``toolkit/model/__init__.py`` → ``toolkit.model``."""
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}
_PACKAGES = {name for name, path in MODULES.items() if path.name == "__init__.py"}


def _target(name: str) -> str:
    """The module an imported name lives in: ``toolkit.model.Figure`` → ``toolkit.model``."""
    while name not in MODULES and "." in name:
        name = name.rsplit(".", 1)[0]
    return name


def _imported(node: ast.AST, module: str) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom):
        base = node.module or ""
        if node.level:  # from . import x, from ..y import z
            package = module if module in _PACKAGES else module.rsplit(".", 1)[0]
            for _ in range(node.level - 1):
                package = package.rsplit(".", 1)[0]
            base = f"{package}.{base}" if base else package
        return [f"{base}.{alias.name}" for alias in node.names]
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in MODULES:
        return [node.value]
    return []


def edges_of(module: str, path: Path) -> list[Edge]:
    """Every toolkit module ``module`` imports, and how."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    found: list[Edge] = []

    def visit(node: ast.AST, how: str) -> None:
        for name in _imported(node, module):
            if name.split(".")[0] == "toolkit" and _target(name) != module:
                kind = "by name" if isinstance(node, ast.Constant) else how
                found.append(Edge(module, _target(name), kind, f"{shown}:{getattr(node, 'lineno', 0)}"))
        inner = how
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            inner = "function"
        elif isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test) and how == "top":
            inner = "type-checking"
        for child in ast.iter_child_nodes(node):
            visit(child, inner)

    visit(tree, "top")
    return list(dict.fromkeys(found))  # ``from x import a, b``: one import


@functools.lru_cache(maxsize=1)
def _edges() -> tuple[Edge, ...]:
    return tuple(edge for module, path in MODULES.items() for edge in edges_of(module, path))


def all_edges() -> list[Edge]:
    """Every import of a toolkit module by another, read once."""
    return list(_edges())


def unit(module: str) -> str:
    """The top-level module or package of ``toolkit/`` a module belongs to."""
    return ".".join(module.split(".")[:2])


# --- the checks: each lists what is wrong ---------------------------------------------------------


def without_layer(modules: list[str]) -> list[str]:
    return sorted(
        {
            f"{unit(m)}: in no layer (add it to LAYERS in tests/test_import_graph.py)"
            for m in modules
            if unit(m) not in LAYER and m != "toolkit"
        }
    )


def upward(edges: list[Edge]) -> list[str]:
    """Imports of a later stage by an earlier one."""
    return [
        f"{e.where}: {e.source} ({LAYER_NAMES[LAYER[unit(e.source)]]}) imports {e.target} "
        f"({LAYER_NAMES[LAYER[unit(e.target)]]}, a later stage)"
        for e in edges
        if unit(e.source) in LAYER and unit(e.target) in LAYER and LAYER[unit(e.target)] > LAYER[unit(e.source)]
    ]


def cycles(edges: list[Edge]) -> list[str]:
    """Circles in the graph of packages (``toolkit.render`` → ``toolkit.review`` → ``toolkit.render``), one each."""
    graph: dict[str, set[str]] = {}
    for e in edges:
        if unit(e.source) != unit(e.target):
            graph.setdefault(unit(e.source), set()).add(unit(e.target))
    circles = []
    for group in _strongly_connected(graph):
        if len(group) > 1:
            circles.append(" → ".join(_shortest_circle(graph, min(group), group)))
    return sorted(circles)


def _strongly_connected(graph: dict[str, set[str]]) -> list[set[str]]:
    """Tarjan's algorithm: the groups of packages that all reach each other."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                group.add(member)
                if member == node:
                    break
            groups.append(group)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def _shortest_circle(graph: dict[str, set[str]], start: str, group: set[str]) -> list[str]:
    """The shortest way from ``start`` back to itself inside ``group``, ``start`` at both ends."""
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for nxt in sorted(graph.get(node, set()) & group):
            if nxt == start:
                return [*paths[node], start]
            if nxt not in paths:
                paths[nxt] = [*paths[node], nxt]
                queue.append(nxt)
    return [start]


def undeclared_late_imports(edges: list[Edge], seams: dict[tuple[str, str], str]) -> list[str]:
    """Imports inside a function or by name that no seam declares."""
    return [
        f"{e.where}: {e.source} imports {e.target} {'inside a function' if e.how == 'function' else 'by name'}, "
        "which hides it from a reader (import it at the top, or declare it in SEAMS with the reason)"
        for e in edges
        if e.how in ("function", "by name") and (e.source, e.target) not in seams and (e.source, "*") not in seams
    ]


def stale_seams(edges: list[Edge], seams: dict[tuple[str, str], str]) -> list[str]:
    late = {(e.source, e.target) for e in edges if e.how in ("function", "by name")}
    return [
        f"{source} → {target}: declared in SEAMS but no longer imported late (remove it)"
        for source, target in seams
        if not any(s == source and (target in ("*", t)) for s, t in late)
    ]


# --- the toolkit as it is -------------------------------------------------------------------------


def test_every_module_is_in_a_layer() -> None:
    assert without_layer(list(MODULES)) == []


def test_no_package_imports_a_later_stage() -> None:
    assert upward(all_edges()) == []


def test_the_packages_import_each_other_in_no_circle() -> None:
    assert cycles(all_edges()) == []


def test_every_import_inside_a_function_or_by_name_is_a_declared_seam() -> None:
    edges = all_edges()
    assert undeclared_late_imports(edges, SEAMS) == []
    assert stale_seams(edges, SEAMS) == []


def test_the_graph_sees_every_kind_of_import() -> None:
    edges = {(e.source, e.target, e.how) for e in all_edges()}
    assert ("toolkit.readers.markdown", "toolkit.model", "top") in edges
    assert ("toolkit.console", "toolkit.build", "type-checking") in edges
    assert ("toolkit.cli", "toolkit.check", "by name") in edges  # _library("toolkit.check")
    assert ("toolkit.render.workers", "toolkit.render.layout", "by name") in edges  # importlib
    # imports inside a function: none left in toolkit/; a made-up file proves they are found (below)


def model_circles(edges: list[Edge]) -> list[str]:
    """Circles among the modules of the model (``element`` → ``structure`` → ``elements`` → ``element``),
    imports for type hints included."""
    graph: dict[str, set[str]] = {}
    for e in edges:
        if e.source.startswith("toolkit.model") and e.target.startswith("toolkit.model"):
            graph.setdefault(e.source, set()).add(e.target)
    return sorted(
        " → ".join(_shortest_circle(graph, min(group), group)) for group in _strongly_connected(graph) if len(group) > 1
    )


def test_the_model_s_modules_import_each_other_in_no_circle() -> None:
    model = [e for e in all_edges() if e.source.startswith("toolkit.model")]
    assert model_circles(model) == []
    assert not [e.where for e in model if e.how == "type-checking"]  # the model needs no import for types only
    made_up = [
        Edge("toolkit.model.element", "toolkit.model.structure", "top", "toolkit/model/element.py:20"),
        Edge("toolkit.model.structure", "toolkit.model.element", "type-checking", "toolkit/model/structure.py:9"),
    ]
    assert model_circles(made_up) == ["toolkit.model.element → toolkit.model.structure → toolkit.model.element"]


# --- made-up imports are told -----------------------------------------------------------------------


def test_an_upward_import_a_circle_and_a_hidden_import_are_told() -> None:
    made_up = [
        Edge("toolkit.validation.cases", "toolkit.render.text", "top", "toolkit/validation/cases.py:10"),
        Edge("toolkit.render.redline", "toolkit.review.diff", "top", "toolkit/render/redline.py:16"),
        Edge("toolkit.review.compare", "toolkit.render.redline", "function", "toolkit/review/compare.py:40"),
    ]
    assert upward(made_up) == [
        "toolkit/validation/cases.py:10: toolkit.validation.cases (validation) imports toolkit.render.text "
        "(render, a later stage)",
        "toolkit/render/redline.py:16: toolkit.render.redline (render) imports toolkit.review.diff "
        "(build, a later stage)",
    ]
    assert cycles(made_up) == ["toolkit.render → toolkit.review → toolkit.render"]
    assert undeclared_late_imports(made_up, SEAMS) == [
        "toolkit/review/compare.py:40: toolkit.review.compare imports toolkit.render.redline inside a function, "
        "which hides it from a reader (import it at the top, or declare it in SEAMS with the reason)"
    ]
    assert stale_seams(made_up, {("toolkit.x", "toolkit.y"): "gone"}) == [
        "toolkit.x → toolkit.y: declared in SEAMS but no longer imported late (remove it)"
    ]
    assert without_layer(["toolkit.web.edition"]) == [
        "toolkit.web: in no layer (add it to LAYERS in tests/test_import_graph.py)"
    ]


def test_a_function_level_import_in_a_file_is_found(tmp_path: Path) -> None:
    source = tmp_path / "late.py"
    source.write_text("def rule():\n    from toolkit.render.html import runs\n    return runs\n", encoding="utf-8")
    edges = edges_of("toolkit.validation.late", source)
    assert edges == [Edge("toolkit.validation.late", "toolkit.render.html", "function", f"{source}:2")]
    assert upward(edges) == [
        f"{source}:2: toolkit.validation.late (validation) imports toolkit.render.html (render, a later stage)"
    ]
    assert len(undeclared_late_imports(edges, SEAMS)) == 1
