"""Imports point one way: command line -> render -> query -> fact base, and nothing imports upward."""
from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "alliance_cli"
# The rank of each layer; a module may import only modules of its own rank or lower.
RANKS = {"leaf": 0, "factbase": 1, "query": 2, "render": 3, "cli": 4, "browse": 4}
LEAVES = {"alliance_cli", "alliance_cli.errors", "alliance_cli.text", "alliance_cli.suggest",
          "alliance_cli.environment", "alliance_cli.files", "alliance_cli.locking"}


def layer(module: str) -> str:
    if module in LEAVES:
        return "leaf"
    if module == "alliance_cli.__main__":
        return "cli"
    return module.split(".")[1]


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> list[tuple[int, str]]:
    """Every alliance_cli module imported anywhere in the file (inside functions too), with its line."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found += [(node.lineno, node.module)]
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names
                      if (PACKAGE.parent / f"{node.module}.{alias.name}".replace(".", "/")).exists()
                      or (PACKAGE.parent / (f"{node.module}.{alias.name}".replace(".", "/") + ".py")).exists()]
    return [(line, name) for line, name in found if name.split(".")[0] == "alliance_cli"]


def test_every_module_belongs_to_a_known_layer():
    unknown = {module_name(p) for p in PACKAGE.rglob("*.py") if layer(module_name(p)) not in RANKS}
    assert unknown == set()


def test_nothing_imports_upward():
    upward = []
    for path in sorted(PACKAGE.rglob("*.py")):
        importer = module_name(path)
        for line, imported in imports_of(path):
            if RANKS[layer(imported)] > RANKS[layer(importer)]:
                upward.append(f"{path.relative_to(ROOT)}:{line}: {layer(importer)} imports {imported}")
    assert upward == []


def test_the_checker_sees_an_upward_import(tmp_path):
    probe = PACKAGE / "factbase" / "store.py"
    assert (3, "alliance_cli.factbase.store") not in imports_of(probe)
    fake = tmp_path / "fake.py"
    fake.write_text("def f():\n    from alliance_cli.render.terminal import console\n", encoding="utf-8")
    assert imports_of(fake) == [(2, "alliance_cli.render.terminal"), (2, "alliance_cli.render.terminal.console")]
    assert RANKS[layer("alliance_cli.render.terminal.console")] > RANKS[layer("alliance_cli.factbase.store")]


def import_graph() -> dict[str, set[str]]:
    """Module -> the alliance_cli modules it imports (packages' faces left out: `import alliance_cli.x` names one)."""
    modules = {module_name(p) for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        importer = module_name(path)
        graph[importer] = {name for _, name in imports_of(path)
                           if name in modules and name != importer and not (PACKAGE.parent / name.replace(".", "/")).is_dir()}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of two or more modules (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(sorted(group))
    return found


def test_no_module_imports_itself_through_others():
    assert cycles(import_graph()) == []


def test_the_cycle_check_finds_a_circle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []
