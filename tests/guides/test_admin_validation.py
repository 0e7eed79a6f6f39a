"""Bad settings and bad step text submitted through the admin: errors are shown, nothing is saved."""

import pytest
from wagtail.models import Revision

from guides.models import GuidePage, GuideStep, ServerSettings
from tests.forms import error_texts, form_values
from tests.helpers import publish_settings


def settings_snapshot():
    record = ServerSettings.objects.get()
    fields = {f.attname: getattr(record, f.attname) for f in ServerSettings._meta.concrete_fields}
    return fields, Revision.objects.count()


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"imap_port": "70000"}, "imap_port", "65535"),
        ({"smtp_port": "0"}, "smtp_port", "1"),
        ({"imap_host": "mail_server.{domain}"}, "imap_host", "not a valid host name"),
        ({"pop3_host": "-mail.{domain}"}, "pop3_host", "not a valid host name"),
        ({"smtp_host": "mail..{domain}"}, "smtp_host", "not a valid host name"),
        ({"domains": ""}, "domains", ""),
        ({"domains": "inbox.lv\ninbox lt"}, "domains", "not a valid host name"),
        ({"domains": "inbox.lv\ninbox.lv"}, "domains", "only once"),
        ({"closed_ports": "110, abc"}, "closed_ports", "abc"),
        ({"imap_port": "110"}, "imap_port", "closed"),
        ({"imap_security": "starttls"}, "imap_port", "SSL/TLS port"),
        ({"smtp_ssl_port": "587"}, "smtp_port", "differ"),
        ({"pop3_port": "993"}, "pop3_port", "already used"),
        ({"free_messages_per_minute": "50"}, "free_messages_per_minute", "contradiction"),
        ({"access_url": "ftp://{domain}/x"}, "access_url", "https"),
    ],
)
def test_bad_settings_show_errors_and_save_nothing(editor_client, record, changes, field, message):
    before = settings_snapshot()
    response = publish_settings(editor_client, record, **changes)
    assert response.status_code == 200, "an invalid form must not redirect"
    html = response.content.decode()
    errors = error_texts(html)
    assert errors, "no error shown"
    assert message in errors, errors
    assert f'name="{field}"' in html
    assert settings_snapshot() == before


def step_index(data, value_ref):
    """The form index of the first step that references `value_ref`."""
    for key, value in data.items():
        if key.endswith("-value_ref") and value == value_ref:
            return key.split("-")[1]
    raise AssertionError(value_ref)


@pytest.mark.parametrize(
    "field_lang, text, message",
    [
        ("en", "Check that the port is 993.", "“993” is a value of the server settings"),
        ("ru", "Укажите сервер MAIL.INBOX.LT.", "“mail.inbox.lt” is a value of the server settings"),
        ("lt", "Prievadas {imap.prot}.", "Unknown token “{imap.prot}”"),
        ("lv", "Ports 110 ir slēgts.", "{closed_ports}"),
        ("en", "Choose TLS (Outlook's name).", "“TLS” names an encryption setting of the server settings"),
        ("ru", "Выберите SSL/TLS.", "“SSL/TLS” names an encryption setting"),
        ("lt", "Pasirinkite STARTTLS.", "“STARTTLS” names an encryption setting"),
    ],
)
def test_bad_step_text_in_any_language_is_refused(editor_client, guide, field_lang, text, message):
    url = f"/admin/pages/{guide.pk}/edit/"
    data = form_values(editor_client.get(url).content.decode(), "page-edit-form")
    i = step_index(data, "imap.port")
    data[f"steps-{i}-text_{field_lang}"] = text
    data["action-publish"] = "action-publish"
    revisions = Revision.objects.count()
    texts = GuideStep.objects.filter(page=guide).values_list("text_lv", "text_en", "text_ru", "text_lt")
    steps_before = list(texts)

    response = editor_client.post(url, data)

    assert response.status_code == 200
    errors = error_texts(response.content.decode())
    assert message in errors, errors
    assert Revision.objects.count() == revisions
    assert list(texts.all()) == steps_before


def test_literal_in_page_summary_is_refused(editor_client, guide):
    url = f"/admin/pages/{guide.pk}/edit/"
    data = form_values(editor_client.get(url).content.decode(), "page-edit-form")
    data["summary_en"] = "Uses port 587 for sending."
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "“587” is a value of the server settings" in error_texts(response.content.decode())
    assert "587" not in GuidePage.objects.get(pk=guide.pk).summary_en


@pytest.mark.parametrize(
    "field, text, message",
    [("title_ru", "Outlook: порт 995", "“995” is a value"), ("title_en", "Port {imap.port}", "would appear as typed")],
)
def test_titles_take_neither_literals_nor_tokens(editor_client, guide, field, text, message):
    url = f"/admin/pages/{guide.pk}/edit/"
    data = form_values(editor_client.get(url).content.decode(), "page-edit-form")
    data[field] = text
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert message in error_texts(response.content.decode())
    assert getattr(GuidePage.objects.get(pk=guide.pk), field) != text


