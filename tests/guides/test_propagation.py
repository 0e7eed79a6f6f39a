"""A change published to the settings record reaches every live page in every language."""

from bs4 import BeautifulSoup

from guides.models import ServerSettings
from tests.helpers import live_page_urls, publish_settings, visible_text, whole_number


def test_published_port_and_host_change_reaches_every_page_in_every_language(editor_client, record, client):
    urls = live_page_urls()
    # index, four topics, settings page, ten guides (the seed's six and today's programs: Outlook 2016–365,
    # Android, Thunderbird for Android, Mac Mail), seven articles (+ Windows Mail stopped), the troubleshooting
    # hub, eleven causes, ten problems
    assert len(urls) == 4 * 45  # four languages each
    before = {url: visible_text(client.get(url).content.decode()) for url in urls}
    showing_port = {url for url, text in before.items() if whole_number(993).search(text)}
    assert len(showing_port) >= 4 * 9, "every guide, the index and the settings page show the IMAP port"

    response = publish_settings(editor_client, record, imap_port=1993, smtp_host="smtp.{domain}")
    assert response.status_code == 302, response.content.decode()[:2000]
    record.refresh_from_db()
    assert (record.imap_port, record.smtp_host) == (1993, "smtp.{domain}")

    smtp_chips = 0
    for url in urls:
        html = client.get(url).content.decode()
        text = visible_text(html)
        assert not whole_number(993).search(text), f"old IMAP port still on {url}"
        if url in showing_port:
            assert whole_number(1993).search(text), url
        soup = BeautifulSoup(html, "html.parser")
        domain = record.default_domain(url.split("/")[1])  # the domain the page's language shows first
        smtp_row = soup.select_one(".settings-table tbody tr:nth-of-type(3)")
        if smtp_row:
            assert f"smtp.{domain}" in smtp_row.get_text() and f"mail.{domain}" not in smtp_row.get_text(), url
        for chip in soup.select('[data-ref="smtp.host"]'):
            assert chip.get_text() == f"smtp.{domain}", url
            smtp_chips += 1
    assert smtp_chips >= 4 * 6, "the guides' SMTP steps"


def test_guide_steps_show_the_new_values(editor_client, record, client, guide):
    publish_settings(editor_client, record, imap_port=2143, imap_security="starttls", smtp_port=2525)
    for lang in ("lv", "en"):
        soup = BeautifulSoup(client.get(f"/{lang}/{guide.slug}/").content, "html.parser")
        assert [c.get_text() for c in soup.select('.steps [data-ref="imap.port"]')] == ["2143"]
        # Outlook's word for STARTTLS (the guide is Outlook 2010's; tests/guides/test_program_words.py)
        assert [c.get_text() for c in soup.select('.steps [data-ref="imap.security"]')] == ["TLS"]
        assert [c.get_text() for c in soup.select('.steps [data-ref="smtp.port"]')] == ["2525", "2525"]


def test_saved_draft_does_not_reach_readers(editor_client, record, client, guide):
    url = f"/admin/snippets/guides/serversettings/edit/{record.pk}/"
    from tests.forms import form_values

    data = form_values(editor_client.get(url).content.decode())
    data["imap_port"] = "1143"
    data["imap_security"] = "starttls"
    assert editor_client.post(url, data).status_code == 302
    assert ServerSettings.objects.get().imap_port == 993
    text = visible_text(client.get(f"/en/{guide.slug}/").content.decode())
    assert whole_number(993).search(text) and not whole_number(1143).search(text)
