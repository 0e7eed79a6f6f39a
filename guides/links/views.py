"""`/go/<key>` and the old help site's addresses: each a 302 to a page in the reader's language, with no
render (one query: the key's link and its page), so outside the render budget (`answers_without_render`).
The project's urls.py hands these views the search view (`search`), where a key or an old keyword nobody
made leads, so this app names nothing of search."""

from django.http import HttpResponseBadRequest, HttpResponseNotFound
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from helpcenter.page_cache.middleware import answers_without_render

from ..models import KEY_MAX_LENGTH, is_key
from . import old_site
from .keys import destination, help_index_url, reader_language, redirect, search_url, words_of


@answers_without_render
@require_safe
def go(request, key, search):
    key = key.removesuffix("/")
    if not is_key(key):
        message = gettext(
            "This is not a link of the help center: a key is lower-case letters a–z, digits and hyphens, "
            "at most %(length)s characters."
        ) % {"length": KEY_MAX_LENGTH}
        response = HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        response["Cache-Control"] = "no-store"
        return response
    language = reader_language(request, request.GET.get("lang"))
    return redirect(destination(request, key, language, search))


def old_key(request, table: str, name: str | None, search):
    """Where an old address leads: its key's page; for a name the map does not know, search for its words
    (keywords and tags) or the help index (numbers)."""
    language = reader_language(request, request.GET.get("language"))
    key = old_site.key_for(table, name)
    if key is not None:
        return redirect(destination(request, key, language, search))
    unknown = old_site.name_of(name) if table in ("keywords", "tags") else None
    if unknown:
        return redirect(search_url(search, language, words_of(unknown)))
    return redirect(help_index_url(language))


@answers_without_render
def old_root(request, search):
    """`/?keyword=…`; anything else at `/` answers 404, which LocaleMiddleware turns into the root's usual
    redirect to the reader's language, as for any path outside the language prefixes."""
    keyword = request.GET.get("keyword")
    if not keyword or request.method not in ("GET", "HEAD"):
        return HttpResponseNotFound()
    return old_key(request, "keywords", keyword, search)


@answers_without_render
@require_safe
def old_question(request, category, question, search):
    if old_site.key_for("questions", question) is None and old_site.key_for("categories", category):
        return old_key(request, "categories", category, search)  # a question we do not know, of a category we do
    return old_key(request, "questions", question, search)


@answers_without_render
@require_safe
def old_category(request, category, search):
    return old_key(request, "categories", category, search)


@answers_without_render
@require_safe
def old_feedback_questions(request, search):
    return old_key(request, "feedback_categories", request.GET.get("category"), search)


@answers_without_render
@require_safe
def old_tag(request, tag, search):
    return old_key(request, "tags", tag, search)
