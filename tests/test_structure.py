"""The seams of the code, read from its imports (STYLE.md "Seams").

Every module under labourplan/ is parsed (not imported) and its imports, at the top or inside a
function, are resolved to the app they reach: the first package below `labourplan` (plans,
reports, lib, …). The modules directly in labourplan/ (settings, urls, the project's views) put
the apps together; they count as one more part, "(project)".

- No module imports an underscored name from another app.
- No two apps import each other, nor close a longer cycle.
- `lib` imports no app.
- No module outside migrations is over 600 lines.

The checkers are tried on a small package made for each rule, so that each can be seen failing.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import labourplan

PROJECT = "(project)"
LIB = "lib"
MAX_LINES = 600


@dataclass(frozen=True)
class Import:
    module: str  # the importing module
    app: str  # its app
    target: str  # the module imported (for `from m import name`: m)
    target_app: str
    names: tuple[str, ...]  # the names taken (`from m import a, b`), else ()
    line: int


def _module_name(root: Path, path: Path) -> str:
    parts = (root.name, *path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def source_files(root: Path):
    for path in sorted(root.rglob("*.py")):
        if "migrations" not in path.relative_to(root).parts:
            yield path


def imports(root: Path) -> list[Import]:
    """Every import of a module of the package at `root` that reaches into that same package."""
    package = root.name
    apps = {p.name for p in root.iterdir() if (p / "__init__.py").exists()}

    def app_of(module: str) -> str:
        parts = module.split(".")
        return parts[1] if len(parts) > 1 and parts[1] in apps else PROJECT

    found = []
    for path in source_files(root):
        module = _module_name(root, path)
        parts = module.split(".")
        targets = []
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                target = node.module or ""
                if node.level:  # relative: from the module's own package, `level - 1` steps up
                    base = parts[: len(parts) - node.level + (path.name == "__init__.py")]
                    target = ".".join([*base, target] if target else base)
                targets.append((target, tuple(alias.name for alias in node.names), node.lineno))
            elif isinstance(node, ast.Import):
                targets += [(alias.name, (), node.lineno) for alias in node.names]
        found += [
            Import(module, app_of(module), target, app_of(target), names, line)
            for target, names, line in targets
            if target == package or target.startswith(package + ".")
        ]
    return found


def private_imports(found: list[Import]) -> list[str]:
    """`from other_app.m import _name`, or `other_app.m._name` taken as a module."""
    wrong = []
    for imp in found:
        if imp.target_app == imp.app:
            continue
        hidden = [n for n in imp.names if n.startswith("_")]
        hidden += [p for p in imp.target.split(".") if p.startswith("_")]
        if hidden:
            wrong.append(f"{imp.module}:{imp.line} takes {', '.join(hidden)} from {imp.target}")
    return wrong


def private_attributes(root: Path) -> list[str]:
    """`other_app_module._name`: an underscored name reached through a module of another app."""
    package = root.name
    wrong = []
    for path in source_files(root):
        app = path.relative_to(root).parts[0] if len(path.relative_to(root).parts) > 1 else PROJECT
        tree = ast.parse(path.read_text(encoding="utf-8"))
        bound = {}  # a name in this module → the app of the module it stands for
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and not node.level and (node.module or "").startswith(package + "."):
                for alias in node.names:
                    bound[alias.asname or alias.name] = node.module.split(".")[1]
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.startswith(package + ".") and alias.asname:
                        bound[alias.asname] = alias.name.split(".")[1]
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and bound.get(node.value.id, app) != app
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
            ):
                wrong.append(f"{path.relative_to(root.parent)}:{node.lineno} reaches {node.value.id}.{node.attr}")
    return wrong


def app_graph(found: list[Import]) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for imp in found:
        if imp.target_app != imp.app:
            graph.setdefault(imp.app, set()).add(imp.target_app)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of apps that reach each other through their imports (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups = []

    def visit(app: str) -> None:
        index[app] = low[app] = len(index)
        stack.append(app)
        for other in sorted(graph.get(app, ())):
            if other not in index:
                visit(other)
                low[app] = min(low[app], low[other])
            elif other in stack:
                low[app] = min(low[app], index[other])
        if low[app] == index[app]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == app:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for app in sorted(graph):
        if app not in index:
            visit(app)
    return sorted(groups)


def mutual_pairs(graph: dict[str, set[str]]) -> list[tuple[str, str]]:
    return sorted((a, b) for a, targets in graph.items() for b in targets if a < b and a in graph.get(b, ()))


def lib_reaching_apps(found: list[Import]) -> list[str]:
    return [
        f"{imp.module}:{imp.line} imports {imp.target}" for imp in found if imp.app == LIB and imp.target_app != LIB
    ]


def long_modules(root: Path, limit: int = MAX_LINES) -> list[str]:
    sizes = ((path, len(path.read_text(encoding="utf-8").splitlines())) for path in source_files(root))
    return [f"{path.relative_to(root.parent)}: {lines} lines" for path, lines in sizes if lines > limit]


# The code itself ---------------------------------------------------------------------------------

ROOT = Path(labourplan.__file__).parent


def test_no_module_imports_a_private_name_of_another_app():
    assert private_imports(imports(ROOT)) == []
    assert private_attributes(ROOT) == []


def test_no_two_apps_import_each_other_nor_close_a_longer_cycle():
    graph = app_graph(imports(ROOT))
    assert mutual_pairs(graph) == []
    assert cycles(graph) == []


def test_lib_imports_no_app():
    assert lib_reaching_apps(imports(ROOT)) == []


def test_no_module_outside_migrations_is_over_600_lines():
    assert long_modules(ROOT) == []


# The checkers, on a package made to break each rule ----------------------------------------------


def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "site"
    for name, text in {"__init__.py": "", **files}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        for parent in path.relative_to(root).parents:
            (root / parent / "__init__.py").touch()
        path.write_text(text, encoding="utf-8")
    return root


def test_the_checkers_find_each_broken_rule(tmp_path):
    root = _package(
        tmp_path,
        {
            "lib/tools.py": "def helper(): pass\n",
            "lib/bad.py": "def later():\n    from site.catalog.models import Item\n",
            "catalog/models.py": "Item = 1\n",
            "shop/models.py": "from site.lib.tools import helper\nfrom site.stock import _levels\n",
            "shop/views.py": "from . import models\nfrom .models import helper\n",
            "stock/__init__.py": "_levels = 1\n",
            "stock/sync.py": "import site.shop.models\nfrom site.shop import views as shop_views\nshop_views._cache\n",
            "billing/a.py": "from site.shop.views import models\nfrom ..post import send\n",
            "post/__init__.py": "from site.billing.a import models\nsend = print\n",
            "shop/migrations/0001_initial.py": "from site.stock.sync import _private\n" + "x = 1\n" * 700,
            "shop/long.py": "x = 1\n" * (MAX_LINES + 1),
            "settings.py": "from site.shop import views\n",
        },
    )
    found = imports(root)
    graph = app_graph(found)

    assert private_imports(found) == ["site.shop.models:2 takes _levels from site.stock"]
    assert private_attributes(root) == ["site/stock/sync.py:3 reaches shop_views._cache"]
    assert mutual_pairs(graph) == [("billing", "post"), ("shop", "stock")]
    assert cycles(graph) == [["billing", "post"], ["shop", "stock"]]
    assert lib_reaching_apps(found) == ["site.lib.bad:2 imports site.catalog.models"]
    assert long_modules(root) == [f"site/shop/long.py: {MAX_LINES + 1} lines"]
    assert graph[PROJECT] == {"shop"}  # settings may put the apps together
    assert "shop" not in graph.get("shop", ())  # an app's own modules do not count


def test_a_cycle_through_three_apps_is_found(tmp_path):
    root = _package(
        tmp_path,
        {
            "a/m.py": "from site.b.m import x\n",
            "b/m.py": "from site.c.m import x\nx = 1\n",
            "c/m.py": "def f():\n    from site.a import m\nx = 1\n",
        },
    )
    graph = app_graph(imports(root))

    assert mutual_pairs(graph) == []
    assert cycles(graph) == [["a", "b", "c"]]
