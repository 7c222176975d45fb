"""The layers import one way, and no two modules import each other in a loop.

core <- store <- app <- (site, cli): a module may import its own layer and the layers below
it, never one above. Imports are read from the source with `ast`, wherever they are: at the
top, inside a function (the lazy imports that keep `habits log` quick) and under
`TYPE_CHECKING`. A type-only import counts: it still means the module must know the other
(the circle challenges -> scorecard -> followups -> challenges was one of those).
"""

from __future__ import annotations

import ast
import inspect
import sys
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parent.parent

# What each layer of habits may import (itself included): the app only the store and the
# core, and neither of them the app.
LAYERS: dict[str, set[str]] = {
    "habits": {"habits", "habits.core"},  # the package: its version and the public API
    "habits.__main__": {"habits.cli"},  # `python -m habits`
    "habits.core": {"habits.core"},
    "habits.store": {"habits", "habits.core", "habits.store"},
    "habits.app": {"habits", "habits.core", "habits.store", "habits.app"},
    "habits.site": {"habits", "habits.core", "habits.store", "habits.app", "habits.site"},
    "habits.cli": {
        "habits",
        "habits.core",
        "habits.store",
        "habits.app",
        "habits.site",
        "habits.cli",
    },
}

# Circles still there, to be cut: none now. The list may only shrink (the test fails while it
# holds one that is gone), so a new circle is a failure, never an entry here.
STORE_CIRCLES_LEFT: list[set[str]] = []


