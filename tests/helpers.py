import re
from urllib.parse import parse_qs, urlsplit

import lxml.html
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import translation
from wagtail.models import Page
from wagtail.users.models import UserProfile

from tests.forms import form_values

LANGUAGES = ["lv", "en", "ru", "lt"]


def whole_number(n) -> re.Pattern:
    """Matches n as a whole number: 993 does not match 2993 or 9930."""
    return re.compile(rf"(?<!\d){n}(?!\d)")


def visible_text(html: str) -> str:
    """The page's words, without its scripts and styles (lxml: a tenth of BeautifulSoup's time, and the
    tests that read every page in every language call it hundreds of times)."""
    root = lxml.html.document_fromstring(html)
    for element in list(root.iter("script", "style", "template")):
        element.drop_tree()
    return " ".join(root.itertext())


def live_page_urls() -> list[str]:
    """Every live page of the site, in every language."""
    from django.utils import translation

    urls = []
    for page in Page.objects.live().filter(depth__gt=1).specific():
        for lang in LANGUAGES:
            with translation.override(lang):
                urls.append(page.get_url())
    return urls


def publish_settings(client, record, **changes):
    """Change the settings record through its admin edit form and publish it, as an editor would."""
    url = f"/admin/snippets/guides/serversettings/edit/{record.pk}/"
    data = form_values(client.get(url).content.decode())
    data.update({k: str(v) for k, v in changes.items()})
    data["action-publish"] = "action-publish"
    return client.post(url, data)


def planted_content(tmp_path, monkeypatch, name, text):
    """A copy of the shipped settings and index plus one planted guide file, used by the loader and checks."""
    import guides.content as content

    folder = tmp_path / "content"
    (folder / "guides").mkdir(parents=True)
    for shipped in ("settings.toml", "index.toml"):
        (folder / shipped).write_text((content.CONTENT_DIR / shipped).read_text())
    (folder / "guides" / name).write_text(text)
    monkeypatch.setattr(content, "CONTENT_DIR", folder)
    monkeypatch.setattr("guides.management.commands.load_content.CONTENT_DIR", folder)
    return folder


def user_in(django_user_model, group_name, username):
    """A user of one role (group), whose admin speaks English (messages are asserted in English)."""
    user = django_user_model.objects.create_user(username, f"{username}@example.com", "pw-role-1")
    user.groups.add(Group.objects.get(name=group_name))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


def logged_in(user):
    browser = Client()
    browser.force_login(user)
    return browser


def opened_url(href: str) -> str:
    """Where a search result's link (/<lang>/search/open/?q=…&to=<page id>, search/views.py) sends the
    reader: the page's URL in the link's language."""
    parts = urlsplit(href)
    page = Page.objects.get(pk=int(parse_qs(parts.query)["to"][0])).specific
    with translation.override(parts.path.split("/")[1]):
        return page.get_url()
