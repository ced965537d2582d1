"""The shape of the code: no import cycles among the modules of outcomes/ and web/, and a
domain that never imports Flask. Read from the source (an AST walk), so imports inside
functions count too."""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from pathlib import Path

from outcomes.config import PROJECT_ROOT

PACKAGES = ("outcomes", "web")


def module_files(root: Path = PROJECT_ROOT) -> dict[str, Path]:
    modules = {}
    for package in PACKAGES:
        for path in (root / package).rglob("*.py"):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = path
    return modules


def imported_modules(source: str, modules: Iterable[str]) -> set[str]:
    """The ``modules`` an import in the source names, anywhere in it: ``import a.b`` names
    ``a.b``; ``from a import b`` names module ``a.b`` where there is one, else ``a``."""
    known = set(modules)
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name in known)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                if submodule in known:
                    found.add(submodule)
                elif node.module in known:
                    found.add(node.module)
    return found


def import_graph(modules: Mapping[str, Path]) -> dict[str, set[str]]:
    """Which of ``modules`` each one imports."""
    return {
        name: imported_modules(path.read_text(encoding="utf-8"), modules) - {name}
        for name, path in modules.items()
    }


def cycles(graph: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """The groups of modules that import one another, directly or not (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1 or node in graph.get(node, ()):
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_cycle_finder_finds_a_cycle_through_a_package_and_its_module() -> None:
    source = {
        "web.area": "from web.area import views\n",
        "web.area.views": "from web.area import bp\nfrom web.other import helper\n",
        "web.other": "def f():\n    import web.third\n",
        "web.third": "from web.other import f\n",
    }
    graph = {name: imported_modules(text, source) for name, text in source.items()}
    assert graph["web.area.views"] == {"web.area", "web.other"}
    assert cycles(graph) == [["web.other", "web.third"], ["web.area", "web.area.views"]]


def test_no_module_imports_one_that_imports_it_back() -> None:
    graph = import_graph(module_files())
    assert len(graph) > 100
    assert cycles(graph) == []


def test_the_domain_never_imports_flask_or_the_web() -> None:
    offenders = {}
    for module, path in module_files().items():
        if not module.startswith("outcomes"):
            continue
        named = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                named.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                named.add(node.module)
        web = {n for n in named if n.split(".")[0] in ("flask", "flask_login", "flask_wtf", "web")}
        if web:
            offenders[module] = web
    assert offenders == {}