def modules(package: Path = ROOT / "habits") -> dict[str, Path]:
    """Every module of the package by dotted name (a package by its own name)."""
    found = {}
    for path in sorted(package.rglob("*.py")):
        parts = path.relative_to(package.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def imports(name: str, source: str, is_package: bool = False) -> list[tuple[int, str]]:
    """Every dotted name a module's source imports, anywhere in it, with its line."""
    here = name if is_package else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the package, up level - 1 packages
                parent = here.split(".")[: len(here.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            found.append((node.lineno, base))
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
    return found


def graph() -> dict[str, dict[str, int]]:
    """Each module of habits -> the modules of habits it imports, with the line of each."""
    known = modules()
    edges: dict[str, dict[str, int]] = {}
    for name, path in known.items():
        out: dict[str, int] = {}
        for line, imported in imports(name, path.read_text(), path.name == "__init__.py"):
            while imported and imported not in known:  # `import a.b.name`: the module a.b
                imported = imported.rpartition(".")[0]
            if imported and imported != name:
                out.setdefault(imported, line)
        edges[name] = out
    return edges


def layer(module: str) -> str:
    """The layer a module of habits belongs to: its subpackage, or the package itself."""
    if module in ("habits", "habits.__main__"):
        return module
    return ".".join(module.split(".")[:2])


def circles(edges: dict[str, dict[str, int]]) -> list[set[str]]:
    """The strongly connected groups of two or more modules (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in edges.get(node, {}):
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
            if len(group) > 1:
                found.append(group)

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


# Command modules that go through habits.app only (the aim: every one of them), and
# the modules they render with.
THIN_COMMANDS = [
    "habits.cli.main",
    "habits.cli.entries",
    "habits.cli.progress",
    "habits.cli.network",
    "habits.cli.people",
    "habits.cli.setup",
    "habits.cli.site",
    "habits.cli.team",
    "habits.cli.terminal",
    "habits.cli.terminal_team",
    "habits.cli.terminal_review",
    "habits.cli.as_json",
]
# Command modules still to move into the app; this list only shrinks (emptied once they have).
NOT_THIN_YET: set[str] = set()
LONGEST_COMMAND = 40  # lines of a command's function from `def` on: its docstring (the help) too


def test_thin_commands_reach_the_workspace_only_through_the_app() -> None:
    edges = graph()
    wrong = [
        f"{m} imports {target}"
        for m in THIN_COMMANDS
        for target in edges[m]
        if layer(target) == "habits.store"
    ]
    assert not wrong, wrong


def commands() -> dict[str, click.Command]:
    """Every command and subcommand of `habits`, by its path (`people show`)."""
    from habits.cli.main import COMMANDS, cli

    found: dict[str, click.Command] = {}

    def walk(path: str, command: click.Command) -> None:
        found[path] = command
        if isinstance(command, click.Group):
            for name, sub in command.commands.items():
                walk(f"{path} {name}", sub)

    with click.Context(cli) as ctx:
        for name in COMMANDS:
            command = cli.get_command(ctx, name)
            assert command is not None, name
            walk(name, command)
    return found


def test_every_command_is_short() -> None:
    """Parse, one call, print: a command that grows past this does work the app should."""
    found = commands()
    assert {"log", "people show", "people cadence", "site build"} <= set(found)
    long = []
    for path, command in found.items():
        callback = inspect.unwrap(command.callback) if command.callback else None
        if callback is None or callback.__module__ in NOT_THIN_YET:
            continue
        source = inspect.getsourcelines(callback)[0]
        lines = len(source) - next(n for n, line in enumerate(source) if line.startswith("def "))
        if lines > LONGEST_COMMAND:
            long.append(f"{path} ({callback.__module__}.{callback.__name__}): {lines} lines")
    assert not long, long


def test_every_command_module_reaches_the_workspace_through_the_app() -> None:
    """No module of a command imports the store, unless it is one still to move."""
    edges = graph()
    modules_of = {c.callback.__module__ for c in commands().values() if c.callback}
    wrong = [
        f"{m} imports {target}"
        for m in sorted(modules_of - NOT_THIN_YET)
        for target in edges[m]
        if layer(target) == "habits.store"
    ]
    assert not wrong, wrong
    gone = sorted(NOT_THIN_YET - modules_of)
    assert not gone, f"no command is in {gone} any more: take it out of NOT_THIN_YET"


def test_core_imports_only_the_standard_library() -> None:
    allowed = set(sys.stdlib_module_names) | {"habits"}
    for name, path in modules().items():
        if layer(name) != "habits.core":
            continue
        for line, imported in imports(name, path.read_text(), path.name == "__init__.py"):
            where = f"{path.relative_to(ROOT)}:{line}"
            assert imported.split(".")[0] in allowed, f"{where} imports {imported}"


def test_every_module_is_in_a_layer() -> None:
    unplaced = sorted({layer(m) for m in modules()} - set(LAYERS))
    assert not unplaced, f"add {unplaced} to LAYERS in tests/test_layers.py"


def test_no_module_imports_a_layer_above_its_own() -> None:
    wrong = []
    for module, imported in graph().items():
        allowed = LAYERS.get(layer(module), set())
        for target, line in imported.items():
            if layer(target) not in allowed:
                path = modules()[module].relative_to(ROOT)
                wrong.append(f"{path}:{line} imports {target}, above {layer(module)}")
    assert not wrong, "\n".join(wrong)


def test_the_layers_point_one_way() -> None:
    """No two layers may import each other, so a failure cannot be fixed by widening one."""
    both = {
        tuple(sorted((a, b)))
        for a, allowed in LAYERS.items()
        for b in allowed
        if a != b and a in LAYERS.get(b, set())
    }
    assert not both, both
    assert not {"habits.app", "habits.site", "habits.cli"} & (
        LAYERS["habits.core"] | LAYERS["habits.store"]
    )
    assert LAYERS["habits.app"] == {"habits", "habits.core", "habits.store", "habits.app"}


def test_no_modules_import_each_other_in_a_loop() -> None:
    found = circles(graph())
    new = [sorted(group) for group in found if group not in STORE_CIRCLES_LEFT]
    assert not new, f"modules that import each other in a loop: {new}"
    gone = [sorted(group) for group in STORE_CIRCLES_LEFT if group not in found]
    assert not gone, f"these circles are cut: remove them from STORE_CIRCLES_LEFT: {gone}"


def test_imports_are_read_wherever_a_module_makes_them() -> None:
    source = (
        "from typing import TYPE_CHECKING\n"
        "import habits.core.model\n"
        "from . import sibling\n"
        "from ..core.timeline import Row\n"
        "if TYPE_CHECKING:\n"
        "    from habits.cli.main import cli\n"
        "def later():\n"
        "    from habits.site import html\n"
    )
    found = {name for _, name in imports("habits.store.example", source)}
    assert {
        "habits.core.model",
        "habits.store.sibling",
        "habits.core.timeline",
        "habits.cli.main",
        "habits.site.html",
    } <= found


def test_a_loop_is_found_however_long() -> None:
    edges = {"a": {"b": 1}, "b": {"c": 1}, "c": {"a": 1}, "d": {"a": 1}}
    assert circles(edges) == [{"a", "b", "c"}]
    assert circles({"a": {"b": 1}, "b": {}}) == []
