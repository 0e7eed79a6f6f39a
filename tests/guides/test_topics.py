"""Topics: the help index shows topics and the most-used programs, a topic's page lists its guides and
articles a screen at a time, editors make and fill topics, and the shipped files place every page."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from guides.content import page_sources
from guides.models import ArticlePage, GuidePage, HelpIndexPage, TopicPage
from helpcenter.page_cache import store
from tests import factories
from tests.forms import error_texts, form_values
from tests.helpers import LANGUAGES, logged_in, planted_content, user_in

SHIPPED_TOPICS = ["computers", "phones", "access", "rules"]


def soup_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def topic(slug):
    return TopicPage.objects.get(slug=slug)


def test_every_shipped_guide_and_article_is_in_the_topic_its_file_names(db):
    sources = [s for s in page_sources() if s.kind in ("guide", "article")]
    assert sources
    for source in sources:
        page = (GuidePage if source.kind == "guide" else ArticlePage).objects.get(slug=source.slug)
        assert page.topic is not None and page.topic.slug == source.data["topic"], source.slug
    assert [t.slug for t in TopicPage.objects.order_by("path")] == SHIPPED_TOPICS
    featured = {s.slug for s in sources if s.data.get("featured")}
    assert set(GuidePage.objects.filter(featured=True).values_list("slug", flat=True)) == featured


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_help_index_shows_the_topics_and_the_most_used_programs(client, db, lang):
    soup = soup_of(client, f"/{lang}/")
    cards = soup.select("ul.topics > li.topic")
    titles = [card.h3.get_text(strip=True) for card in cards]
    assert titles == [getattr(topic(slug), f"title_{lang}") for slug in SHIPPED_TOPICS]
    computers = cards[0]
    assert computers.select_one("h3 a")["href"] == f"/{lang}/computers/"
    in_computers = GuidePage.objects.filter(topic__slug="computers").count()
    assert in_computers > TopicPage.PREVIEW and len(computers.select(".topic-preview a")) == TopicPage.PREVIEW
    assert computers.select_one(".meta").get_text(strip=True).startswith(f"{in_computers} ")
    featured = GuidePage.objects.filter(featured=True).order_by("path")
    assert [a["href"] for a in soup.select("#guides-heading + ul.tiles a")] == [f"/{lang}/{g.slug}/" for g in featured]
    # Every shipped page has a topic: nothing else is listed, and the page stays a help index, not a catalogue.
    assert soup.select_one("#others-heading") is None
    assert soup.select_one(".settings-table") is not None


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_topic_page_lists_its_guides_and_articles_at_their_own_urls(client, db, lang):
    computers = soup_of(client, f"/{lang}/computers/")
    guides = GuidePage.objects.filter(topic__slug="computers").order_by("path")
    assert [a["href"] for a in computers.select("ul.tiles a")] == [f"/{lang}/{g.slug}/" for g in guides]
    assert computers.h1.get_text(strip=True) == getattr(topic("computers"), f"title_{lang}")
    access = soup_of(client, f"/{lang}/access/")
    articles = ArticlePage.objects.filter(topic__slug="access").order_by("path")
    assert [a["href"] for a in access.select(".article-list a")] == [f"/{lang}/{a.slug}/" for a in articles]
    assert access.select_one(".breadcrumb a")["href"] == f"/{lang}/"
    for page in guides:  # the guides' own URLs did not move into their topic
        assert client.get(f"/{lang}/{page.slug}/").status_code == 200


def test_a_big_topic_is_shown_a_screen_at_a_time(client, db, monkeypatch):
    monkeypatch.setattr(TopicPage, "PAGE_SIZE", 5)
    phones = topic("phones")
    shipped = GuidePage.objects.filter(topic=phones).count()
    for n in range(9 - shipped):  # nine in all: a full screen and a part of one
        factories.guide(f"phone-{n}", program=f"Phone {n}", topic=phones)
    first = soup_of(client, "/en/phones/")
    second = soup_of(client, "/en/phones/2/")
    shown = [a["href"] for a in first.select("ul.tiles a")] + [a["href"] for a in second.select("ul.tiles a")]
    assert len(first.select("ul.tiles a")) == 5 and len(shown) == 9 == len(set(shown))
    assert first.select_one(".pagination a[rel=next]")["href"] == "/en/phones/2/"
    assert second.select_one(".pagination a[rel=prev]")["href"] == "/en/phones/"
    for missing in ("/en/phones/3/", "/en/phones/1/", "/en/phones/02/", "/en/phones/2/x/"):
        assert client.get(missing).status_code == 404, missing


def test_pages_without_a_topic_are_listed_on_the_help_index_up_to_a_bound(client, db, monkeypatch):
    monkeypatch.setattr(HelpIndexPage, "OTHERS_SHOWN", 3)
    factories.guide("loose-one", program="Loose One")
    assert [a["href"] for a in soup_of(client, "/en/").select("#others-heading ~ ul.tiles a")] == ["/en/loose-one/"]
    for n in range(3):
        factories.article(f"loose-article-{n}")
    soup = soup_of(client, "/en/")
    listed = soup.select("#others-heading ~ ul.tiles a, #others-heading ~ .article-list a")
    assert len(listed) == 3
    assert "There are more" in soup.select_one("#others-heading").parent.get_text()


def queries_for(client, url):
    client.get(url)
    store.bump_generation()  # as after a publish: nothing of the site is remembered
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_help_index_and_a_topic_cost_the_same_queries_with_more_guides(client, db, settings):
    settings.PAGE_CACHE_ENABLED = False
    factories.guide("loose", program="Loose")  # a guide and an article without a topic: the help index lists them
    factories.article("loose-article")
    before = queries_for(client, "/lv/"), queries_for(client, "/lv/computers/")
    computers = topic("computers")
    for n in range(40):
        factories.guide(f"more-{n}", program=f"More {n}", topic=computers, featured=n % 2 == 0)
    for n in range(5):
        factories.guide(f"loose-{n}", program=f"Loose {n}")
    after = queries_for(client, "/lv/"), queries_for(client, "/lv/computers/")
    assert before == after
    soup = soup_of(client, "/lv/")
    assert len(soup.select("#guides-heading + ul.tiles a")) == HelpIndexPage.PROGRAMS_SHOWN


def test_the_file_check_refuses_a_topic_no_file_has(tmp_path, monkeypatch, db):
    import io

    from django.core.management import call_command
    from django.core.management.base import CommandError

    planted_content(
        tmp_path,
        monkeypatch,
        "x.toml",
        'slug = "x"\nprogram = "X"\ntopic = "nowhere"\n[title]\nlv = "X"\n'
        '[[steps]]\nkind = "note"\ntext.lv = "Labi."\n',
    )
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 problem"):
        call_command("check_content", "--files", stdout=out)
    assert "x.toml: no topic file has the slug “nowhere”" in out.getvalue()


def test_an_editor_makes_a_topic_and_puts_a_guide_in_it(db, django_user_model, client):
    editor = logged_in(user_in(django_user_model, "Editors", "topic-editor"))
    index = HelpIndexPage.objects.get()
    add_url = f"/admin/pages/add/guides/topicpage/{index.pk}/"
    data = form_values(editor.get(add_url).content.decode(), "page-edit-form")
    data.update(title_lv="Mac datori", slug_lv="mac", intro_lv="Apple Mail uz Mac datoriem.")
    data["action-publish"] = "action-publish"
    response = editor.post(add_url, data)
    assert response.status_code == 302, error_texts(response.content.decode())
    mac = TopicPage.objects.get(slug="mac")
    assert mac.live

    guide = factories.guide("apple-mail", program="Apple Mail")
    edit_url = f"/admin/pages/{guide.pk}/edit/"
    data = form_values(editor.get(edit_url).content.decode(), "page-edit-form")
    data.update(topic=str(mac.pk), featured="on", **{"action-publish": "action-publish"})
    response = editor.post(edit_url, data)
    assert response.status_code == 302, error_texts(response.content.decode())
    assert GuidePage.objects.get(pk=guide.pk).topic_id == mac.pk
    assert [a["href"] for a in soup_of(client, "/lv/mac/").select("ul.tiles a")] == ["/lv/apple-mail/"]
    index_soup = soup_of(client, "/lv/")
    assert "Mac datori" in [card.h3.get_text(strip=True) for card in index_soup.select("li.topic")]
    assert "/lv/apple-mail/" in [a["href"] for a in index_soup.select("#guides-heading + ul.tiles a")]
