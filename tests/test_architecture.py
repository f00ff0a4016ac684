"""The doors of the house open one way: STYLE.md's import rules, checked on the code.

Every module of ``pipeline/`` (and ``flows.py``) is parsed with ``ast``; no module is
imported to find its imports. Two relations are read from the source:

* what a module *names*: every import in its own code, including those inside
  functions (a lazy import is still a door);
* what a module *loads*: its module-level imports, and theirs, transitively (what
  ``import pipeline.x`` executes).

Imports under ``if TYPE_CHECKING:`` are annotations only and count for neither.
Stages are matched by module prefix, so that a module split into a package
(``pipeline/extract.py`` into ``pipeline/extract/``) is held to the same rules.
"""

from __future__ import annotations

import ast
import functools
import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PROJECT_ROOT

PIPELINE = PROJECT_ROOT / "pipeline"

EXTRACTION = ("pipeline.extract", "pipeline.ocr", "pipeline.limits")
TAGGING = ("pipeline.tag", "pipeline.entities")
RDF = (
    "pipeline.graph",
    "pipeline.vocab",
    "pipeline.iris",
    "pipeline.quads",
    "rdflib",
    "pyoxigraph",
)
QUERY_SIDE = (
    "pipeline.query",
    "pipeline.query_check",
    "pipeline.compare",
    "pipeline.compare_legacy",
    "pipeline.render",
)
RENDERERS = ("pipeline.render", "pipeline.heatmap", "pipeline.html_report")
NLP_AND_PDF = (
    *EXTRACTION,
    *TAGGING,
    "pipeline.codebook",  # compiles the cue patterns with spaCy
    "pipeline.gazetteer",
    "spacy",
    "Sastrawi",
    "lingua",
    "pdfplumber",
    "pdfminer",
    "pypdfium2",
    "pytesseract",
)
STAGES = (
    "pipeline.source",
    *EXTRACTION,
    "pipeline.plan",
    *TAGGING,
    "pipeline.codebook",
    "pipeline.gazetteer",
    "pipeline.graph",
    "pipeline.query",
    "pipeline.compare",
    "pipeline.evaluate",
    *RENDERERS,
)
ORCHESTRATION = ("flows", "pipeline.cli", "pipeline.orchestrator")
"""The only modules that may import Prefect: stages run and are tested without it."""


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PROJECT_ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@functools.cache
def _sources() -> dict[str, Path]:
    """Every module of the project that the rules speak of, by dotted name."""
    files = [*sorted(PIPELINE.rglob("*.py")), PROJECT_ROOT / "flows.py"]
    return {_module_name(file): file for file in files}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST, *, top_level_only: bool) -> list[ast.Import | ast.ImportFrom]:
    """The import statements of a module, skipping ``if TYPE_CHECKING:`` blocks."""
    found: list[ast.Import | ast.ImportFrom] = []

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                for orelse in child.orelse:
                    visit_statement(orelse)
                continue
            visit_statement(child)

    def visit_statement(node: ast.AST) -> None:
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        elif top_level_only and isinstance(
            node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda
        ):
            return  # runs only when called
        else:
            visit(node)

    visit(tree)
    return found


def _resolve(module: str, node: ast.Import | ast.ImportFrom) -> set[str]:
    """The dotted names an import statement brings in (a package's submodules included)."""
    if isinstance(node, ast.Import):
        return {alias.name for alias in node.names}
    if node.level:
        is_package = _sources()[module].name == "__init__.py"
        package = module.split(".") if is_package else module.split(".")[:-1]
        package = package[: len(package) - (node.level - 1)]
        base = ".".join([*package, *([node.module] if node.module else [])])
    else:
        base = node.module or ""
    names = {base}
    for alias in node.names:
        if f"{base}.{alias.name}" in _sources():
            names.add(f"{base}.{alias.name}")  # ``from pipeline.extract import pdf``
    return names


def _with_parents(name: str) -> set[str]:
    """``a.b.c`` loads ``a``, ``a.b`` and ``a.b.c``."""
    parts = name.split(".")
    return {".".join(parts[: n + 1]) for n in range(len(parts))}


