"""The layout docs/architecture.md describes, checked on the source: no import circles, none through
templates either, every edge in the direction of the layers (a model named by string, `apps.get_model("guides",
"ServerSettings")` or "guides.ServerSettings", is an import of its module), no imports inside functions, the
value core on its own, HTML built in Python in one module, no raw record field in a template or a machine format."""

import ast
import re
import sys
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.template import TemplateDoesNotExist
from django.template.backends.django import get_installed_libraries
from django.template.loader import get_template
from django.urls import URLResolver, get_resolver

from guides.models import ServerSettings

ROOT = Path(settings.BASE_DIR)
PACKAGES = ("guides", "search", "feedback", "troubleshooter", "helpcenter")
# Django wants signal receivers connected in AppConfig.ready(), once the models can be imported.
ALLOWED_FUNCTION_IMPORTS = {
    ("guides.apps", ".translations.tracking"),
    ("guides.apps", ".translations"),  # the translation counts' receivers
    ("guides.apps", ".models"),
    ("guides.apps", ".models.pages"),  # the signals around a page's save with its steps
    ("guides.apps", "helpcenter.page_cache.invalidation"),  # which of its models make stored pages stale
    ("guides.apps", "helpcenter.page_cache.tags"),
    ("guides.apps", "."),  # reference_index: imports wagtail.signal_handlers, importable once models are loaded
    ("helpcenter.apps", ".page_cache.invalidation"),
    ("helpcenter.apps", "wagtail.admin.forms.models"),  # admin forms read numbers one way; it loads models
    ("search.apps", ".models"),
    ("search.apps", "helpcenter.page_cache.invalidation"),
    ("search.apps", "django.core.signals"),
    ("search.apps", ".log"),
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


def model_module(app_label: str, model_name: str) -> str | None:
    """The module defining a model of the project named by its app label and name, else None."""
    try:
        model = apps.get_model(app_label, model_name)
    except (LookupError, ValueError):
        return None
    return model.__module__ if model.__module__.split(".")[0] in PACKAGES else None


def string_edges(tree: ast.AST) -> set[str]:
    """The modules of the models a module names by string: `apps.get_model("app", "Model")` (or with
    "app.Model"), and a literal "app.Model" (a ForeignKey's target, a page type list)."""
    named = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", None)) == "get_model":
            words = [arg.value for arg in node.args if isinstance(arg, ast.Constant) and isinstance(arg.value, str)]
            if len(words) == 2:
                named.add(model_module(*words))
            elif len(words) == 1 and words[0].count(".") == 1:
                named.add(model_module(*words[0].split(".")))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if match := MODEL_LABEL.fullmatch(node.value):
                named.add(model_module(*match.groups()))
    return named - {None}


MODEL_LABEL = re.compile(r"([a-z_]+)\.([A-Z]\w*)")


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
        # by string across apps only: inside an app a model names another by string where an import would
        # make a circle (Django resolves them once all are loaded)
        targets |= {n for n in string_edges(tree) if n in modules and n.split(".")[0] != name.split(".")[0]}
        graph[name] = targets
    return graph, nested


def test_a_model_named_by_string_is_an_edge():
    """What invalidation.py did before each app declared its own models (issue 35): an edge up the layers."""
    source = 'apps.get_model("guides", "TranslationState")\nRECORD = "guides.ServerSettings"\nPERM = "guides.x_y"'
    assert string_edges(ast.parse(source)) == {"guides.models.translation_state", "guides.models.server_settings"}
    graph, _nested = imports(project_modules())
    assert "guides.models.troubleshooting" in graph["troubleshooter.models"]  # its ForeignKeys name guides' pages


def test_no_module_imports_inside_a_function():
    _graph, nested = imports(project_modules())
    assert set(nested) <= ALLOWED_FUNCTION_IMPORTS, sorted(set(nested) - ALLOWED_FUNCTION_IMPORTS)


def test_no_import_circles():
    graph = dependency_graph()
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


# --- templates ---------------------------------------------------------------------------------------
#
# A template is a node named by its file (guides/templates/guides/guide_page.html) with edges to what it
# names: `{% include %}`/`{% extends %}` -> that template, `{% load lib %}` -> the library's module,
# `{% url "name" %}` -> the module of the view the name resolves to (helpcenter/urls.py names every public
# URL, so the view says whose URL it is). Python names templates only by string, at run time, so no edge
# leads into a template: a circle through templates is a path that leaves an app and comes back to it.
#
# The rule (LAYERS): helpcenter's site-wide modules < guides < search, feedback, troubleshooter < the project. An edge
# goes to the same app or to a lower layer, and any template may extend the project's frame
# (helpcenter/templates/base.html): a page fills the frame's blocks, and what the frame shows besides
# (the search box, the feedback box, the translation notice) is the project's composition, as urls.py is.

LAYERS = {"helpcenter": 0, "guides": 1, "search": 2, "feedback": 2, "troubleshooter": 2, "project": 3}
PROJECT_MODULES = ("helpcenter.urls", "helpcenter.settings", "helpcenter.wsgi")
# Say why here for each one.
AGAINST_THE_LAYERS: set[tuple[str, str]] = {
    # The answer links under each cause belong inside the cause's <li>, where only the problem page's own
    # loop is (issue 33). The included template names nothing of its app (no {% url %}, no tag library:
    # it writes its two addresses out, checked against helpcenter/urls.py by tests/troubleshooter), so the
    # edge stops there and makes no circle (test_no_circle_through_templates).
    (
        "guides/templates/guides/problem_page.html",
        "troubleshooter/templates/troubleshooter/cause_answers.html",
    ),
}

COMMENT = re.compile(r"{#.*?#}|{%\s*comment\b.*?%}.*?{%\s*endcomment\s*%}", re.DOTALL)
TEMPLATE_TAG = re.compile(r"{%\s*(include|extends|load|url)\s+(.*?)\s*%}", re.DOTALL)
LITERAL = re.compile(r"""(["'])(.+?)\1""")


def component(node: str) -> str:
    """The layer a module or template belongs to: its app, or "project" for the wiring of the apps."""
    if node.startswith("helpcenter/templates/") or node.startswith(PROJECT_MODULES):
        return "project"
    return re.split(r"[./]", node)[0]


def project_templates() -> dict[str, Path]:
    """Template name -> file, for the templates of our apps."""
    found = {}
    for package in PACKAGES:
        folder = ROOT / package / "templates"
        for path in folder.rglob("*.html"):
            found.setdefault(str(path.relative_to(folder)), path)
    return found


def url_views() -> dict[str, str]:
    """URL name (with its namespace) -> the module of its view."""
    names = {}

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace)
            elif pattern.name:
                view = getattr(pattern.callback, "view_class", pattern.callback)
                names.setdefault(namespace + pattern.name, view.__module__)

    walk(get_resolver().url_patterns, "")
    return names


