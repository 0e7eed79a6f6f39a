"""A guide's version blocks in the browser, at a phone's width: the version a reader picks is remembered per
program and holds on the next page of that program (the page itself, without the script, shows every
version: tests/guides/test_versions.py)."""

from tests.browser.conftest import axe_violations, run_in_site

GUIDE = "outlook-2016-365-imap"
OTHER = "outlook-versiju-parbaude"
NEWER = "2019-2021-microsoft-365"

# A second Outlook guide with the same version blocks (the shipped guide's steps), for the time of the test.
ADD_OTHER_OUTLOOK_GUIDE = """
from guides.models import GuidePage, GuideStep
source = GuidePage.objects.get(slug=INPUT["source"])
page = GuidePage(program="Microsoft Outlook", program_kind="outlook", protocol="imap")
for lang in ("lv", "en", "ru", "lt"):
    setattr(page, f"slug_{lang}", INPUT["slug"])
    setattr(page, f"title_{lang}", "Outlook: versiju pārbaude")
skip = {"id", "page_id", "sort_order"}
for number, step in enumerate(source.steps.order_by("sort_order")):
    fields = {f.attname: getattr(step, f.attname) for f in GuideStep._meta.concrete_fields if f.attname not in skip}
    page.steps.add(GuideStep(sort_order=number, **fields))
source.get_parent().add_child(instance=page)
page.save_revision().publish()
report(page.pk)
"""
DELETE_PAGE = """
from wagtail.models import Page
Page.objects.get(pk=INPUT["pk"]).delete()
report(True)
"""


def shown(page, version):
    return [block.is_visible() for block in page.locator(f'details.version[data-version="{version}"]').all()]


def test_a_lithuanian_reader_picks_outlook_2016_and_the_next_outlook_page_shows_only_2016(page, site_env):
    page.set_viewport_size({"width": 390, "height": 844})
    pk = run_in_site(site_env, ADD_OTHER_OUTLOOK_GUIDE, source=GUIDE, slug=OTHER)
    try:
        page.goto(f"/lt/{GUIDE}/")
        assert all(shown(page, "2016")) and all(shown(page, NEWER))  # nothing chosen yet: every version
        page.click('nav.versions a[data-version="2016"]')
        assert all(shown(page, "2016")) and not any(shown(page, NEWER))

        page.goto(f"/lt/{OTHER}/")
        assert shown(page, "2016") and all(shown(page, "2016"))
        assert shown(page, NEWER) and not any(shown(page, NEWER))
        assert page.locator('nav.versions a[aria-current="true"]').get_attribute("data-version") == "2016"
        assert not axe_violations(page)

        page.click('nav.versions a[data-version=""]')  # "All versions"
        assert all(shown(page, NEWER))
        assert page.evaluate("localStorage.getItem('helpcenter.version.outlook')") is None
    finally:
        run_in_site(site_env, DELETE_PAGE, pk=pk)
