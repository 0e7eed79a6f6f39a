"""A guide page costs the same SQL queries for 5 steps as for 50 (pictures included)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

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
    client.get(url)  # the first request makes picture renditions and warms caches
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


def test_guide_query_count_does_not_grow_with_steps(client, db):
    image = Image.objects.create(title="dialog", file=get_test_image_file())
    small = make_guide("five-steps", 5, image)
    large = make_guide("fifty-steps", 50, image)
    small_count, small_response = queries_for(client, f"/en/{small.slug}/")
    large_count, large_response = queries_for(client, f"/en/{large.slug}/")
    assert small_response.content.count(b"<img") == 1
    assert large_response.content.count(b"<img") == 10
    assert large_response.content.count(b'data-ref="imap.host"') >= 10
    assert small_count == large_count, (small_count, large_count)
    assert large_count <= 12
