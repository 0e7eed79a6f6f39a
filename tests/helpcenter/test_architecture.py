"""The layout docs/architecture.md describes, checked on the source: no import circles, no imports
inside functions, the value core on its own, HTML built in Python in one module, no raw record field
in a template or a machine format."""

import ast
import re
import sys
from pathlib import Path

from django.conf import settings

from guides.models import ServerSettings

ROOT = Path(settings.BASE_DIR)
PACKAGES = ("guides", "search", "feedback", "helpcenter")
# Django wants signal receivers connected in AppConfig.ready(), once the models can be imported.
ALLOWED_FUNCTION_IMPORTS = {
    ("guides.apps", ".translations.tracking"),
    ("guides.apps", ".models"),
    ("helpcenter.apps", ".page_cache.invalidation"),
}


def project_modules() -> dict[str, Path]:
    modules = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
            modules[name] = path
    return modules


def absolute(module: str, is_package: bool, node: ast.ImportFrom) -> list[str]:
    if node.level == 0:
        base = node.module or ""
    else:
        parts = module.split(".")
        parts = parts if is_package else parts[:-1]
        parts = parts[: len(parts) - node.level + 1]
        base = ".".join(parts + ([node.module] if node.module else []))
    return [base] + [f"{base}.{alias.name}" for alias in node.names]


def imports(modules) -> tuple[dict[str, set[str]], list[tuple[str, str]]]:
    """Module -> project modules it imports outside functions; and the imports made inside functions."""
    graph, nested = {}, []
    for name, path in modules.items():
        tree = ast.parse(path.read_text())
        is_package = path.name == "__init__.py"
        in_functions = {
            id(node)
            for function in ast.walk(tree)
            if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef))
            for node in ast.walk(function)
        }
        targets = set()
        for node in ast.walk(tree):
            if not isinstance(node, (ast.Import, ast.ImportFrom)):
                continue
            if id(node) in in_functions:
                nested.append((name, "." * getattr(node, "level", 0) + (getattr(node, "module", "") or "")))
                continue
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else absolute(name, is_package, node)
            targets |= {n for n in names if n in modules and n != name}
        graph[name] = targets
    return graph, nested


def test_no_module_imports_inside_a_function():
    _graph, nested = imports(project_modules())
    assert set(nested) <= ALLOWED_FUNCTION_IMPORTS, sorted(set(nested) - ALLOWED_FUNCTION_IMPORTS)


def test_no_import_circles():
    graph, _nested = imports(project_modules())
    # a package's __init__ re-exporting its modules is no circle: its modules depend on siblings, not on it
    circles = []

    def visit(node, path):
        for target in graph.get(node, ()):
            if target in path:
                circles.append(path[path.index(target) :] + [target])
            elif len(path) < 12:
                visit(target, path + [target])

    for module in graph:
        visit(module, [module])
    assert not circles, circles[:5]


def record_fields() -> set[str]:
    return {field.name for field in ServerSettings._meta.get_fields() if field.concrete} | {
        "domain_list",
        "closed_port_list",
        "open_ports",
    }


TEMPLATE_CODE = re.compile(r"{%.*?%}|{{.*?}}", re.DOTALL)
QUOTED = re.compile(r"\"[^\"]*\"|'[^']*'")  # words for readers, not code


def test_templates_and_formats_read_no_record_field():
    """They show what MailValues returns; the record's fields are read in guides/values/ only."""
    raw = re.compile(r"\brecord\b|\bobject\.(%s)\b" % "|".join(sorted(record_fields())))
    offenders = []
    for path in (ROOT / "guides" / "mail" / "formats").glob("*.py"):
        if raw.search(path.read_text()):
            offenders.append(path)
    for package in PACKAGES:
        for path in (ROOT / package).rglob("templates/**/*.html"):
            if any(raw.search(QUOTED.sub("", code)) for code in TEMPLATE_CODE.findall(path.read_text())):
                offenders.append(path)
    assert not offenders


def external_imports(path: Path) -> set[str]:
    """Top-level names of the absolute imports of a module (relative ones stay inside its package)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_the_value_core_imports_only_itself_django_and_the_standard_library():
    graph, _nested = imports(project_modules())
    core = {name for name in graph if name == "guides.values" or name.startswith("guides.values.")}
    assert core, "guides/values/ moved: update this test and docs/architecture.md"
    outside = {(name, target) for name in core for target in graph[name] if target not in core}
    assert not outside, sorted(outside)
    foreign = {
        (name, top)
        for name in core
        for top in external_imports(project_modules()[name])
        if top not in sys.stdlib_module_names | {"__future__", "django"}
    }
    assert not foreign, sorted(foreign)


# Where HTML may be built in Python: the one markup module (for speed) and template tags.
MARKUP_MODULES = {"guides.rendering"}
HTML_IN_PYTHON = re.compile(r"\b(format_html|format_html_join|mark_safe|SafeString|SafeData)\b|(?<![.\w])escape\(")


def test_html_is_built_in_python_only_in_the_markup_module_and_template_tags():
    offenders = [
        name
        for name, path in project_modules().items()
        if name not in MARKUP_MODULES and ".templatetags." not in name and HTML_IN_PYTHON.search(path.read_text())
    ]
    assert not offenders, offenders