@functools.cache
def names(module: str) -> frozenset[str]:
    """Every module ``module``'s own code imports, at any depth of its code."""
    tree = ast.parse(_sources()[module].read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in _imports(tree, top_level_only=False):
        found |= _resolve(module, node)
    return frozenset(found)


@functools.cache
def _module_level(module: str) -> frozenset[str]:
    tree = ast.parse(_sources()[module].read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in _imports(tree, top_level_only=True):
        for name in _resolve(module, node):
            found |= _with_parents(name)
    return frozenset(found)


@functools.cache
def loads(module: str) -> frozenset[str]:
    """Every module importing ``module`` executes: module-level imports, transitively."""
    seen: set[str] = set()
    todo = [module, *_with_parents(module)]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        if current in _sources():
            todo.extend(_module_level(current))
    seen.discard(module)
    return frozenset(seen)


def _within(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == prefix or name.startswith(prefix + ".") for prefix in prefixes)


def _modules(prefixes: tuple[str, ...]) -> list[str]:
    return [name for name in _sources() if _within(name, prefixes)]


def _breaches(found: frozenset[str], forbidden: tuple[str, ...]) -> list[str]:
    return sorted(name for name in found if _within(name, forbidden))


# --- the checker itself -------------------------------------------------------------


def test_the_checker_sees_the_modules_of_every_stage() -> None:
    modules = set(_sources())
    for stage in ("pipeline.store", "pipeline.plan", "pipeline.graph", "pipeline.tag", "flows"):
        assert stage in modules
    assert _modules(EXTRACTION), "no extraction module found"
    assert _modules(QUERY_SIDE), "no query-side module found"


def test_the_checker_follows_imports_through_modules() -> None:
    # The flow loads the store through its own import, and the store the IRIs through it.
    assert "pipeline.store" in loads("flows")
    assert "pipeline.iris" in loads("flows")
    assert "prefect" in names("flows")


def test_the_checker_tells_lazy_imports_from_module_level_ones() -> None:
    # The CLI imports the flow only inside the ingest command.
    assert "flows" in names("pipeline.cli.ingest")
    assert "pipeline.cli.ingest" in loads("pipeline.cli")
    assert "flows" not in loads("pipeline.cli")


# --- the rules ------------------------------------------------------------------------


def test_the_store_imports_no_stage() -> None:
    found = names("pipeline.store") | loads("pipeline.store")
    assert _breaches(found, STAGES) == []


@pytest.mark.parametrize(
    "module", sorted(m for m in _sources() if not _within(m, ("pipeline.cli",)))
)
def test_no_module_imports_the_cli_or_the_flow(module: str) -> None:
    assert _breaches(names(module), ("pipeline.cli", "flows")) == []


@pytest.mark.parametrize("module", sorted(m for m in _sources() if not _within(m, ORCHESTRATION)))
def test_only_the_orchestration_imports_prefect(module: str) -> None:
    assert _breaches(names(module) | loads(module), ("prefect",)) == []


@pytest.mark.parametrize("module", _modules(QUERY_SIDE))
def test_the_query_side_loads_no_nlp_or_pdf_code(module: str) -> None:
    assert _breaches(names(module) | loads(module), NLP_AND_PDF) == []


@pytest.mark.parametrize("module", _modules(EXTRACTION))
def test_extraction_knows_nothing_of_tags_rdf_or_the_store(module: str) -> None:
    forbidden = (*TAGGING, "pipeline.codebook", "pipeline.store", "spacy", *RDF)
    assert _breaches(names(module) | loads(module), forbidden) == []


@pytest.mark.parametrize("module", _modules(TAGGING))
def test_tagging_and_entities_speak_no_rdf(module: str) -> None:
    # Direct imports only: the tagger loads the codebook, which reads its Turtle with
    # rdflib; what the stage itself must not do is build terms or triples.
    assert _breaches(names(module), (*RDF, "pipeline.store")) == []


@pytest.mark.parametrize("module", _modules(RENDERERS))
def test_renderers_never_open_the_store(module: str) -> None:
    assert _breaches(names(module), ("pipeline.store", "pyoxigraph")) == []


def test_the_query_side_loads_no_nlp_or_pdf_code_when_imported() -> None:
    """The same rule, seen by Python itself: import the query side in a fresh process."""
    modules = _modules(QUERY_SIDE)
    script = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        timeout=120,
        check=True,
    )
    loaded = frozenset(json.loads(done.stdout))
    assert _breaches(loaded, NLP_AND_PDF) == []