def template_names(path: Path) -> list[tuple[str, str]]:
    """(kind, name) for each literal include, extends, load and url in the template."""
    named = []
    for kind, arguments in TEMPLATE_TAG.findall(COMMENT.sub("", path.read_text())):
        if kind == "load":
            words = arguments.split()
            named += [(kind, lib) for lib in (words[-1:] if "from" in words else words)]
        elif literal := LITERAL.match(arguments):
            named.append((kind, literal.group(2)))
    return named


def template_edges() -> list[tuple[str, str, str]]:
    """(template, target, kind) for what our templates name of ours; what is not ours is left out."""
    templates, modules = project_templates(), project_modules()
    libraries, views = get_installed_libraries(), url_views()
    edges = []
    for path in templates.values():
        source = str(path.relative_to(ROOT))
        for kind, name in template_names(path):
            if kind in ("include", "extends"):
                target = str(templates[name].relative_to(ROOT)) if name in templates else None
            else:
                target = (libraries if kind == "load" else views).get(name)
            if target is not None and (kind in ("include", "extends") or target in modules):
                edges.append((source, target, kind))
    return edges


def dependency_graph(extra_edges=()) -> dict[str, set[str]]:
    graph, _nested = imports(project_modules())
    for source, target, _kind in [*template_edges(), *extra_edges]:
        graph.setdefault(source, set()).add(target)
    return graph


def circles_through_templates(graph) -> list[list[str]]:
    """Paths from a template that leave its app and come back to it. The frame is not followed: a page
    extends it without depending on what the project shows in it."""
    circles = []
    for start in (node for node in graph if node.endswith(".html")):
        home = component(start)
        seen, todo = set(), [([start], False)]
        while todo:
            path, left = todo.pop()
            for target in sorted(graph.get(path[-1], ())):
                where = component(target)
                if where == "project" or (target, left) in seen:
                    continue
                if left and where == home:
                    circles.append(path + [target])
                    continue
                seen.add((target, left))
                todo.append((path + [target], left or where != home))
    return circles


def test_every_template_name_resolves():
    """The graph sees what the templates name: every literal template, library and URL name exists."""
    templates, libraries, views = project_templates(), get_installed_libraries(), url_views()
    unknown = []
    for name, path in templates.items():
        for kind, named in template_names(path):
            if kind == "load":
                found = named in libraries
            elif kind == "url":
                found = named in views
            else:
                try:
                    found = named in templates or bool(get_template(named))
                except TemplateDoesNotExist:
                    found = False
            if not found:
                unknown.append((name, kind, named))
    assert not unknown


def test_the_graph_has_the_template_edges():
    edges = {(source, target) for source, target, _kind in template_edges()}
    assert ("guides/templates/guides/guide_page.html", "helpcenter/templates/base.html") in edges
    assert ("helpcenter/templates/base.html", "helpcenter.templatetags.site") in edges
    assert ("helpcenter/templates/base.html", "feedback.templatetags.feedback") in edges
    assert ("feedback/templates/feedback/form.html", "feedback.views") in edges  # {% url 'feedback' %}
    assert ("search/templates/search/form.html", "search.views") in edges


def test_no_circle_through_templates():
    assert not circles_through_templates(dependency_graph())


def test_a_guide_template_naming_the_feedback_app_would_be_a_circle():
    """What the guide templates did before the feedback app had its tag: feedback imports guides."""
    include = ("guides/templates/guides/guide_page.html", "feedback/templates/feedback/form.html", "include")
    circles = circles_through_templates(dependency_graph([include]))
    assert any(circle[:2] == list(include[:2]) and circle[-1].startswith("guides.") for circle in circles)


def test_every_edge_follows_the_layers():
    """Imports and template edges go within an app or down the layers; any template may extend the frame."""
    graph, _nested = imports(project_modules())
    edges = [(source, target, "import") for source, targets in graph.items() for target in targets]
    against = []
    for source, target, kind in edges + template_edges():
        low, high = component(target), component(source)
        if low == high or LAYERS[low] < LAYERS[high] or (kind == "extends" and low == "project"):
            continue
        if (source, target) not in AGAINST_THE_LAYERS:
            against.append((source, target, kind))
    assert not against


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