def test_good_step_text_with_tokens_is_published(editor_client, guide):
    url = f"/admin/pages/{guide.pk}/edit/"
    data = form_values(editor_client.get(url).content.decode(), "page-edit-form")
    i = step_index(data, "imap.port")
    data[f"steps-{i}-text_en"] = "Port {imap.port} with {imap.security}, in Outlook 2010."
    data["action-publish"] = "action-publish"
    response = editor_client.post(url, data)
    assert response.status_code == 302, error_texts(response.content.decode())
    page = editor_client.get(f"/en/{guide.slug}/").content.decode()
    assert 'Port <code class="value" data-ref="imap.port">993</code> with' in page


def test_step_without_the_label_it_needs_is_refused(editor_client, guide):
    url = f"/admin/pages/{guide.pk}/edit/"
    data = form_values(editor_client.get(url).content.decode(), "page-edit-form")
    i = step_index(data, "imap.port")
    data[f"steps-{i}-target_lv"] = ""
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "needs the label the program shows" in error_texts(response.content.decode())


def new_guide_form(editor_client, index_id, step_text_en):
    url = f"/admin/pages/add/guides/guidepage/{index_id}/"
    data = form_values(editor_client.get(url).content.decode(), "page-edit-form")
    data.update(
        {
            "title_lv": "Claws Mail: IMAP",
            "slug_lv": "claws-mail-imap",
            "program": "Claws Mail",
            "steps-TOTAL_FORMS": "1",
            "steps-0-kind": "enter",
            "steps-0-target_lv": "Server",
            "steps-0-value_ref": "imap.host",
            "steps-0-text_lv": "Ievadiet serveri.",
            "steps-0-text_en": step_text_en,
            "steps-0-ORDER": "1",
            "action-publish": "action-publish",
        }
    )
    return url, data


def test_new_guide_with_a_literal_host_is_refused_and_a_clean_one_is_published(editor_client, guide, client):
    index_id = guide.get_parent().id
    url, data = new_guide_form(editor_client, index_id, "Enter mail.inbox.la here.")
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "“mail.inbox.la” is a value of the server settings" in error_texts(response.content.decode())
    assert not GuidePage.objects.filter(slug_lv="claws-mail-imap").exists()

    url, data = new_guide_form(editor_client, index_id, "Enter {imap.host} here.")
    response = editor_client.post(url, data)
    assert response.status_code == 302, error_texts(response.content.decode())
    page = client.get("/en/claws-mail-imap/").content.decode()
    assert 'Enter <code class="value" data-ref="imap.host">mail.inbox.lv</code> here.' in page


def test_article_blocks_are_validated_like_guide_steps(editor_client, db):
    from guides.models import ArticlePage

    article = ArticlePage.objects.get(slug="limits")
    url = f"/admin/pages/{article.pk}/edit/"
    data = form_values(editor_client.get(url).content.decode(), "page-edit-form")
    key = next(k for k, v in data.items() if k.endswith("-text_ru") and v)
    data[key] = "Не более 15 писем в час."
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "{rules.per_hour}" in error_texts(response.content.decode())
    assert "15" not in "".join(article.steps.values_list("text_ru", flat=True))


def test_encryption_names_are_allowed_in_quotes_and_in_labels(editor_client, guide):
    url = f"/admin/pages/{guide.pk}/edit/"
    data = form_values(editor_client.get(url).content.decode(), "page-edit-form")
    i = step_index(data, "imap.security")
    data[f"steps-{i}-text_en"] = "Choose {imap.security}; older versions show “SSL” here."
    data[f"steps-{i}-text_ru"] = "Выберите {imap.security}; в старых версиях здесь «SSL»."
    data[f"steps-{i}-target_en"] = "Encrypted connection (SSL)"
    data["action-publish"] = "action-publish"
    response = editor_client.post(url, data)
    assert response.status_code == 302, error_texts(response.content.decode())


def test_a_name_the_record_does_not_hold_is_no_setting_of_it(editor_client, guide, record):
    """With STARTTLS nowhere in the record, "TLS" and "STARTTLS" are not its settings' names."""
    record.smtp_security = "ssl"
    record.save()
    url = f"/admin/pages/{guide.pk}/edit/"
    data = form_values(editor_client.get(url).content.decode(), "page-edit-form")
    i = step_index(data, "imap.port")
    data[f"steps-{i}-text_en"] = "Not STARTTLS, whatever TLS means elsewhere."
    data["action-publish"] = "action-publish"
    assert editor_client.post(url, data).status_code == 302
