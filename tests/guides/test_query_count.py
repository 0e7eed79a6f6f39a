"""A guide page costs the same SQL queries for 10 steps as for 60 (pictures included), at most 8."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from helpcenter.page_cache import store
from tests import factories

KINDS = [
    ("heading", {"text": "Section"}),
    ("enter", {"text": "Enter the server.", "target": "Server", "value": "imap.host"}),
    ("choose", {"text": "Choose {smtp.security}.", "target": "Encryption", "value": "smtp.security"}),
    ("note", {"text": "Port {imap.port} and {username}."}),
    ("picture", {"image_alt": "The dialog"}),
]


def make_guide(slug, count, image):
    steps = []
    for i in range(count):
        kind, fields = KINDS[i % len(KINDS)]
        steps.append(factories.step(kind, image=image if kind == "picture" else None, **fields))
    return factories.guide(slug, steps=steps)


def queries_for(client, url):
    client.get(url)  # the first request makes picture renditions
    store.bump_generation()  # as after a publish: nothing of the site is remembered
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)  # rendered: the page cache is off (the fixture)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


@pytest.fixture(autouse=True)
def every_request_rendered(settings):
    """The site's per-generation shortcuts work with the page cache switched off (helpcenter/sites.py)."""
    settings.PAGE_CACHE_ENABLED = False


def test_guide_query_count_does_not_grow_with_steps(client, db):
    image = Image.objects.create(title="dialog", file=get_test_image_file())
    small = make_guide("ten-steps", 10, image)
    large = make_guide("sixty-steps", 60, image)
    small_count, small_response = queries_for(client, f"/en/{small.slug}/")
    large_count, large_response = queries_for(client, f"/en/{large.slug}/")
    assert small_response.content.count(b"<img") == 2
    assert large_response.content.count(b"<img") == 12
    assert large_response.content.count(b'data-ref="imap.host"') >= 12
    assert small_count == large_count, (small_count, large_count)
    assert large_count <= 8


def test_a_render_in_the_same_content_generation_reuses_the_site_the_record_and_the_page_list(client, db):
    """Routing reads the site, its help index, the record and the live pages once per content generation
    (helpcenter/sites.py); a guide rendered after that needs its own page and steps only."""
    small = make_guide("ten-steps", 10, None)
    url = f"/en/{small.slug}/"
    cold, _response = queries_for(client, url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    assert len(ctx.captured_queries) <= cold - 4


def test_a_publish_indexes_the_pages_references_once_with_its_steps(db, monkeypatch):
    """Wagtail indexed a page's references again after each of its steps' saves (quadratic in the steps);
    GuidesConfig.ready disconnects that receiver for the step models and indexes once the page and its steps
    are saved. What it records is unchanged: a step's picture is "used by" the page."""
    from wagtail.models import ReferenceIndex

    from guides.models import GuidePage

    image = Image.objects.create(title="dialog", file=get_test_image_file())
    guide = GuidePage.objects.get(pk=make_guide("forty-steps", 40, None).pk)
    indexed = []
    original = ReferenceIndex.create_or_update_for_object.__func__

    def counted(cls, obj):
        indexed.append(type(obj))
        return original(cls, obj)

    monkeypatch.setattr(ReferenceIndex, "create_or_update_for_object", classmethod(counted))
    steps = list(guide.steps.all())
    picture = next(step for step in steps if step.kind == "picture")
    picture.image = image
    guide.steps = steps
    guide.save_revision().publish()

    assert 1 <= len(indexed) <= 2 and set(indexed) == {GuidePage}, indexed  # the revision's save, the publish
    assert str(guide.pk) in {ref.object_id for ref in ReferenceIndex.get_references_to(image)}
