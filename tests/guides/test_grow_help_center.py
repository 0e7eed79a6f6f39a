"""grow_help_center, as an operator runs it before measuring (make scale): it adds generated guides that
readers can find, and refuses a database that may be a live site's."""

import io

import pytest
from django.core.management import CommandError, call_command

from guides.management.commands.grow_help_center import made_up_word
from guides.models import GuidePage, HelpIndexPage
from tests.conftest import LANGUAGES


def grow(**options):
    out = io.StringIO()
    call_command("grow_help_center", stdout=out, **options)
    return out.getvalue()


def test_it_adds_published_guides_in_every_language_until_the_index_holds_the_number(client, db):
    index = HelpIndexPage.objects.get()
    shipped = GuidePage.objects.child_of(index).count()
    out = grow(guides=shipped + 3, steps=4, scratch=True)
    assert "3/3 guides added" in out and f"holds {shipped + 3} guides" in out
    added = GuidePage.objects.child_of(index).live().order_by("-path")[:3]
    assert [guide.steps.count() for guide in added] == [4, 4, 4]
    word = made_up_word(shipped).capitalize()
    newest = GuidePage.objects.get(program=f"{word} Mail")
    for lang in LANGUAGES:
        assert getattr(newest, f"title_{lang}").startswith(f"{word} Mail {shipped}: ")
        response = client.get(f"/{lang}/search/", {"q": word})
        assert response.status_code == 200 and f"to={newest.pk}" in response.content.decode()
    assert "already holds" in grow(guides=shipped + 3, scratch=True)


def test_it_refuses_a_database_that_may_be_a_live_site(db):
    with pytest.raises(CommandError, match="scratch database"):
        grow(guides=50)
    with pytest.raises(CommandError, match="--steps"):
        grow(guides=50, steps=0, scratch=True)
    assert len({made_up_word(n) for n in range(3000)}) == 3000
