"""Bad settings and bad text: the rules tested where they live (the record's and a step's validation, the
text rules), and through the admin's forms, where errors are shown and nothing is saved."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from wagtail.models import Revision

from guides.models import ArticleBlock, GuidePage, GuideStep, ServerSettings
from guides.values import text_problems
from tests import factories
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


@pytest.fixture
def small_guide(db):
    """A two-step guide: the rules are the same for every page, and its editor answers in a fraction of
    the time the shipped guides' do (their size is tested in test_editor_forms.py)."""
    return factories.guide(
        "validation-guide",
        steps=[
            factories.step("enter", value="imap.port", target="Ports", target_en="Port", text="Ievadiet {imap.port}."),
            factories.step("choose", value="imap.security", target="Šifrēšana", text="Izvēlieties {imap.security}."),
        ],
    )


# --- the text rules (guides/values/text_rules.py), each language a text like any other ---------------


@pytest.mark.parametrize(
    "text, field, message",
    [
        ("Check that the port is 993.", "text", "“993” is a value of the server settings"),
        ("Укажите сервер MAIL.INBOX.LT.", "text", "“mail.inbox.lt” is a value of the server settings"),
        ("Prievadas {imap.prot}.", "text", "Unknown token “{imap.prot}”"),
        ("Ports 110 ir slēgts.", "text", "{closed_ports}"),
        ("Choose TLS (Outlook's name).", "text", "“TLS” names an encryption setting of the server settings"),
        ("Выберите SSL/TLS.", "text", "“SSL/TLS” names an encryption setting"),
        ("Pasirinkite STARTTLS.", "text", "“STARTTLS” names an encryption setting"),
        ("Uses port 587 for sending.", "summary", "“587” is a value of the server settings"),
        ("Не более 15 писем в час.", "text", "{rules.per_hour}"),
    ],
)
def test_the_text_rules_refuse_literals_unknown_tokens_and_bare_encryption_names(record, text, field, message):
    with translation.override("en"):
        problems = " ".join(text_problems(text, record, field=field))
    assert message in problems, problems


@pytest.mark.parametrize(
    "text, field",
    [
        ("Choose {imap.security}; older versions show “SSL” here.", "text"),
        ("Выберите {imap.security}; в старых версиях здесь «SSL».", "text"),
        ("Encrypted connection (SSL)", "target"),
        ("Port {imap.port}, not 2993 nor 9930.", "text"),
    ],
)
def test_the_text_rules_allow_tokens_quoted_names_labels_and_other_numbers(record, text, field):
    assert text_problems(text, record, field=field) == []


def test_a_name_the_record_does_not_hold_is_no_setting_of_it(record):
    """With STARTTLS nowhere in the record, "TLS" and "STARTTLS" are not its settings' names."""
    record.smtp_security = "ssl"
    assert text_problems("Not STARTTLS, whatever TLS means elsewhere.", record) == []
    record.smtp_security = "starttls"
    assert text_problems("Not STARTTLS, whatever TLS means elsewhere.", record) != []


@pytest.mark.parametrize(
    "text, message",
    [("Outlook: порт 995", "“995” is a value"), ("Port {imap.port}", "would appear as typed")],
)
def test_titles_take_neither_literals_nor_tokens(record, text, message):
    with translation.override("en"):
        assert message in " ".join(text_problems(text, record, tokens_allowed=False, field="title"))


def test_a_step_without_the_label_it_needs_fails_its_model_validation(small_guide):
    step = small_guide.steps.get(value_ref="imap.port")
    step.target_lv = ""
    with translation.override("en"):
        with pytest.raises(ValidationError) as refused:
            step.full_clean(exclude=["page"])
        assert "needs the label the program shows" in " ".join(refused.value.message_dict["target_lv"])


# --- the page editor applies them to the page's texts and the steps' source-language texts ------------
# (the steps' translations are the translation workspace's: tests/guides/test_translations.py)


