"""The layout holds: each folder imports only what its stage may, and nothing reaches into Dagster's private parts.

Read from the source with `ast`, so an import inside a function counts as much
as one at the top of a module.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import PROJECT_ROOT

PACKAGES = ("extractors", "schemas", "warehouse", "pipelines")

# What each package may not import: other stages of the project, and the libraries of other stages.
FORBIDDEN = {
    "schemas": {"extractors", "warehouse", "pipelines", "dagster", "duckdb", "pdfplumber", "pypdfium2"},
    "extractors": {"warehouse", "pipelines", "dagster", "duckdb", "distributed"},
    "extractors.pdf": {"extractors.records", "extractors.identity_resolution"},
    "warehouse": {"extractors", "pipelines", "dagster", "pdfplumber", "pypdfium2", "distributed"},
    # Reading runs in forked children and on Dask workers: no Dagster, no warehouse there.
    "pipelines.reading": {"dagster", "warehouse", "duckdb", "pipelines.assets", "pipelines.definitions"},
}


def source_files(*folders: str) -> list[Path]:
    return sorted(path for folder in folders for path in (PROJECT_ROOT / folder).rglob("*.py"))


def module_of(path: Path) -> str:
    parts = path.relative_to(PROJECT_ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """Every module a file imports (for `from a import b`, both a and a.b: b may be a module), with its line."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
    return found


def within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def rule_for(module: str) -> set[str]:
    """The forbidden imports of a module: those of its package and of every package around it."""
    return set().union(*(forbidden for package, forbidden in FORBIDDEN.items() if within(module, package)))


def import_violations(folder: str) -> list[str]:
    violations = []
    for path in source_files(folder):
        module = module_of(path)
        forbidden = rule_for(module)
        for line, imported in imported_modules(path):
            if any(within(imported, name) for name in forbidden):
                violations.append(f"{path.relative_to(PROJECT_ROOT)}:{line} imports {imported}")
    return sorted(set(violations))


@pytest.mark.parametrize("folder", PACKAGES)
def test_each_stage_imports_only_what_it_may(folder):
    assert import_violations(folder) == []


def test_the_rules_catch_a_forbidden_import(tmp_path, monkeypatch):
    """The check itself: a warehouse module that reads PDFs is caught."""
    fake_root = tmp_path / "project"
    (fake_root / "warehouse").mkdir(parents=True)
    (fake_root / "warehouse" / "sneaky.py").write_text("def f():\n    from extractors.pdf.pictures import render_pages\n")
    monkeypatch.setattr(f"{__name__}.PROJECT_ROOT", fake_root)
    assert import_violations("warehouse") == [
        "warehouse/sneaky.py:2 imports extractors.pdf.pictures",
        "warehouse/sneaky.py:2 imports extractors.pdf.pictures.render_pages",
    ]


# ---------------------------------------------------------------- Dagster's private API


def private_dagster_uses(paths: list[Path], own_names: set[str]) -> list[str]:
    """Imports of Dagster's underscored modules or names, and calls of underscored methods the project does not define."""
    uses = []
    for path in paths:
        where = path.relative_to(PROJECT_ROOT)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0].startswith("dagster"):
                names = [node.module, *(alias.name for alias in node.names)]
                if any(part.startswith("_") for name in names for part in name.split(".")):
                    uses.append(f"{where}:{node.lineno} from {node.module} import {', '.join(a.name for a in node.names)}")
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.startswith("dagster") and any(p.startswith("_") for p in alias.name.split(".")):
                        uses.append(f"{where}:{node.lineno} import {alias.name}")
            elif (isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__")
                  and node.attr not in own_names):
                uses.append(f"{where}:{node.lineno} .{node.attr}")
    return uses


def project_names() -> set[str]:
    """Every function, method, class and attribute name the project itself defines."""
    names = set()
    for path in source_files(*PACKAGES, "tests", "bench"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(node.name)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                names.add(node.attr)
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                names.add(node.target.id)
    return names


def test_no_private_dagster_api_anywhere():
    assert private_dagster_uses(source_files(*PACKAGES, "tests", "bench"), project_names()) == []


def test_the_private_api_check_catches_an_underscored_import_and_call(tmp_path, monkeypatch):
    fake_root = tmp_path / "project"
    fake_root.mkdir()
    sneaky = fake_root / "sneaky.py"
    sneaky.write_text(
        "from dagster._core.storage.tags import ASSET_PARTITION_RANGE_START_TAG\n"
        "import dagster._utils\n"
        "def store(storage, event):\n    storage._store_asset_event(event)\n"
    )
    monkeypatch.setattr(f"{__name__}.PROJECT_ROOT", fake_root)
    assert private_dagster_uses([sneaky], {"store"}) == [
        "sneaky.py:1 from dagster._core.storage.tags import ASSET_PARTITION_RANGE_START_TAG",
        "sneaky.py:2 import dagster._utils",
        "sneaky.py:4 ._store_asset_event",
    ]


def test_the_tests_never_import_the_benchmarks():
    """bench/ may use the tests' renderers and scorers; tests/ never depends on bench/, so neither imports the other."""
    imports = [(path.name, line, name) for path in source_files("tests") for line, name in imported_modules(path)
               if name == "bench" or name.startswith("bench.")]
    assert imports == []


def asserts_only_in_loops(path: Path) -> list[str]:
    """The tests of a file whose every assert stands inside a loop: they would pass with nothing to loop over."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.FunctionDef) and node.name.startswith("test_")):
            continue
        inside = outside = 0

        def visit(parent: ast.AST, in_loop: bool) -> None:
            nonlocal inside, outside
            for child in ast.iter_child_nodes(parent):
                if isinstance(child, ast.Assert):
                    inside, outside = inside + in_loop, outside + (not in_loop)
                visit(child, in_loop or isinstance(child, (ast.For, ast.While, ast.comprehension)))

        visit(node, False)
        if inside and not outside:
            found.append(f"{path.name}:{node.lineno} {node.name}")
    return found


def test_every_test_that_loops_asserts_the_loop_ran():
    tests = source_files("tests")
    assert len(tests) > 20
    assert [found for path in tests for found in asserts_only_in_loops(path)] == []


def test_the_loop_rule_catches_a_test_that_asserts_only_inside_its_loop(tmp_path):
    sample = tmp_path / "test_sample.py"
    sample.write_text("def test_a():\n    for x in []:\n        assert x\n\n"
                      "def test_b():\n    xs = [1]\n    assert xs\n    for x in xs:\n        assert x\n")
    assert asserts_only_in_loops(sample) == ["test_sample.py:1 test_a"]