@pytest.mark.parametrize(
    "text, message",
    [
        ("Norādiet serveri MAIL.INBOX.LT.", "“mail.inbox.lt” is a value of the server settings"),
        ("Ports {imap.prot}.", "Unknown token “{imap.prot}”"),
        ("Ierakstiet {username} abos laukos.", "is always said in the nominative"),
        ("Pārbaudiet ne biežāk kā reizi {rules.poll_minutes} minūtēs.", "write {rules.poll_interval}"),
    ],
)
def test_bad_step_text_is_refused(editor_client, small_guide, text, message):
    url = f"/admin/pages/{small_guide.pk}/edit/"
    data = form_values(editor_client.get(url).content.decode(), "page-edit-form")
    i = step_index(data, "imap.port")
    data[f"steps-{i}-text_lv"] = text
    data["action-publish"] = "action-publish"
    revisions = Revision.objects.count()
    texts = GuideStep.objects.filter(page=small_guide).values_list("text_lv", "text_en", "text_ru", "text_lt")
    steps_before = list(texts)

    response = editor_client.post(url, data)

    assert response.status_code == 200
    errors = error_texts(response.content.decode())
    assert message in errors, errors
    assert Revision.objects.count() == revisions
    assert list(texts.all()) == steps_before


def test_the_editor_refuses_page_fields_titles_and_missing_labels(editor_client, small_guide):
    url = f"/admin/pages/{small_guide.pk}/edit/"
    data = form_values(editor_client.get(url).content.decode(), "page-edit-form")
    data["summary_en"] = "Uses port 587 for sending."
    data["title_ru"] = "Outlook: порт 995"
    data[f"steps-{step_index(data, 'imap.port')}-target_lv"] = ""
    response = editor_client.post(url, data)
    assert response.status_code == 200
    errors = error_texts(response.content.decode())
    for message in ("“587” is a value of the server settings", "“995” is a value", "needs the label the program"):
        assert message in errors, errors
    stored = GuidePage.objects.get(pk=small_guide.pk)
    assert "587" not in (stored.summary_en or "") and "995" not in (stored.title_ru or "")


def test_good_step_text_with_tokens_quotes_and_labels_is_published(editor_client, small_guide):
    url = f"/admin/pages/{small_guide.pk}/edit/"
    data = form_values(editor_client.get(url).content.decode(), "page-edit-form")
    i = step_index(data, "imap.port")
    data[f"steps-{i}-text_lv"] = "Ports {imap.port} ar {imap.security}; vecākas versijas šeit rāda “SSL”."
    data[f"steps-{i}-target_lv"] = "Šifrēts savienojums (SSL)"
    data["action-publish"] = "action-publish"
    response = editor_client.post(url, data)
    assert response.status_code == 302, error_texts(response.content.decode())
    page = editor_client.get(f"/lv/{small_guide.slug}/").content.decode()
    assert 'Ports <code class="value" data-ref="imap.port">993</code> ar' in page


def new_guide_form(editor_client, index_id, step_text):
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
            "steps-0-text_lv": step_text,
            "steps-0-ORDER": "1",
            "action-publish": "action-publish",
        }
    )
    return url, data


def test_new_guide_with_a_literal_host_is_refused_and_a_clean_one_is_published(editor_client, guide, client):
    index_id = guide.get_parent().id
    url, data = new_guide_form(editor_client, index_id, "Ievadiet mail.inbox.la šeit.")
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "“mail.inbox.la” is a value of the server settings" in error_texts(response.content.decode())
    assert not GuidePage.objects.filter(slug_lv="claws-mail-imap").exists()

    url, data = new_guide_form(editor_client, index_id, "Ievadiet {imap.host} šeit.")
    response = editor_client.post(url, data)
    assert response.status_code == 302, error_texts(response.content.decode())
    page = client.get("/lv/claws-mail-imap/").content.decode()
    assert 'Ievadiet <code class="value" data-ref="imap.host">mail.inbox.lv</code> šeit.' in page


def test_article_blocks_are_validated_like_guide_steps(editor_client, db):
    article = factories.article(
        "validation-article",
        blocks=[factories.step("paragraph", model=ArticleBlock, text="Ne vairāk kā {rules.per_hour}.")],
    )
    url = f"/admin/pages/{article.pk}/edit/"
    data = form_values(editor_client.get(url).content.decode(), "page-edit-form")
    data["steps-0-text_lv"] = "Ne vairāk kā 15 vēstules stundā."
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "{rules.per_hour}" in error_texts(response.content.decode())
    assert "15" not in "".join(t or "" for t in article.steps.values_list("text_lv", flat=True))
